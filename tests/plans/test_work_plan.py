"""The school's work plan (R2): drafts, the responsibility table, the sign-off and the attachment."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans import content_services, services
from plans.enums import EventAction, SubmissionState
from plans.models import WorkPlan
from tests.plans.conftest import complete_work_plan

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
# The start of a Windows executable: what a renamed .exe looks like to the content check.
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64

PLAN = {
    "meeting_date": "2026-05-16",
    "meeting_chair": "王校长",
    "meeting_attendees": "全体行政人员、班主任",
    "meeting_decisions": "成立两会期间安全工作领导小组",
    "risk_analysis": "食堂、实验室、校门口交通为主要风险点",
    "control_measures": "每日巡查，落实门卫登记",
}


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def form_data(rows=(), *, initial=0, **changes):
    """POST data as the browser sends it: the plan's fields and the formset with its management form."""
    data = {
        **PLAN,
        "responsibilities-TOTAL_FORMS": str(len(rows)),
        "responsibilities-INITIAL_FORMS": str(initial),
        "responsibilities-MIN_NUM_FORMS": "0",
        "responsibilities-MAX_NUM_FORMS": "100",
    }
    for index, row in enumerate(rows):
        data.update({f"responsibilities-{index}-{key}": value for key, value in row.items()})
    data.update(changes)
    return data


def edit_url(submission):
    return reverse("plans:work_plan_edit", args=[submission.pk])


def detail_url(submission):
    return reverse("plans:submission_detail", args=[submission.pk])


def plan_of(submission):
    return WorkPlan.objects.get(submission=submission)


def test_it_saves_a_draft_with_its_responsibility_table_in_order(client, alice, work_plan_submission):
    client.force_login(alice)
    rows = [
        {"post": "校长", "person": "王校长", "duties": "全面负责"},
        {"post": "", "person": "", "duties": ""},  # left blank: ignored
        {"post": "门卫", "person": "刘师傅", "duties": "来访登记"},
    ]

    response = client.post(edit_url(work_plan_submission), form_data(rows))

    assert response.status_code == 302
    assert response.url == detail_url(work_plan_submission)
    plan = plan_of(work_plan_submission)
    assert plan.meeting_date == datetime.date(2026, 5, 16)
    assert plan.meeting_chair == "王校长"
    assert plan.control_measures == "每日巡查，落实门卫登记"
    assert [(r.post, r.person, r.duties) for r in plan.responsibilities.all()] == [
        ("校长", "王校长", "全面负责"),
        ("门卫", "刘师傅", "来访登记"),
    ]
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]


def test_the_form_shows_the_saved_plan_with_three_empty_rows_to_add(client, alice, work_plan_submission):
    complete_work_plan(work_plan_submission, signer=alice)
    client.force_login(alice)

    response = client.get(edit_url(work_plan_submission))

    assert response.status_code == 200
    formset = response.context["formset"]
    assert formset.total_form_count() == 1 + 3
    assert formset.forms[0]["person"].value() == "王校长"
    content = response.content.decode()
    assert 'type="date"' in content
    assert 'value="2026-05-16"' in content
    assert "全面负责" in content
    assert "__prefix__" in content  # the empty row the "add a row" button copies
    assert "js/formset.js" in content


def test_a_deleted_row_leaves_the_table(client, alice, work_plan_submission):
    plan = plan_of(work_plan_submission)
    content_services.work_plan_save(
        work_plan=plan,
        data={field: "" for field in PLAN} | {"meeting_date": None},
        responsibilities=[
            {"post": "校长", "person": "王校长", "duties": "全面负责"},
            {"post": "门卫", "person": "刘师傅", "duties": "来访登记"},
        ],
    )
    client.force_login(alice)
    rows = [
        {"post": "校长", "person": "王校长", "duties": "全面负责", "DELETE": "on"},
        {"post": "门卫", "person": "刘师傅", "duties": "来访登记"},
    ]

    response = client.post(edit_url(work_plan_submission), form_data(rows, initial=2))

    assert response.status_code == 302
    assert list(plan.responsibilities.values_list("person", flat=True)) == ["刘师傅"]


def test_a_half_filled_row_is_refused_and_everything_typed_is_kept(client, alice, work_plan_submission):
    client.force_login(alice)
    rows = [
        {"post": "校长", "person": "王校长", "duties": "全面负责"},
        {"post": "门卫", "person": "", "duties": "来访登记，核对身份"},
    ]

    response = client.post(edit_url(work_plan_submission), form_data(rows, meeting_chair="李副校长"))

    assert response.status_code == 200
    formset = response.context["formset"]
    assert formset.errors[0] == {}
    assert list(formset.errors[1]) == ["person"]
    content = response.content.decode()
    for typed in (
        "李副校长",
        "门卫",
        "来访登记，核对身份",
        "全面负责",
        "食堂、实验室、校门口交通为主要风险点",
    ):
        assert typed in content
    plan = plan_of(work_plan_submission)
    assert plan.meeting_chair == ""
    assert not plan.responsibilities.exists()


def test_a_change_after_the_sign_off_clears_it(client, alice, principal, work_plan_submission):
    complete_work_plan(work_plan_submission, signer=principal)
    client.force_login(alice)
    rows = [{"post": "校长", "person": "王校长", "duties": "全面负责，每日听取汇报"}]

    response = client.post(edit_url(work_plan_submission), form_data(rows, initial=1))

    assert response.status_code == 302
    plan = plan_of(work_plan_submission)
    assert plan.signed_at is None
    assert plan.signed_by is None
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["warning"]


def test_saving_the_plan_unchanged_keeps_the_sign_off(client, alice, principal, work_plan_submission):
    complete_work_plan(work_plan_submission, signer=principal)
    client.force_login(alice)
    rows = [{"post": "校长", "person": "王校长", "duties": "全面负责"}]

    response = client.post(edit_url(work_plan_submission), form_data(rows, initial=1))

    assert response.status_code == 302
    assert plan_of(work_plan_submission).signed_by == principal


def test_only_the_principal_signs_the_plan_off(client, alice, principal, work_plan_submission):
    sign_url = reverse("plans:work_plan_sign", args=[work_plan_submission.pk])

    client.force_login(alice)
    assert client.post(sign_url).status_code == 403
    assert plan_of(work_plan_submission).signed_at is None

    client.force_login(principal)
    response = client.post(sign_url)

    assert response.status_code == 302
    assert response.url == detail_url(work_plan_submission)
    assert plan_of(work_plan_submission).signed_by == principal
    assert work_plan_submission.events.filter(action=EventAction.SIGNED, by=principal).count() == 1


def test_signing_twice_is_refused_with_an_error_message(client, principal, work_plan_submission):
    complete_work_plan(work_plan_submission, signer=principal)
    signed_at = plan_of(work_plan_submission).signed_at
    client.force_login(principal)

    response = client.post(reverse("plans:work_plan_sign", args=[work_plan_submission.pk]))

    assert response.status_code == 302
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]
    assert plan_of(work_plan_submission).signed_at == signed_at


def test_signing_takes_a_post(client, principal, work_plan_submission):
    client.force_login(principal)
    response = client.get(reverse("plans:work_plan_sign", args=[work_plan_submission.pk]))
    assert response.status_code == 405


def test_the_principal_sees_the_sign_off_button_and_the_officer_does_not(
    client, alice, principal, work_plan_submission
):
    sign_url = reverse("plans:work_plan_sign", args=[work_plan_submission.pk])
    client.force_login(principal)
    assert sign_url in client.get(edit_url(work_plan_submission)).content.decode()
    client.force_login(alice)
    assert sign_url not in client.get(edit_url(work_plan_submission)).content.decode()


def test_an_executable_renamed_pdf_is_refused_and_the_form_kept(client, alice, work_plan_submission):
    client.force_login(alice)
    upload = SimpleUploadedFile("安全方案.pdf", EXECUTABLE, content_type="application/pdf")
    rows = [{"post": "校长", "person": "王校长", "duties": "全面负责"}]

    response = client.post(edit_url(work_plan_submission), form_data(rows, attachment=upload))

    assert response.status_code == 200
    assert [error.code for error in response.context["form"].errors.as_data()["attachment"]] == ["bad_type"]
    content = response.content.decode()
    assert "成立两会期间安全工作领导小组" in content
    assert "全面负责" in content
    plan = plan_of(work_plan_submission)
    assert not plan.attachment
    assert plan.meeting_chair == ""


def upload_pdf(client, submission, name="两会安全工作方案.pdf"):
    upload = SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")
    return client.post(edit_url(submission), form_data(attachment=upload))


def test_a_pdf_is_stored_under_a_random_name_and_keeps_its_own_for_download(
    client, settings, alice, bob, work_plan_submission
):
    client.force_login(alice)

    response = upload_pdf(client, work_plan_submission)

    assert response.status_code == 302
    plan = plan_of(work_plan_submission)
    assert re.fullmatch(r"work-plans/[0-9a-f]{32}\.pdf", plan.attachment.name)
    assert plan.attachment_name == "两会安全工作方案.pdf"
    assert (settings.MEDIA_ROOT / plan.attachment.name).read_bytes() == MINIMAL_PDF

    client.force_login(bob)
    download = client.get(reverse("plans:work_plan_attachment", args=[work_plan_submission.pk]))

    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert "filename*=utf-8''%E4%B8%A4%E4%BC%9A" in disposition  # 两会…
    assert b"".join(download.streaming_content) == MINIMAL_PDF


def test_another_school_cannot_download_the_attachment(client, alice, charlie, work_plan_submission):
    client.force_login(alice)
    upload_pdf(client, work_plan_submission)

    client.force_login(charlie)
    response = client.get(reverse("plans:work_plan_attachment", args=[work_plan_submission.pk]))

    assert response.status_code == 404


def test_a_plan_without_attachment_has_nothing_to_download(client, alice, work_plan_submission):
    client.force_login(alice)
    response = client.get(reverse("plans:work_plan_attachment", args=[work_plan_submission.pk]))
    assert response.status_code == 404


def test_the_attachment_can_be_removed(
    client, settings, alice, work_plan_submission, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    upload_pdf(client, work_plan_submission)
    stored = settings.MEDIA_ROOT / plan_of(work_plan_submission).attachment.name

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url(work_plan_submission), form_data(remove_attachment="on"))

    assert response.status_code == 302
    plan = plan_of(work_plan_submission)
    assert not plan.attachment
    assert plan.attachment_name == ""
    assert not stored.exists()


def test_a_submitted_plan_is_shown_read_only_and_cannot_be_changed(
    client, alice, principal, work_plan_submission
):
    complete_work_plan(work_plan_submission, signer=principal)
    services.submission_submit(submission=work_plan_submission, by=principal)
    client.force_login(alice)

    page = client.get(edit_url(work_plan_submission))
    response = client.post(edit_url(work_plan_submission), form_data(meeting_chair="李副校长"))

    assert page.status_code == 200
    assert "form" not in page.context
    assert 'name="meeting_chair"' not in page.content.decode()
    assert "食堂、实验室、校门口交通为主要风险点" in page.content.decode()
    assert response.status_code == 409
    plan = plan_of(work_plan_submission)
    assert plan.meeting_chair == "王校长"
    assert plan.signed_by == principal
    work_plan_submission.refresh_from_db()
    assert work_plan_submission.state == SubmissionState.SUBMITTED


def test_a_returned_plan_can_be_edited_again(client, alice, principal, bob, work_plan_submission):
    complete_work_plan(work_plan_submission, signer=principal)
    services.submission_submit(submission=work_plan_submission, by=principal)
    services.submission_return(submission=work_plan_submission, by=bob, reason="责任表缺少食堂负责人")
    client.force_login(alice)

    page = client.get(edit_url(work_plan_submission))

    assert "责任表缺少食堂负责人" in page.content.decode()
    assert 'name="meeting_chair"' in page.content.decode()


def test_another_school_gets_404(client, charlie, work_plan_submission):
    client.force_login(charlie)
    assert client.get(edit_url(work_plan_submission)).status_code == 404


def test_a_summary_is_not_edited_as_a_work_plan(client, alice, summary_submission):
    client.force_login(alice)
    assert client.get(edit_url(summary_submission)).status_code == 404


def test_a_bureau_user_may_not_edit_the_plan(client, bob, work_plan_submission):
    client.force_login(bob)
    assert client.get(edit_url(work_plan_submission)).status_code == 403


def _save_rows(submission, count):
    rows = [{"post": f"岗位{n}", "person": f"人员{n}", "duties": "职责"} for n in range(count)]
    data = {field: "" for field in PLAN} | {"meeting_date": None}
    content_services.work_plan_save(work_plan=plan_of(submission), data=data, responsibilities=rows)


@pytest.mark.parametrize("rows", [1, 20])
def test_the_form_costs_the_same_queries_however_long_the_table(
    client, alice, principal, work_plan_submission, django_assert_num_queries, rows
):
    _save_rows(work_plan_submission, rows)
    content_services.work_plan_sign(work_plan=plan_of(work_plan_submission), by=principal)
    client.force_login(alice)
    # session, user, membership, submission, work plan (with its signer), rows
    with django_assert_num_queries(7):
        response = client.get(edit_url(work_plan_submission))
    assert response.status_code == 200


def test_the_submission_page_shows_the_plan_with_its_attachment_link(
    client, alice, bob, work_plan_submission
):
    client.force_login(alice)
    rows = [{"post": "门卫", "person": "刘建国", "duties": "来访登记"}]
    upload = SimpleUploadedFile("方案.pdf", MINIMAL_PDF, content_type="application/pdf")
    client.post(edit_url(work_plan_submission), form_data(rows, attachment=upload))

    client.force_login(bob)
    content = client.get(detail_url(work_plan_submission)).content.decode()

    assert "刘建国" in content
    assert "成立两会期间安全工作领导小组" in content
    assert reverse("plans:work_plan_attachment", args=[work_plan_submission.pk]) in content
