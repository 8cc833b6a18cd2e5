"""The printable work plan (R2.4), and the URL fetcher that keeps a PDF from reaching anything but our
static files."""

import logging
import re
import subprocess
from urllib.parse import unquote

import pytest
from django.urls import reverse

from common.pdf import BASE_URL, RefusedURL, StaticFilesURLFetcher, html_to_pdf
from plans import content_services, services
from plans.models import WorkPlan
from tests.plans.conftest import complete_work_plan

INJECTED = '<img src="file:///etc/passwd"><img src="http://127.0.0.1:1/x">'


def pdf_text(pdf, tmp_path):
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()


def pdf_fonts(pdf, tmp_path):
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdffonts", str(path)], capture_output=True, check=True).stdout.decode()


def pdf_url(submission):
    return reverse("plans:work_plan_pdf", args=[submission.pk])


@pytest.fixture
def signed_plan(work_plan_submission, principal):
    plan = complete_work_plan(work_plan_submission, signer=principal)
    content_services.work_plan_save(
        work_plan=plan,
        data={field: getattr(plan, field) for field in content_services.WORK_PLAN_FIELDS},
        responsibilities=[
            {"post": "校长", "person": "王校长", "duties": "全面负责"},
            {"post": "门卫", "person": "刘建国", "duties": "来访登记，核对身份"},
        ],
    )
    content_services.work_plan_sign(work_plan=plan, by=principal)
    return plan


def test_the_bureau_prints_the_plan_in_chinese_with_a_chinese_font(
    client, bob, school, signed_plan, tmp_path
):
    client.force_login(bob)

    response = client.get(pdf_url(signed_plan.submission))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f"inline; filename=\"work-plan-{school.code}.pdf\"; filename*=UTF-8''")
    assert "示范区第一小学" in unquote(disposition)
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content, tmp_path)
    for expected in ("示范区第一小学", "2026年全国两会期间校园安全防范工作", "刘建国", "来访登记，核对身份"):
        assert expected in text
    assert re.search(r"第 1 页.*共 \d+ 页", text)  # the footer's page counters
    # Text extracts even when drawn as empty boxes; the embedded font is what makes it legible.
    assert "wenquanyi" in pdf_fonts(response.content, tmp_path).lower()


def test_every_role_of_the_school_may_print_it(client, alice, principal, signed_plan):
    for user in (alice, principal):
        client.force_login(user)
        assert client.get(pdf_url(signed_plan.submission)).status_code == 200


def test_a_submitted_plan_prints_with_its_state_and_sign_off(client, principal, signed_plan, tmp_path):
    services.submission_submit(submission=signed_plan.submission, by=principal)
    client.force_login(principal)

    text = pdf_text(client.get(pdf_url(signed_plan.submission)).content, tmp_path)

    assert "王校长" in text
    assert signed_plan.submission.get_state_display() in text


def test_another_school_cannot_print_it(client, charlie, signed_plan):
    client.force_login(charlie)
    assert client.get(pdf_url(signed_plan.submission)).status_code == 404


def test_a_summary_has_no_work_plan_pdf(client, alice, summary_submission):
    client.force_login(alice)
    assert client.get(pdf_url(summary_submission)).status_code == 404


def test_markup_typed_into_the_plan_is_printed_as_text_and_fetches_nothing(
    client, alice, work_plan_submission, tmp_path, caplog
):
    plan = WorkPlan.objects.get(submission=work_plan_submission)
    data = {field: "" for field in content_services.WORK_PLAN_FIELDS} | {"meeting_date": None}
    content_services.work_plan_save(
        work_plan=plan, data=data | {"risk_analysis": INJECTED}, responsibilities=[]
    )
    client.force_login(alice)

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        response = client.get(pdf_url(work_plan_submission))

    text = pdf_text(response.content, tmp_path)
    assert "file:///etc/passwd" in text  # autoescaped: the markup is the text
    assert "root:" not in text
    assert not [r for r in caplog.records if "passwd" in r.getMessage() or "127.0.0.1" in r.getMessage()]


def test_images_in_raw_html_are_refused_not_fetched(caplog):
    html = f'<p>方案</p>{INJECTED}<link rel="stylesheet" href="file:///etc/passwd">'

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = html_to_pdf(html)

    assert pdf.startswith(b"%PDF-")
    refused = [r.getMessage() for r in caplog.records if "RefusedURL" in r.getMessage()]
    assert len(refused) == 3


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:1/x",
        "http://127.0.0.1:1/static/css/print.css",  # our path, someone else's host
        "ftp://127.0.0.1/static/css/print.css",
        BASE_URL + "static/../../../etc/passwd",
        BASE_URL + "static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        BASE_URL + "static/css/does-not-exist.css",
        BASE_URL + "media/work-plans/anything.pdf",
    ],
)
def test_the_fetcher_refuses_anything_but_our_static_files(url):
    with pytest.raises(RefusedURL):
        StaticFilesURLFetcher().fetch(url)


def test_the_fetcher_serves_our_stylesheet():
    response = StaticFilesURLFetcher().fetch(BASE_URL + "static/css/print.css")

    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def test_the_fetcher_serves_data_urls():
    response = StaticFilesURLFetcher().fetch("data:text/plain;base64,5a6J5YWo")

    assert response.read().decode() == "安全"
