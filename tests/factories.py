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


def jpeg_upload(name="photo.jpg", color="red"):
    """A real, small JPEG as a browser would upload it."""
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    stream = BytesIO()
    Image.new("RGB", (64, 48), color).save(stream, "JPEG")
    return SimpleUploadedFile(name, stream.getvalue(), content_type="image/jpeg")


def photo(color="red"):
    """A processed photo (`common.images.Photo`) for services that take one."""
    from common.images import process_photo

    return process_photo(jpeg_upload(color=color))


def hazard(school, *, by=None, state="rectifying", severity="general", deadline=None, **details):
    """A hazard in the register, brought to `state` through the services."""
    import datetime as dt

    from django.utils import timezone

    from hazards import services as hazard_services

    base = {"area": "fire", "description": "疏散通道堆放杂物", "location": "教学楼一层东侧",
            "source": "self_report", "found_by": "张安全", "found_at": timezone.now(),
            "severity": severity}  # fmt: skip
    base.update(details)
    plan = {"interim_measures": "设置警示标志", "rectification_plan": "清理杂物，张贴禁止堆放标识",
            "responsible_person": "李副校长", "deadline": deadline or dt.date(2026, 5, 25)}  # fmt: skip
    if state == "reported":
        return hazard_services.hazard_record(school=school, by=by, details=base)
    item = hazard_services.hazard_record(school=school, by=by, details=base, plan=plan)
    if state in ("awaiting", "closed"):
        hazard_services.hazard_submit_rectification(hazard=item, by=by, note="已清理", photos=[photo()])
    if state == "closed":
        hazard_services.hazard_verify(hazard=item, by=by)
    return item


__all__ = [
    "BureauFactory",
    "CampaignFactory",
    "Role",
    "SchoolFactory",
    "UserFactory",
    "member",
    "open_submission",
]
