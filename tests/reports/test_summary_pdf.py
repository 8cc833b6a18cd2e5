"""The campaign summary report (issue 7): what a bureau leader reads, and a printer that fetches nothing
but our own static files whatever the users typed."""

import datetime
import logging
import re
import socket
import subprocess
import threading
from datetime import timedelta

import pytest
import time_machine

from common.pdf import BASE_URL, RefusedURL, StaticFilesURLFetcher, html_to_pdf
from duty import services as duty_services
from hazards import services as hazard_services
from reports import summary
from reports.summary import SummaryReport
from tests.factories import CampaignFactory, hazard

BEIJING = datetime.timezone(timedelta(hours=8))
DURING = datetime.datetime(2026, 5, 26, 10, tzinfo=BEIJING)


@pytest.fixture(autouse=True)
def during():
    with time_machine.travel(DURING, tick=False):
        yield


@pytest.fixture
def campaign(school, charlie):
    return CampaignFactory(bureau=school.bureau)


@pytest.fixture
def listening():
    """A server on the loopback that counts who connects: a PDF must never be one of them."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    connections = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                connection, _address = server.accept()
            except TimeoutError:
                continue
            connections.append(connection)
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], connections
    stop.set()
    thread.join()
    server.close()


@pytest.fixture
def fetched(monkeypatch):
    """Every URL the PDF printer asks the fetcher for."""
    urls = []
    fetch = StaticFilesURLFetcher.fetch

    def spy(self, url, headers=None):
        urls.append(url)
        return fetch(self, url, headers)

    monkeypatch.setattr(StaticFilesURLFetcher, "fetch", spy)
    return urls


def run(tool, pdf, tmp_path, *args):
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf)
    command = [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])]
    return subprocess.run(command, capture_output=True, check=True).stdout.decode()


def text_of(pdf, tmp_path):
    return run("pdftotext", pdf, tmp_path, "-enc", "UTF-8")


def flat(text):
    """The text without the line breaks a narrow column puts in."""
    return re.sub(r"\s+", "", text)


def supervised_major(school, campaign, by, description):
    found = hazard(school, by=by, campaign=campaign, severity="major", description=description)
    return hazard_services.hazard_supervise(hazard=found, by=by, supervisor=by)


def test_it_is_the_campaign_in_chinese_with_a_chinese_font_and_page_numbers(
    campaign, school, alice, bob, tmp_path
):
    hazard(school, by=alice, campaign=campaign, description="配电箱未上锁")  # deadline 5月25日: overdue

    pdf = SummaryReport(campaign=campaign, user=bob).pdf()

    assert pdf.startswith(b"%PDF-")
    text = text_of(pdf, tmp_path)
    assert campaign.name in text
    assert "示范区教育局" in text  # the bureau, on the cover
    assert "覆盖学校2" in flat(text)  # the first school and Charlie's
    assert "示范区第一小学" in text
    assert "配电箱未上锁" in text
    assert re.search(r"第 2 页.*共 \d+ 页", text)  # the footer; the cover has none
    assert "第 1 页" not in text
    assert "wenquanyi" in run("pdffonts", pdf, tmp_path).lower()
    info = run("pdfinfo", pdf, tmp_path)
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)


def test_it_lists_what_needs_attention(campaign, school, alice, bob, tmp_path):
    hazard(school, by=alice, campaign=campaign, description="消防通道堵塞")
    supervised_major(school, campaign, bob, "教学楼外墙瓷砖空鼓")
    duty_services.incident_report_first(
        school=school, by=alice, category="injury", severity="general",
        occurred_at=DURING - timedelta(hours=30), summary="课间操时学生扭伤脚踝",
    )  # fmt: skip

    report = SummaryReport(campaign=campaign, user=bob)
    text = flat(text_of(report.pdf(), tmp_path))
    late = report.context()["late_submissions"]

    assert "消防通道堵塞" in text  # overdue
    assert text.count("教学楼外墙瓷砖空鼓") == 2  # overdue, and supervised
    assert "课间操时学生扭伤脚踝" in text
    assert "书面报告逾期" in text  # written report due a day later, not filed: overdue
    # Neither school handed in its work plan or roster (due 5月20日): both are missing, nothing late.
    assert [(entry.school.name, [d.kind for d in entry.missing], entry.late) for entry in late.rows] == [
        ("示范区第一小学", ["work_plan", "duty_roster"], []),
        ("示范区第二小学", ["work_plan", "duty_roster"], []),
    ]
    assert "示范区第二小学工作方案值班表" in text


def test_a_long_list_stops_and_says_how_many_more(campaign, school, alice, bob, tmp_path, monkeypatch):
    monkeypatch.setattr(summary, "TABLE_LIMIT", 2)
    for number in range(3):
        hazard(school, by=alice, campaign=campaign, description=f"逾期隐患{number}")

    context = SummaryReport(campaign=campaign, user=bob).context()

    assert len(context["overdue_hazards"].rows) == 2
    assert context["overdue_hazards"].total == 3 and context["overdue_hazards"].more == 1


def test_it_reports_progress_up_to_done(campaign, bob):
    seen = []

    SummaryReport(campaign=campaign, user=bob, progress=seen.append).pdf()

    assert seen == [0.3, 0.5, 1]


# --- The URL fetcher -----------------------------------------------------------------------------


def test_urls_typed_by_users_are_printed_as_text_and_never_fetched(
    campaign, school, alice, bob, tmp_path, listening, fetched, caplog
):
    port, connections = listening
    loopback = f"http://127.0.0.1:{port}/x"
    hazard(school, by=alice, campaign=campaign, description='<img src="file:///etc/passwd">')
    supervised_major(school, campaign, bob, f'<img src="{loopback}">')
    duty_services.incident_report_first(
        school=school, by=alice, category="other", severity="general",
        occurred_at=DURING - timedelta(hours=1), summary=f'<link rel="stylesheet" href="{loopback}"><img src="file:///etc/passwd">',
    )  # fmt: skip

    with caplog.at_level(logging.DEBUG, logger="weasyprint"):
        pdf = SummaryReport(campaign=campaign, user=bob).pdf()

    text = flat(text_of(pdf, tmp_path))
    assert '<imgsrc="file:///etc/passwd">' in text  # autoescaped: the markup is the text
    assert f'<imgsrc="{loopback}">' in text
    assert "root:" not in text
    assert connections == []
    assert fetched and all(url.startswith(f"{BASE_URL}static/") for url in fetched)  # our stylesheet only
    assert not [r for r in caplog.records if "passwd" in r.getMessage() or "127.0.0.1" in r.getMessage()]


def test_markup_that_slips_into_the_html_is_refused_not_fetched(listening, caplog, fetched):
    port, connections = listening
    html = (
        f'<p>总结</p><img src="file:///etc/passwd"><img src="http://127.0.0.1:{port}/x">'
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/s.css">'
    )

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = html_to_pdf(html)

    assert pdf.startswith(b"%PDF-")
    assert connections == []
    assert set(fetched) == {
        "file:///etc/passwd",
        f"http://127.0.0.1:{port}/x",
        f"http://127.0.0.1:{port}/s.css",
    }
    refused = [r.getMessage() for r in caplog.records if "RefusedURL" in r.getMessage()]
    assert len(refused) == 3


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x",
        "https://127.0.0.1/x",
        "http://[::1]/x",
        f"{BASE_URL}static/../../../etc/passwd",
        f"{BASE_URL}media/exports/secret.xlsx",
    ],
)
def test_the_fetcher_refuses_anything_but_our_static_files(url):
    with pytest.raises(RefusedURL):
        StaticFilesURLFetcher().fetch(url)


def test_the_fetcher_serves_the_report_stylesheet():
    response = StaticFilesURLFetcher().fetch(f"{BASE_URL}static/css/summary_print.css")

    assert response.content_type == "text/css"
    assert b"table-layout: fixed" in response.read()
