import factory
from django.contrib.auth import get_user_model

from schools.enums import BUREAU_ROLES, Role, SchoolKind
from schools.models import Bureau, Membership, School

DEFAULT_PASSWORD = "Correct-Horse-42"


class BureauFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bureau

    code = factory.Sequence(lambda n: f"B{n:03d}")
    name = factory.Sequence(lambda n: f"第{n}区教育局")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    bureau = factory.SubFactory(BureauFactory)
    code = factory.Sequence(lambda n: f"S{n:04d}")
    name = factory.Sequence(lambda n: f"测试第{n}小学")
    kind = SchoolKind.PRIMARY
    reopened = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def member(role, unit, **user_fields):
    """A user with `role` at `unit` (a Bureau for bureau roles, a School for school roles)."""
    user = UserFactory(**user_fields)
    if role in BUREAU_ROLES:
        Membership.objects.create(user=user, role=role, bureau=unit)
    else:
        Membership.objects.create(user=user, role=role, school=unit)
    return user


__all__ = ["BureauFactory", "Role", "SchoolFactory", "UserFactory", "member"]
