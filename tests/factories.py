import datetime

import factory
from django.contrib.auth import get_user_model

from plans import services as plan_services
from plans.enums import CoverageScope, DeliverableKind
from plans.models import Campaign, Deliverable
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


class CampaignFactory(factory.django.DjangoModelFactory):
    """A Two Sessions campaign starting 2026-05-15; due dates as the plan sets them."""

    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    bureau = factory.SubFactory(BureauFactory)
    name = "2026年全国两会期间校园安全防范工作"
    start_date = datetime.date(2026, 5, 15)
    opening_date = datetime.date(2026, 5, 22)
    closing_date = datetime.date(2026, 5, 28)
    inspection_start = datetime.date(2026, 5, 15)
    inspection_end = datetime.date(2026, 6, 14)
    scope = CoverageScope.ALL
    focus_areas = factory.LazyFunction(lambda: ["fire", "food"])

    @factory.post_generation
    def deliverables(campaign, create, extracted, **kwargs):
        """Work plan and roster due 5月20日 23:59:59, summary due 6月4日 (Beijing time)."""
        if not create:
            return
        dues = plan_services.two_sessions_template(
            start_date=campaign.start_date,
            opening_date=campaign.opening_date,
            closing_date=campaign.closing_date,
        )["dues"]
        for kind, due_at in dues.items():
            Deliverable.objects.create(campaign=campaign, kind=kind, due_at=due_at)

    @factory.post_generation
    def covers(campaign, create, extracted, **kwargs):
        """`covers=[school, …]`; by default every school of the bureau at creation time."""
        if create:
            campaign.schools.set(extracted if extracted is not None else campaign.bureau.schools.all())


def open_submission(campaign, school, kind=DeliverableKind.WORK_PLAN):
    """The school's submission for one deliverable of `campaign`, with empty content."""
    deliverable = campaign.deliverables.get(kind=kind)
    return plan_services.submission_open(deliverable=deliverable, school=school)


__all__ = [
    "BureauFactory",
    "CampaignFactory",
    "Role",
    "SchoolFactory",
    "UserFactory",
    "member",
    "open_submission",
]
