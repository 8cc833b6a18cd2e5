"""Who may reach the accountability URLs, and which records of school A1 they point at."""

from django.core.files.base import ContentFile
from django.utils import timezone

from accountability import services
from accountability.permissions import LEDGER_READERS, NOTICE_PUBLISHERS, NOTICE_WRITERS, RECORDERS
from accountability.services import Attachment
from duty.models import Incident
from schools.enums import Role
from tests.tenancy import Route

ROUTES = {
    "accountability:list": Route(roles=LEDGER_READERS),
    "accountability:export": Route(roles=LEDGER_READERS),
    "accountability:create": Route(roles=RECORDERS),
    "accountability:detail": Route(roles=LEDGER_READERS, target="accountability_entry"),
    # An empty reason is refused back to the entry's page.
    "accountability:withdraw": Route(roles=RECORDERS, target="accountability_entry", method="post", ok=302),
    "accountability:notice_list": Route(),
    "accountability:notice_create": Route(roles=NOTICE_WRITERS),
    "accountability:notice_detail": Route(target="notice"),
    "accountability:notice_edit": Route(roles=NOTICE_WRITERS, target="draft_notice"),
    "accountability:notice_publish": Route(
        roles=NOTICE_PUBLISHERS, target="draft_notice", method="post", ok=302
    ),
    "accountability:notice_attachment": Route(target="notice_attachment"),
}


def targets(world):
    """An entry against A1 resting on A1's unreported incident; a published notice to A1's campaign with
    a PDF attached, and a draft."""
    admin = world.insiders[Role.BUREAU_ADMIN]
    incident = Incident.objects.filter(school=world.school_a1).first()
    entry = services.entry_record(
        school=world.school_a1, by=admin, campaign=world.campaign, kind="interview",
        date=timezone.localdate(), text=f"{world.school_a1.name}未报告事故，约谈校长", incidents=[incident],
    )  # fmt: skip
    pdf = Attachment(name="通报.pdf", file=ContentFile(b"%PDF-1.4 minimal"))
    notice = services.notice_create(
        campaign=world.campaign, by=admin, title=f"{world.school_a1.name}通报", body="通报内容",
        entries=[entry], attachments=[pdf],
    )  # fmt: skip
    services.notice_publish(notice=notice, by=admin)
    draft = services.notice_create(campaign=world.campaign, by=admin, title="草稿", body="草稿内容")
    return {
        "accountability_entry": entry.pk,
        "notice": notice.pk,
        "draft_notice": draft.pk,
        "notice_attachment": notice.attachments.get().pk,
    }
