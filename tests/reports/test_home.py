"""The home page by role (issue 7): a school's deadlines, open hazards, today's duty and unread
notices; a bureau's campaigns in progress with their key figures."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from hazards import services as hazard_services
from inspections import services as inspection_services
from notifications.models import Notification
from plans.enums import DeliverableKind
from plans.enums import SubmissionState as State
from plans.models import Submission
from schools.enums import Role
from tests.duty.conftest import fill_roster
from tests.factories import CampaignFactory, SchoolFactory, UserFactory, hazard, open_submission

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 5, 24, 10, 0, tzinfo=SHANGHAI)  # work plan and roster due 5月20日


def _home(client, user):
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        return client.get(reverse("home"))


def _campaign_on(bureau, start, *, name):
    """A campaign starting on `start`, its sessions from the third to the tenth day."""
    return CampaignFactory(
        bureau=bureau, name=name, start_date=start, opening_date=start + datetime.timedelta(days=2),
        closing_date=start + datetime.timedelta(days=9),
    )  # fmt: skip


def _notify(user, count, *, read=False):
    for index in range(count):
        Notification.objects.create(
            recipient=user, digest_key=f"{user.pk}:{read}:{index}", title=f"提醒{index}",
            lines=[{"text": f"工作方案{index}", "url": ""}], read_at=NOW if read else None,
        )  # fmt: skip


# --- The school's home ------------------------------------------------------------------------------


@pytest.fixture
def campaign(school):
    return CampaignFactory(bureau=school.bureau)


def test_alice_sees_her_deadlines_due_overdue_and_done(client, alice, school, campaign):
    submission = open_submission(campaign, school, DeliverableKind.DUTY_ROSTER)
    Submission.objects.filter(pk=submission.pk).update(state=State.SUBMITTED, submitted_at=NOW)
    _campaign_on(school.bureau, datetime.date(2026, 4, 1), name="已结束的专项")
    home = _home(client, alice).context["home"]
    assert [(d.row.deliverable.kind, d.bucket) for d in home.deadlines] == [
        (DeliverableKind.WORK_PLAN, "overdue"),  # not started, past due
        (DeliverableKind.SUMMARY, "due"),  # due 6月4日
        (DeliverableKind.DUTY_ROSTER, "done"),
    ]
    assert home.deadline_counts == {"overdue": 1, "due": 1, "done": 1}
    assert [c.pk for c in home.campaigns] == [campaign.pk]  # the April campaign ended long ago


def test_each_deadline_has_its_action(client, alice, school, campaign):
    submission = open_submission(campaign, school, DeliverableKind.WORK_PLAN)
    html = _home(client, alice).content.decode()
    assert reverse("plans:submission_detail", args=[submission.pk]) in html
    assert reverse("plans:deliverable_open", args=[campaign.pk, DeliverableKind.DUTY_ROSTER]) in html
    # The summary may be filed from the day the sessions close (5月28日): no button yet.
    assert reverse("plans:deliverable_open", args=[campaign.pk, DeliverableKind.SUMMARY]) not in html


def test_a_campaign_is_in_progress_until_a_week_after_it_closes(client, alice, school, campaign):
    client.force_login(alice)
    with time_machine.travel(datetime.datetime(2026, 6, 4, 23, 0, tzinfo=SHANGHAI), tick=False):
        assert len(client.get(reverse("home")).context["home"].campaigns) == 1
    with time_machine.travel(datetime.datetime(2026, 6, 5, 0, 30, tzinfo=SHANGHAI), tick=False):
        assert client.get(reverse("home")).context["home"].campaigns == []
    with time_machine.travel(datetime.datetime(2026, 5, 14, 23, 0, tzinfo=SHANGHAI), tick=False):
        assert client.get(reverse("home")).context["home"].campaigns == []


def test_alice_sees_her_open_hazards_overdue_first(client, alice, bob, school, campaign):
    later = hazard(school, deadline=datetime.date(2026, 5, 30))
    overdue = hazard(school, deadline=datetime.date(2026, 5, 22))
    no_plan = hazard(school, state="reported")
    hazard(school, by=bob, state="closed")
    home = _home(client, alice).context["home"]
    assert [h.pk for h in home.hazards] == [overdue.pk, later.pk, no_plan.pk]
    assert [h.overdue for h in home.hazards][:2] == [True, False]
    assert (home.hazard_counts["open"], home.hazard_counts["overdue"]) == (3, 1)


def test_a_hazard_of_an_unpublished_visit_stays_off_the_school_home(client, alice, inspector, school):
    inspection_services.templates_install_defaults(bureau=school.bureau)
    visit = inspection_services.inspection_start(
        school=school, by=inspector, kind="unannounced", date=datetime.date(2026, 5, 23),
        areas=["fire"], leader_name="暗访组",
    )  # fmt: skip
    details = {"area": "fire", "description": "暗访发现9527", "location": "校门", "source": "inspection",
               "found_by": "暗访组", "found_at": NOW}  # fmt: skip
    hazard_services.hazard_record(
        school=school, by=inspector, details=details, inspection_item=visit.items.first()
    )
    response = _home(client, alice)
    assert response.context["home"].hazards == []
    assert "暗访发现9527" not in response.content.decode()


def test_alice_sees_who_is_on_duty_today(client, alice, school, campaign):
    fill_roster(open_submission(campaign, school, DeliverableKind.DUTY_ROSTER).duty_roster)
    on_duty = _home(client, alice).context["home"].on_duty
    assert on_duty.leader == "王校长"
    assert [shift.person for shift in on_duty.shifts] == ["张值班"]  # the 08–20 shift at 10:00


def test_another_schools_roster_is_not_alices(client, alice, charlie, school, campaign):
    other = charlie.membership.school
    campaign.schools.add(other)
    fill_roster(open_submission(campaign, other, DeliverableKind.DUTY_ROSTER).duty_roster)
    on_duty = _home(client, alice).context["home"].on_duty
    assert on_duty.leader == "" and on_duty.shifts == []


def test_alice_sees_her_last_five_unread_notices(client, alice, bob, school):
    _notify(alice, 7)
    _notify(alice, 2, read=True)
    _notify(bob, 3)
    response = _home(client, alice)
    unread = response.context["home"].unread
    assert len(unread) == 5
    assert all(n.recipient_id == alice.pk and n.read_at is None for n in unread)
    assert response.context["unread_notifications"] == 7
    assert reverse("notifications:list") in response.content.decode()


def test_the_school_home_keeps_the_schools_facts_and_people(client, alice, principal, school):
    response = _home(client, alice)
    html = response.content.decode()
    assert school.name in html and school.code in html
    assert {m.user.username for m in response.context["people"]} == {"alice", "wang"}


@pytest.mark.parametrize("count", [2, 20])
def test_the_school_home_costs_the_same_queries_at_any_size(
    client, alice, bob, school, count, django_assert_max_num_queries
):
    """`count` open hazards and about as many deadlines (three per campaign in progress)."""
    for index in range(max(count // 3, 1)):
        campaign = CampaignFactory(bureau=school.bureau, name=f"专项{index}")
        fill_roster(open_submission(campaign, school, DeliverableKind.DUTY_ROSTER).duty_roster)
        open_submission(campaign, school, DeliverableKind.WORK_PLAN)
    for index in range(count):
        hazard(school, deadline=datetime.date(2026, 5, 15 + index % 15))
    _notify(alice, count)
    client.force_login(alice)
    # Session, user, membership, unread count; campaigns, deliverables, submissions; hazards and
    # their counts; who is on duty (2); unread notices; people.
    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(13):
        response = client.get(reverse("home"))
    home = response.context["home"]
    assert len(home.deadlines) == 3 * max(count // 3, 1)
    assert home.hazard_counts["open"] == count


# --- The bureau's home ------------------------------------------------------------------------------


def test_bob_sees_each_campaign_in_progress_with_its_figures(client, bob, bureau, school, charlie, campaign):
    submission = open_submission(campaign, school, DeliverableKind.WORK_PLAN)
    Submission.objects.filter(pk=submission.pk).update(state=State.SUBMITTED, submitted_at=NOW)
    hazard(school, campaign=campaign, deadline=datetime.date(2026, 5, 22))
    hazard(school, campaign=campaign, deadline=datetime.date(2026, 5, 30))
    _campaign_on(bureau, datetime.date(2026, 6, 10), name="下月专项")
    response = _home(client, bob)
    ((shown, figures),) = response.context["campaigns"]
    assert shown == campaign
    values = {figure["label"]: figure["value"] for figure in figures}
    # Two schools × two deliverables past due (work plan, roster): one of four handed in.
    assert list(values.values()) == [2, "25%", 3, 2, 1, 0]
    html = response.content.decode()
    assert reverse("reports:dashboard", args=[campaign.pk]) in html
    assert response.context["overview"]["total"] == 2  # the schools overview stays


@pytest.mark.parametrize("size", [(1, 5), (3, 20)])
def test_the_bureau_home_costs_the_same_queries_at_any_size(
    client, bob, bureau, size, django_assert_max_num_queries
):
    campaigns, schools = size
    SchoolFactory.create_batch(schools, bureau=bureau, reopened=False)
    for index in range(campaigns):
        campaign = CampaignFactory(bureau=bureau, name=f"专项{index}")
        for school in bureau.schools.all():
            open_submission(campaign, school, DeliverableKind.WORK_PLAN)
            hazard(school, campaign=campaign)
    client.force_login(bob)
    # Session, user, membership, unread count; campaigns, deliverables, hazards, inspections;
    # the schools overview (3).
    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(11):
        response = client.get(reverse("home"))
    assert len(response.context["campaigns"]) == campaigns


def test_a_user_without_a_unit_is_told_to_ask_for_one(client, db):
    user = UserFactory()
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.templates[0].name == "schools/home_unassigned.html"


def test_anonymous_goes_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_every_role_gets_its_home(client, school, bureau):
    from tests.factories import member

    for role in Role:
        unit = bureau if role.value.startswith("bureau") else school
        response = _home(client, member(role, unit))
        assert response.status_code == 200, role
