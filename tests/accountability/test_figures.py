"""What the accountability app gives the shared pages: the dashboard's figures and card, the school's
campaign page section, the sheets of the campaign workbook, and the demo data."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accountability import demo, exporters, selectors, services
from accountability.models import Entry, Notice
from schools.enums import Role
from schools.selectors import membership_of
from tests.factories import BureauFactory, member


def _record(school, by, kind, campaign, text="记录"):
    return services.entry_record(
        school=school, by=by, campaign=campaign, kind=kind, date=datetime.date(2026, 5, 21), text=text
    )


@pytest.fixture
def recorded(bob, school, charlie, campaign):
    other = charlie.membership.school
    _record(school, bob, "notice", campaign)
    _record(school, bob, "warning", campaign)
    _record(other, bob, "warning", campaign)
    withdrawn = _record(other, bob, "exposure", campaign)
    services.entry_withdraw(entry=withdrawn, by=bob, reason="撤销")
    _record(school, bob, "interview", None)  # no campaign: not counted
    published = services.notice_create(campaign=campaign, by=bob, title="已发布", body="正文")
    services.notice_publish(notice=published, by=bob)
    services.notice_create(campaign=campaign, by=bob, title="草稿", body="正文")
    return other


def test_the_campaign_figures(bob, school, campaign, recorded, django_assert_num_queries):
    membership_of(bob)  # read once per request, before any page asks for figures
    with django_assert_num_queries(2):
        figures = selectors.campaign_figures(user=bob, campaign=campaign)
    assert figures["total"] == 3
    assert [(value, count) for value, _label, count in figures["by_kind"]] == [
        ("notice", 1), ("interview", 0), ("warning", 2), ("exposure", 0),
    ]  # fmt: skip
    assert figures["per_school"] == {school.pk: 2, recorded.pk: 1}
    assert (figures["notices_published"], figures["notices_draft"], figures["schools"]) == (1, 1, 2)


def test_another_bureau_gets_no_figures(campaign, recorded):
    outsider = member(Role.BUREAU_ADMIN, BureauFactory())
    figures = selectors.campaign_figures(user=outsider, campaign=campaign)
    assert (figures["total"], figures["per_school"], figures["notices_published"]) == (0, {}, 0)


def test_the_dashboard_card(bob, campaign, recorded):
    figures = selectors.campaign_figures(user=bob, campaign=campaign)
    html = render_to_string("accountability/_dashboard_card.html", {"figures": figures, "campaign": campaign})
    assert 'class="card h-100"' in html
    assert f'{reverse("accountability:list")}?campaign={campaign.pk}"' in html
    assert "kind=warning&amp;state=in_force" in html


def test_the_school_section_for_the_school(alice, school, campaign, recorded, django_assert_num_queries):
    membership_of(alice)
    with django_assert_num_queries(2):
        section = selectors.school_campaign_figures(user=alice, campaign=campaign, school=school)
    assert section["can_read_ledger"] is True
    assert [entry.kind for entry in section["entries"]] == ["warning", "notice"]
    assert section["in_force"] == 2
    assert [notice.title for notice in section["notices"]] == ["已发布"]
    request = RequestFactory().get("/")
    request.user = alice
    html = render_to_string(
        "accountability/_school_section.html",
        {"section": section, "campaign": campaign, "school": school},
        request=request,
    )
    assert "已发布" in html and "草稿" not in html
    assert reverse("accountability:detail", args=[section["entries"][0].pk]) in html


def test_duty_staff_see_the_notices_but_not_the_entries(duty, school, campaign, recorded):
    section = selectors.school_campaign_figures(user=duty, campaign=campaign, school=school)
    assert (section["can_read_ledger"], section["entries"]) == (False, [])
    assert [notice.title for notice in section["notices"]] == ["已发布"]
    html = render_to_string(
        "accountability/_school_section.html", {"section": section, "campaign": campaign, "school": school}
    )
    assert reverse("accountability:list") not in html


def test_the_campaign_sheets(bob, campaign, recorded):
    sheets = exporters.campaign_sheets(user=bob, campaign=campaign, now=timezone.now())
    (ledger, ledger_rows), (notices, notice_rows) = sheets
    assert (ledger_rows, notice_rows) == (4, 1)  # the withdrawn entry is listed, marked withdrawn
    assert len(list(ledger.rows)) == 4
    rows = list(notices.rows)
    assert [row[0] for row in rows] == ["已发布"]
    assert all(len(row) == len(notices.columns) for row in rows)


def test_a_school_users_campaign_sheets_hold_its_own_school_only(alice, school, campaign, recorded):
    (ledger, rows), _notices = exporters.campaign_sheets(user=alice, campaign=campaign, now=timezone.now())
    assert rows == 2
    assert {row[1] for row in ledger.rows} == {school.code}


# --- The demo -------------------------------------------------------------------------------------


@pytest.fixture
def demo_campaign(transactional_db):
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", password="Demo@2026", stdout=StringIO())
    from plans.models import Campaign

    return Campaign.objects.get()


@pytest.mark.django_db(transaction=True)
def test_the_demo_covers_every_kind_state_and_evidence_and_runs_once(eager, demo_campaign):
    from django.contrib.auth import get_user_model

    from notifications.models import Notification

    admin = get_user_model().objects.get(username="admin")
    demo.seed(campaign=demo_campaign, admin=admin)
    entries = Entry.objects.filter(campaign=demo_campaign)
    assert {entry.kind for entry in entries} == {"notice", "interview", "warning", "exposure"}
    assert {entry.state for entry in entries} == {"in_force", "withdrawn"}
    assert entries.filter(corrects__isnull=False).exists()
    for field in ("hazards", "submissions", "missed_deliverables", "incidents", "inspections"):
        assert entries.filter(**{f"{field}__isnull": False}).exists(), field
    assert set(Notice.objects.values_list("state", flat=True)) == {"draft", "published"}
    counts = (entries.count(), Notice.objects.count())
    demo.seed(campaign=demo_campaign, admin=admin)
    assert (entries.count(), Notice.objects.count()) == counts
    principal = get_user_model().objects.get(username="principal")
    assert selectors.ledger(user=principal).exists()  # the demo school has entries to see
    assert Notification.objects.filter(recipient=principal).exists()  # told of the published notice
