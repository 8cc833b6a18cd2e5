"""Notices to schools (R9.3): a draft nobody at a school sees, published once to every school of the
campaign, announced to their principals and safety officers; attachments checked by their content."""

import datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext
from PIL import Image

from accountability import services
from accountability.models import Notice, NoticeAttachment
from notifications.models import Notification, Reminder
from plans.services import TransitionError
from schools.enums import Role
from tests.factories import CampaignFactory, jpeg_upload, member

CREATE = reverse("accountability:notice_create")
LIST = reverse("accountability:notice_list")


def _pdf(name="通报.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF", content_type="application/pdf")


def _photo_with_gps():
    image = Image.new("RGB", (64, 48), "blue")
    exif = Image.Exif()
    exif[0x8825] = {2: (39.0, 54.0, 0.0)}  # a GPS position
    stream = BytesIO()
    image.save(stream, "JPEG", exif=exif)
    return SimpleUploadedFile("现场.jpeg", stream.getvalue(), content_type="image/jpeg")


def _draft(campaign, bob, **fields):
    return services.notice_create(
        campaign=campaign,
        by=bob,
        title=fields.pop("title", "关于近期安全检查情况的通报"),
        body="各学校：……",
        **fields,
    )


def test_it_asks_for_the_campaign_first(client, bob, campaign):
    client.force_login(bob)
    response = client.get(CREATE)
    assert list(response.context["choice"].fields["campaign"].queryset) == [campaign]
    assert 'name="title"' not in response.content.decode()


def test_it_saves_a_draft_with_a_pdf_and_a_photo(client, bob, campaign):
    client.force_login(bob)
    response = client.post(
        f"{CREATE}?campaign={campaign.pk}",
        {
            "title": " 暗访情况通报 ",
            "body": "各学校：近期暗访发现……",
            "attachments": [_pdf(), _photo_with_gps()],
        },
    )
    notice = Notice.objects.get()
    assert response.url == reverse("accountability:notice_detail", args=[notice.pk])
    assert (notice.title, notice.state, notice.campaign, notice.created_by) == (
        "暗访情况通报",
        "draft",
        campaign,
        bob,
    )
    pdf, photo = notice.attachments.order_by("pk")
    assert (pdf.name, pdf.is_image) == ("通报.pdf", False)
    assert (photo.name, photo.is_image) == ("现场.jpg", True)  # re-encoded as a JPEG
    assert "exif" not in Image.open(photo.file).info  # the phone's position is gone
    assert photo.thumbnail
    assert notice.events.get().action == "created"


def test_a_file_that_is_neither_a_pdf_nor_a_photo_is_refused_and_the_text_kept(client, bob, campaign):
    client.force_login(bob)
    fake = SimpleUploadedFile("通报.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        f"{CREATE}?campaign={campaign.pk}", {"title": "通报", "body": "正文保留", "attachments": [fake]}
    )
    assert response.status_code == 200
    assert Notice.objects.count() == 0
    error = gettext("Only PDF files or JPEG, PNG or HEIC photos can be attached.")
    assert response.context["form"].errors["attachments"] == [
        gettext("%(name)s: %(problem)s") % {"name": "通报.pdf", "problem": error}
    ]
    page = response.content.decode()
    assert "正文保留" in page
    assert (
        gettext("Browsers do not keep chosen files when a form comes back: choose the attachments again.")
        in page
    )


def test_a_draft_is_seen_by_the_bureau_only(client, alice, viewer, campaign, bob):
    notice = _draft(campaign, bob)
    url = reverse("accountability:notice_detail", args=[notice.pk])
    client.force_login(viewer)
    assert client.get(url).status_code == 200
    client.force_login(alice)
    assert client.get(url).status_code == 404
    assert list(client.get(LIST).context["page"]) == []


def test_publishing_shows_it_to_every_school_of_the_campaign_and_no_other(
    client, bob, alice, charlie, duty, outside, campaign
):  # fmt: skip
    notice = _draft(campaign, bob, title="典型案例通报")
    client.force_login(bob)
    response = client.post(reverse("accountability:notice_publish", args=[notice.pk]))
    assert response.status_code == 302
    notice.refresh_from_db()
    assert (notice.state, notice.published_by) == ("published", bob)
    assert notice.published_at is not None
    url = reverse("accountability:notice_detail", args=[notice.pk])
    for reader in (alice, charlie, duty):
        client.force_login(reader)
        assert client.get(url).status_code == 200
        assert "典型案例通报" in client.get(LIST).content.decode()
    client.force_login(outside)
    assert client.get(url).status_code == 404
    assert "典型案例通报" not in client.get(LIST).content.decode()


def test_publishing_tells_the_principals_and_safety_officers_once(
    bob, alice, principal, charlie, duty, outside, campaign, eager, django_capture_on_commit_callbacks
):  # fmt: skip
    notice = _draft(campaign, bob, title="关于防溺水的通报")
    with django_capture_on_commit_callbacks(execute=True):
        services.notice_publish(notice=notice, by=bob)
    told = set(Reminder.objects.filter(item_key=f"notice:{notice.pk}").values_list("recipient_id", flat=True))
    assert told == {alice.pk, principal.pk, charlie.pk}  # not duty staff, not a school outside the campaign
    notification = Notification.objects.get(recipient=alice)
    assert notification.lines == [
        {"text": gettext("Notice from the bureau: %(title)s") % {"title": "关于防溺水的通报"},
         "url": reverse("accountability:notice_detail", args=[notice.pk])}
    ]  # fmt: skip
    assert not Notification.objects.filter(recipient__in=[duty, outside, bob]).exists()
    with pytest.raises(TransitionError):
        services.notice_publish(notice=notice, by=bob)
    assert Notification.objects.count() == 3


def test_a_notice_is_published_only_once(client, bob, campaign):
    notice = _draft(campaign, bob)
    stale = Notice.objects.get(pk=notice.pk)
    services.notice_publish(notice=notice, by=bob)
    with pytest.raises(TransitionError):
        services.notice_publish(notice=stale, by=bob)
    assert notice.events.filter(action="published").count() == 1
    client.force_login(bob)
    response = client.post(reverse("accountability:notice_publish", args=[notice.pk]))
    assert [str(m) for m in response.wsgi_request._messages] == [
        gettext("This notice has already been published.")
    ]


def test_an_inspector_writes_drafts_but_only_the_admin_publishes(client, inspector, bob, campaign):
    notice = _draft(campaign, bob)
    client.force_login(inspector)
    assert client.get(reverse("accountability:notice_edit", args=[notice.pk])).status_code == 200
    assert client.post(reverse("accountability:notice_publish", args=[notice.pk])).status_code == 403
    notice.refresh_from_db()
    assert notice.state == "draft"


def test_a_draft_is_edited_and_an_attachment_removed(client, bob, campaign):
    from accountability.forms import prepare

    notice = _draft(campaign, bob, attachments=[prepare(_pdf("旧.pdf"))])
    old = notice.attachments.get()
    client.force_login(bob)
    response = client.post(
        reverse("accountability:notice_edit", args=[notice.pk]),
        {"title": "新标题", "body": "新正文", "remove": [old.pk], "attachments": [jpeg_upload("新.jpg")]},
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert (notice.title, notice.body) == ("新标题", "新正文")
    assert [a.name for a in notice.attachments.all()] == ["新.jpg"]
    assert not NoticeAttachment.objects.filter(pk=old.pk).exists()
    assert list(notice.events.values_list("action", flat=True)) == ["created", "edited"]


def test_a_published_notice_is_never_changed(client, bob, campaign):
    notice = _draft(campaign, bob)
    services.notice_publish(notice=notice, by=bob)
    client.force_login(bob)
    response = client.post(
        reverse("accountability:notice_edit", args=[notice.pk]), {"title": "改", "body": "改"}
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.title == "关于近期安全检查情况的通报"
    with pytest.raises(TransitionError):
        services.notice_update(notice=notice, by=bob, title="改", body="改")


def test_the_entries_it_refers_to_are_read_by_every_school_of_the_campaign(
    client, bob, charlie, school, campaign, records
):  # fmt: skip
    entry = services.entry_record(
        school=school, by=bob, campaign=campaign, kind="exposure", date=datetime.date(2026, 5, 21),
        text="校门封闭管理流于形式，予以曝光", inspections=[records.self_check],
    )  # fmt: skip
    notice = _draft(campaign, bob, entries=[entry])
    services.notice_publish(notice=notice, by=bob)
    client.force_login(charlie)
    page = client.get(reverse("accountability:notice_detail", args=[notice.pk])).content.decode()
    assert "校门封闭管理流于形式，予以曝光" in page
    assert reverse("accountability:detail", args=[entry.pk]) not in page  # not charlie's ledger to open


def test_a_notice_refers_only_to_entries_of_its_campaign(bob, school, campaign):
    other = CampaignFactory(bureau=school.bureau, covers=[school])
    entry = services.entry_record(
        school=school, by=bob, campaign=other, kind="notice", date=datetime.date(2026, 5, 21), text="别的行动"
    )
    with pytest.raises(TransitionError):
        _draft(campaign, bob, entries=[entry])


def test_the_attachment_is_served_to_readers_only(client, bob, alice, outside, campaign):
    from accountability.forms import prepare

    notice = _draft(campaign, bob, attachments=[prepare(_pdf()), prepare(jpeg_upload("照片.jpg"))])
    pdf, photo = notice.attachments.order_by("pk")
    pdf_url = reverse("accountability:notice_attachment", args=[pdf.pk])
    client.force_login(alice)
    assert client.get(pdf_url).status_code == 404  # still a draft
    services.notice_publish(notice=notice, by=bob)
    response = client.get(pdf_url)
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    thumb = client.get(reverse("accountability:notice_attachment", args=[photo.pk]) + "?thumb=1")
    assert thumb["Content-Type"] == "image/jpeg"
    assert client.get(pdf_url + "?thumb=1").status_code == 404  # a PDF has no thumbnail
    client.force_login(outside)
    assert client.get(pdf_url).status_code == 404


@pytest.mark.parametrize("n", [3, 60])
def test_the_notice_list_costs_the_same_queries_for_3_or_60_notices(
    client, bob, alice, campaign, django_assert_num_queries, n
):  # fmt: skip
    Notice.objects.bulk_create(
        Notice(campaign=campaign, title=f"通报{i}", body="正文", state="published" if i % 2 else "draft",
               published_at=datetime.datetime(2026, 5, 21, tzinfo=datetime.UTC) if i % 2 else None)
        for i in range(n)
    )  # fmt: skip
    for user in (bob, alice):
        client.force_login(user)
        # session, user, membership, campaigns for the filter, the page's count, its rows,
        # the unread notifications in the navigation bar
        with django_assert_num_queries(7):
            response = client.get(LIST)
        assert len(response.context["page"]) == min(n if user == bob else n // 2, 30)


def test_school_roles_of_a_school_outside_every_campaign_see_no_notices(client, bureau, campaign, bob):
    from tests.factories import SchoolFactory

    notice = _draft(campaign, bob)
    services.notice_publish(notice=notice, by=bob)
    lonely = member(Role.SAFETY_OFFICER, SchoolFactory(bureau=bureau))
    client.force_login(lonely)
    assert list(client.get(LIST).context["page"]) == []
