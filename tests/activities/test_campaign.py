"""A campaign's required topics, the schools that still miss them, and the figures the dashboard, the
school's campaign page and the campaign workbook read (the integration contract)."""

from datetime import date

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from activities import selectors, services
from activities.exporters import campaign_sheets
from activities.models import RequiredTopic
from schools.enums import Role
from schools.selectors import membership_of
from tests.activities.conftest import NOW, done, drill, session
from tests.factories import BureauFactory, CampaignFactory, SchoolFactory, member


@pytest.fixture
def other(charlie):
    return charlie.membership.school


@pytest.fixture
def required(campaign):
    return services.required_topics_save(campaign=campaign, minimums={"epidemic": 1, "drowning": 2})


@pytest.fixture
def held(school, other, campaign, required):
    """`school` has held 防疫 once and 防溺水 once (of two); `other` has held 防疫 and 防溺水 twice but
    has a drill overdue."""
    session(school, campaign=campaign, topics=["epidemic", "fire"], participants=100)
    session(school, campaign=campaign, topics=["drowning"], participants=40)
    session(school, topics=["drowning"])  # not in the campaign: does not count
    session(other, campaign=campaign, topics=["epidemic", "drowning"], participants=10)
    session(other, campaign=campaign, topics=["drowning"], participants=10)
    done(drill(school, campaign=campaign, day=date(2026, 5, 18)))
    drill(school, campaign=campaign, day=date(2026, 5, 22))
    drill(other, campaign=campaign, day=date(2026, 5, 19))


def test_the_admin_sets_the_required_topics(client, bob, campaign):
    client.force_login(bob)
    url = reverse("activities:required_topics", args=[campaign.pk])
    minimums = {topic: "0" for topic in ("law", "travel", "electricity", "fire", "earthquake")}
    response = client.post(url, {**minimums, "drowning": "2", "epidemic": "1"})
    assert response.url == reverse("activities:campaign_schools", args=[campaign.pk])
    assert dict(campaign.required_topics.values_list("topic", "minimum")) == {"drowning": 2, "epidemic": 1}
    form = client.get(url).context["form"]
    assert (form["drowning"].value(), form["fire"].value()) == (2, 0)


def test_a_topic_set_to_zero_is_no_longer_required(campaign, required):
    services.required_topics_save(campaign=campaign, minimums={"epidemic": 0, "drowning": 1})
    assert list(RequiredTopic.objects.values_list("topic", "minimum")) == [("drowning", 1)]


def test_a_wrong_minimum_is_refused_and_nothing_changes(client, bob, campaign, required):
    client.force_login(bob)
    url = reverse("activities:required_topics", args=[campaign.pk])
    response = client.post(url, {"epidemic": "-1", "drowning": "3"})
    assert response.status_code == 200
    assert "epidemic" in response.context["form"].errors
    assert response.context["form"]["drowning"].value() == "3"
    assert dict(campaign.required_topics.values_list("topic", "minimum")) == {"epidemic": 1, "drowning": 2}


@pytest.mark.parametrize("role", [Role.BUREAU_INSPECTOR, Role.BUREAU_VIEWER])
def test_other_bureau_roles_see_the_schools_but_do_not_set_topics(client, bureau, campaign, role):
    client.force_login(member(role, bureau))
    assert client.get(reverse("activities:campaign_schools", args=[campaign.pk])).status_code == 200
    assert client.get(reverse("activities:required_topics", args=[campaign.pk])).status_code == 403


def test_the_schools_page_shows_who_misses_what(client, bob, campaign, school, other, held):
    client.force_login(bob)
    url = reverse("activities:campaign_schools", args=[campaign.pk])
    rows = {row.school: row for row in client.get(url).context["rows"]}
    assert [(req.topic, req.held, req.missing) for req in rows[school].requirements] == [
        ("drowning", 1, True),
        ("epidemic", 1, False),
    ]
    assert (rows[school].sessions, rows[school].done, rows[school].planned, rows[school].overdue) == (
        2,
        1,
        1,
        0,
    )
    assert (rows[other].missing, rows[other].overdue) == ([], 1)
    only = client.get(url, {"missing": "1"}).context["rows"]
    assert {row.school for row in only} == {school, other}  # one misses a topic, the other has a drill late


def test_the_dashboard_figures(bob, campaign, school, other, held):
    figures = selectors.campaign_figures(user=bob, campaign=campaign, now=NOW)
    by_topic = {tally.value: tally for tally in figures["by_topic"]}
    assert (figures["schools"], figures["sessions"], figures["participants"]) == (2, 4, 160)
    assert (by_topic["drowning"].count, by_topic["epidemic"].count, by_topic["law"].count) == (3, 2, 0)
    assert (by_topic["drowning"].minimum, by_topic["drowning"].schools_missing) == (2, 1)
    assert by_topic["fire"].minimum is None
    assert figures["required"] == ["drowning", "epidemic"]
    assert figures["schools_missing_topics"] == 1
    assert figures["drills"] == {"planned": 2, "overdue": 1, "done": 1}
    assert figures["per_school"] == {school.pk: 1, other.pk: 1}


def test_the_dashboard_figures_leave_out_what_the_user_may_not_see(campaign, school, alice, held):
    figures = selectors.campaign_figures(user=alice, campaign=campaign, now=NOW)
    assert (figures["schools"], figures["sessions"]) == (1, 2)
    assert list(figures["per_school"]) == [school.pk]
    outsider = member(Role.BUREAU_ADMIN, BureauFactory())
    assert selectors.campaign_figures(user=outsider, campaign=campaign, now=NOW)["per_school"] == {}


@pytest.mark.parametrize("count", [2, 15])
def test_the_dashboard_figures_cost_three_queries(bureau, bob, count, django_assert_num_queries):
    schools = SchoolFactory.create_batch(count, bureau=bureau)
    campaign = CampaignFactory(bureau=bureau)
    services.required_topics_save(campaign=campaign, minimums={"epidemic": 1})
    for school in schools:
        session(school, campaign=campaign, topics=["epidemic", "law"])
        drill(school, campaign=campaign, day=date(2026, 5, 16))
    membership_of(bob)  # read once per request by the view's role check
    with django_assert_num_queries(3):
        figures = selectors.campaign_figures(user=bob, campaign=campaign, now=NOW)
    assert figures["drills"]["overdue"] == count
    assert sum(figures["per_school"].values()) == count


def test_the_school_section(alice, campaign, school, held):
    section = selectors.school_campaign_figures(user=alice, campaign=campaign, school=school, now=NOW)
    assert [req.topic for req in section["missing"]] == ["drowning"]
    assert section["sessions"]["total"] == 2
    assert (section["drills"]["done"], section["drills"]["planned"], section["drills"]["overdue"]) == (
        1,
        1,
        0,
    )
    assert [d.planned_date for d in section["planned_drills"]] == [date(2026, 5, 22)]
    assert section["can_record"] is True


@pytest.mark.parametrize("count", [1, 8])
def test_the_school_section_costs_the_same_queries(bob, campaign, school, count, django_assert_num_queries):
    for _ in range(count):
        session(school, campaign=campaign, topics=["epidemic", "drowning"])
        drill(school, campaign=campaign, day=date(2026, 5, 19))
    membership_of(bob)  # read once per request by the view's role check
    with django_assert_num_queries(5):  # required topics, topic counts, session and drill counts, drills
        section = selectors.school_campaign_figures(user=bob, campaign=campaign, school=school, now=NOW)
    assert section["can_record"] is False
    assert len(section["planned_drills"]) == count


def test_the_templates_render_the_figures(bob, alice, campaign, school, held):
    request = RequestFactory().get("/")
    request.user = bob
    figures = selectors.campaign_figures(user=bob, campaign=campaign, now=NOW)
    card = render_to_string(
        "activities/_dashboard_card.html", {"figures": figures, "campaign": campaign}, request=request
    )
    assert f'href="{reverse("activities:campaign_schools", args=[campaign.pk])}?missing=1"' in card
    assert 'class="card h-100"' in card
    request.user = alice
    section = selectors.school_campaign_figures(user=alice, campaign=campaign, school=school, now=NOW)
    html = render_to_string(
        "activities/_school_section.html",
        {"section": section, "campaign": campaign, "school": school},
        request=request,
    )
    assert reverse("activities:session_create") in html  # alice records
    assert "1/2" in html  # 防溺水: one of two


def test_the_campaign_workbook_sheets(bob, alice, campaign, held):
    sheets = campaign_sheets(user=bob, campaign=campaign, now=NOW)
    assert [expected for _sheet, expected in sheets] == [2, 4, 3]
    for sheet, expected in sheets:
        rows = list(sheet.rows)
        assert len(rows) == expected
        assert all(len(row) == len(sheet.columns) for row in rows)
    school_rows = list(campaign_sheets(user=alice, campaign=campaign, now=NOW)[0][0].rows)
    assert len(school_rows) == 1  # alice's school only
