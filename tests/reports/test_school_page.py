"""One school's page in a campaign: everything about it, for the bureau and for the school itself.

The campaign covers alice's school and charlie's; a second campaign covers alice's school only.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from duty import services as duty_services
from hazards import services as hazard_services
from inspections import services as inspection_services
from plans.enums import BoardStatus, DeliverableKind
from schools.enums import Role
from tests.duty.conftest import fill_roster
from tests.factories import BureauFactory, CampaignFactory, SchoolFactory, hazard, member, open_submission

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 5, 24, 10, 0, tzinfo=SHANGHAI)
VISIT_FINDING = "暗访发现消防通道堵塞"


@pytest.fixture
def campaigns(bureau, school, charlie):
    both = CampaignFactory(bureau=bureau, covers=[school, charlie.membership.school])
    alices_only = CampaignFactory(bureau=bureau, name="食品安全专项", covers=[school])
    return both, alices_only


def _page(client, user, campaign, school):
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        return client.get(reverse("reports:school_page", args=[campaign.pk, school.pk]))


@pytest.fixture
def unpublished_visit(bureau, school, campaigns, inspector):
    """An unannounced visit to alice's school, finished but not published, and the hazard it found."""
    campaign = campaigns[0]
    inspection_services.templates_install_defaults(bureau=bureau)
    visit = inspection_services.inspection_start(
        school=school, by=inspector, kind="unannounced", date=datetime.date(2026, 5, 23), areas=["fire"],
        leader_name="暗访组", campaign=campaign,
    )  # fmt: skip
    item = visit.items.first()
    results = {other.pk: ("pass", "") for other in visit.items.all()} | {item.pk: ("fail", VISIT_FINDING)}
    inspection_services.inspection_record(inspection=visit, results=results)
    inspection_services.inspection_finish(inspection=visit, by=inspector)
    details = {"area": "fire", "description": VISIT_FINDING, "location": "教学楼", "source": "inspection",
               "found_by": "暗访组", "found_at": NOW, "campaign": campaign}  # fmt: skip
    found = hazard_services.hazard_record(school=school, by=inspector, details=details, inspection_item=item)
    return visit, found


def test_the_bureau_sees_everything_about_the_school(
    client, bob, alice, school, campaigns, unpublished_visit
):
    campaign = campaigns[0]
    open_submission(campaign, school, DeliverableKind.WORK_PLAN)  # a draft, past due on 5月24日: overdue
    own = hazard(school, campaign=campaign, deadline=datetime.date(2026, 5, 22))  # overdue
    hazard(school, campaign=campaigns[1])  # another campaign's: not here
    incident = duty_services.incident_report_first(
        school=school, by=None, category="injury", severity="general",
        occurred_at=datetime.datetime(2026, 5, 20, 9, tzinfo=SHANGHAI), summary="学生摔伤",
    )  # fmt: skip
    response = _page(client, bob, campaign, school)
    assert response.status_code == 200
    detail = response.context["detail"]
    statuses = {row.deliverable.kind: row.status for row in detail.deliverables}
    assert statuses[DeliverableKind.WORK_PLAN] == BoardStatus.OVERDUE
    assert statuses[DeliverableKind.DUTY_ROSTER] == BoardStatus.OVERDUE
    assert statuses[DeliverableKind.SUMMARY] == BoardStatus.NOT_STARTED
    assert {h.pk for h in detail.hazards} == {own.pk, unpublished_visit[1].pk}
    assert [h.pk for h in detail.hazards if h.overdue] == [own.pk]
    assert [i.pk for i in detail.inspections] == [unpublished_visit[0].pk]
    assert [row.incident.pk for row in detail.incidents] == [incident.pk]
    assert detail.overdue_items == 1 + 2 + 1  # the hazard, two deliverables, the written report
    html = response.content.decode()
    assert VISIT_FINDING[:20] in html
    assert reverse("hazards:detail", args=[own.pk]) in html
    assert reverse("duty:incident_detail", args=[incident.pk]) in html
    assert reverse("reports:dashboard", args=[campaign.pk]) in html


def test_the_school_does_not_see_what_an_unpublished_visit_found(
    client, alice, school, campaigns, unpublished_visit
):
    response = _page(client, alice, campaigns[0], school)
    assert response.status_code == 200
    detail = response.context["detail"]
    assert detail.hazards == [] and detail.inspections == []
    assert detail.hazard_counts["total"] == 0
    assert VISIT_FINDING not in response.content.decode()


def test_once_published_the_school_sees_the_visit_and_its_hazard(
    client, alice, inspector, school, campaigns, unpublished_visit
):
    visit, found = unpublished_visit
    inspection_services.inspection_publish(inspection=visit, by=inspector)
    detail = _page(client, alice, campaigns[0], school).context["detail"]
    assert [h.pk for h in detail.hazards] == [found.pk]
    assert [i.pk for i in detail.inspections] == [visit.pk]


def test_it_shows_who_is_on_duty_now(client, alice, school, campaigns):
    roster = open_submission(campaigns[0], school, DeliverableKind.DUTY_ROSTER).duty_roster
    fill_roster(roster)  # 08–20 and 20–08 every day, 王校长 leading
    on_duty = _page(client, alice, campaigns[0], school).context["detail"].on_duty
    assert on_duty.leader == "王校长"
    assert [shift.person for shift in on_duty.shifts] == ["张值班"]


def test_charlie_gets_404_for_alices_school(client, charlie, school, campaigns):
    assert _page(client, charlie, campaigns[0], school).status_code == 404


def test_charlie_gets_404_for_his_school_in_a_campaign_not_covering_it(client, charlie, campaigns):
    assert _page(client, charlie, campaigns[1], charlie.membership.school).status_code == 404


def test_the_bureau_gets_404_for_a_school_the_campaign_does_not_cover(client, bob, bureau, campaigns):
    other = SchoolFactory(bureau=bureau)
    assert _page(client, bob, campaigns[1], other).status_code == 404


def test_another_bureau_gets_404(client, school, campaigns):
    outsider = member(Role.BUREAU_ADMIN, BureauFactory())
    assert _page(client, outsider, campaigns[0], school).status_code == 404


@pytest.mark.parametrize("count", [2, 20])
def test_the_page_costs_the_same_queries_at_any_size(
    client, bob, principal, school, campaigns, count, django_assert_max_num_queries
):
    campaign = campaigns[0]
    roster = open_submission(campaign, school, DeliverableKind.DUTY_ROSTER).duty_roster
    fill_roster(roster)
    inspection_services.templates_install_defaults(bureau=school.bureau)
    for index in range(count):
        hazard(school, campaign=campaign, deadline=datetime.date(2026, 5, 20 + index % 10))
        duty_services.incident_report_first(
            school=school, by=None, category="injury", severity="general",
            occurred_at=datetime.datetime(2026, 5, 20, 9, index, tzinfo=SHANGHAI), summary="学生摔伤",
        )  # fmt: skip
        inspection_services.inspection_start(
            school=school, by=principal, kind="self", date=datetime.date(2026, 5, 21), areas=["fire"],
            leader=principal, campaign=campaign,
        )  # fmt: skip
    client.force_login(bob)
    # Session, user, membership, unread notices, campaign, school; deliverables and submissions (2);
    # hazards, inspections, incidents (3); who is on duty (2).
    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(25):
        response = client.get(reverse("reports:school_page", args=[campaign.pk, school.pk]))
    detail = response.context["detail"]
    assert (len(detail.hazards), len(detail.incidents), len(detail.inspections)) == (count, count, count)
