"""The bureau's campaign dashboard (issue 7): every block's numbers, the ranking, who may see it.

The world: a campaign (5月15日–5月28日, work plan and roster due 5月20日 23:59:59, summary due 6月4日)
over three schools — A (alice's), B (charlie's) and C — seen on 5月22日 10:00 Beijing time.
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
from plans.enums import SubmissionState as State
from plans.models import Submission
from reports.selectors import campaign_summary
from schools.enums import Role
from tests.factories import BureauFactory, CampaignFactory, SchoolFactory, hazard, member, open_submission

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 5, 22, 10, 0, tzinfo=SHANGHAI)
WORK_PLAN, ROSTER, SUMMARY = DeliverableKind.WORK_PLAN, DeliverableKind.DUTY_ROSTER, DeliverableKind.SUMMARY


def at(day, hour, minute=0, month=5):
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def file(campaign, school, kind, *, state, late=False, submitted_at=None):
    """Put the school's submission straight into `state`; the workflow is tested in tests/plans."""
    submission = open_submission(campaign, school, kind)
    submitted_at = submitted_at or (at(21, 9) if late else at(19, 9))
    if state == State.DRAFT:
        submitted_at = None
    Submission.objects.filter(pk=submission.pk).update(state=state, submitted_at=submitted_at, late=late)
    return submission


def finished(inspection, by, **kwargs):
    results = {item.pk: ("pass", "") for item in inspection.items.all()}
    inspection_services.inspection_record(inspection=inspection, results=results)
    return inspection_services.inspection_finish(inspection=inspection, by=by)


class World:
    """Three schools with submissions, hazards, inspections and incidents in known states."""

    def __init__(self, bureau, alice, bob, charlie, principal):
        self.a = alice.membership.school
        self.b = charlie.membership.school
        self.c = SchoolFactory(bureau=bureau, name="示范区第三小学")
        self.campaign = campaign = CampaignFactory(bureau=bureau)
        with time_machine.travel(at(22, 9), tick=False):
            self._submissions(campaign)
            self._hazards(campaign, bob)
            self._inspections(campaign, bureau, bob, principal)
        self._incidents()

    def _submissions(self, campaign):
        file(campaign, self.a, WORK_PLAN, state=State.SUBMITTED)  # on time
        file(campaign, self.a, ROSTER, state=State.ACCEPTED, late=True)  # accepted, but late
        file(campaign, self.b, WORK_PLAN, state=State.SUBMITTED, late=True)  # late
        file(campaign, self.b, ROSTER, state=State.DRAFT)  # past due, not handed in: overdue
        file(campaign, self.b, SUMMARY, state=State.DRAFT)  # not due yet: draft
        file(campaign, self.c, WORK_PLAN, state=State.RETURNED)
        # C's roster: never started, past due (overdue); A's and C's summary: not started.

    def _hazards(self, campaign, bob):
        overdue_on = datetime.date(2026, 5, 20)
        self.a_overdue = hazard(self.a, campaign=campaign, area="fire", deadline=overdue_on)
        closed = hazard(self.a, by=bob, campaign=campaign, area="food", state="closed")
        self.rebound = hazard_services.hazard_recheck(hazard=closed, by=bob, recurred=True, note="又堆放")
        major = hazard(self.b, campaign=campaign, area="fire", severity="major")  # due 5月25日
        hazard_services.hazard_supervise(hazard=major, by=bob, supervisor=bob)
        hazard(self.c, campaign=campaign, area="electrical", state="reported")
        hazard(self.c, campaign=campaign, area="fire", deadline=datetime.date(2026, 5, 21))
        hazard(self.a, area="fire", deadline=overdue_on)  # no campaign: not counted

    def _inspections(self, campaign, bureau, bob, principal):
        inspection_services.templates_install_defaults(bureau=bureau)
        today = datetime.date(2026, 5, 21)

        def start(school, kind, **kwargs):
            return inspection_services.inspection_start(
                school=school, by=bob, kind=kind, date=today, areas=["fire"], campaign=campaign, **kwargs
            )

        finished(start(self.a, "self", leader=principal), principal)
        finished(start(self.b, "bureau", leader_name="督查组"), bob)
        finished(start(self.c, "unannounced", leader_name="暗访组"), bob)  # done, not yet published
        start(self.c, "bureau", leader_name="督查组")  # still in progress: not counted
        inspection_services.inspection_start(
            school=self.a, by=bob, kind="bureau", date=today, areas=["fire"], leader_name="督查组"
        )  # no campaign: not counted

    def _incidents(self):
        def report(school, occurred_at, *, reported_at=None, severity="general", **kwargs):
            with time_machine.travel(occurred_at, tick=False):
                return duty_services.incident_report_first(
                    school=school, by=None, category="injury", severity=severity, occurred_at=occurred_at,
                    summary="学生摔伤", reported_at=reported_at, **kwargs,
                )  # fmt: skip

        def write(incident, when):
            with time_machine.travel(when, tick=False):
                duty_services.incident_write(
                    incident=incident, by=None, cause="滑倒", casualties="无", measures="送医", follow_up="无"
                )

        write(report(self.a, at(21, 9), reported_at=at(21, 9, 10)), at(21, 15))  # all on time
        report(self.b, at(21, 8), reported_at=at(21, 12))  # first late; written overdue (due 5月22日 8时)
        write(report(self.b, at(21, 7), reported_at=at(21, 7, 5)), at(22, 9))  # written late
        # Major, and the bureau learned of it elsewhere: written report due at 11时.
        report(self.c, at(22, 9), severity="major", unreported=True, unreported_note="家长来电")
        report(self.a, at(10, 9), reported_at=at(10, 9, 5))  # before the campaign: not counted


@pytest.fixture
def world(bureau, alice, bob, charlie, principal):
    return World(bureau, alice, bob, charlie, principal)


@pytest.fixture
def dashboard(client, bob, world):
    client.force_login(bob)
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("reports:dashboard", args=[world.campaign.pk]))
    assert response.status_code == 200
    return response


def test_it_counts_each_deliverable_by_board_status(dashboard):
    progress = {p.deliverable.kind: p for p in dashboard.context["summary"].deliverables}
    counts = {kind: {t.value: t.count for t in p.statuses if t.count} for kind, p in progress.items()}
    assert counts == {
        WORK_PLAN: {BoardStatus.ON_TIME: 1, BoardStatus.LATE: 1, BoardStatus.RETURNED: 1},
        ROSTER: {BoardStatus.ACCEPTED: 1, BoardStatus.OVERDUE: 2},
        SUMMARY: {BoardStatus.DRAFT: 1, BoardStatus.NOT_STARTED: 2},
    }
    # On time / late / missing: an accepted roster that came in late counts as late.
    assert (progress[WORK_PLAN].on_time, progress[WORK_PLAN].late, progress[WORK_PLAN].missing) == (1, 1, 0)
    assert (progress[ROSTER].on_time, progress[ROSTER].late, progress[ROSTER].missing) == (0, 1, 2)
    assert dashboard.context["summary"].missing_deliverables == 2


def test_it_counts_the_campaigns_hazards_by_area_and_state(dashboard):
    summary = dashboard.context["summary"]
    assert {t.value: t.count for t in summary.hazards_by_area} == {"fire": 3, "food": 2, "electrical": 1}
    assert {t.value: t.count for t in summary.hazards_by_state} == {
        "reported": 2, "rectifying": 3, "awaiting": 0, "closed": 1,
    }  # fmt: skip
    figures = summary.hazards
    assert figures["total"] == 6
    assert (figures["overdue"], figures["major"], figures["supervised"], figures["rebounds"]) == (2, 1, 1, 1)
    assert figures["rectification_rate"] == 17  # 1 closed of 6


def test_it_counts_finished_inspections_by_kind(dashboard):
    summary = dashboard.context["summary"]
    assert {t.value: t.count for t in summary.inspections_by_kind} == {
        "self": 1, "bureau": 1, "unannounced": 1,
    }  # fmt: skip
    assert summary.inspections_done == 3


def test_it_counts_the_incidents_of_the_campaign_period_by_timeliness(dashboard):
    incidents = dashboard.context["summary"].incidents
    assert incidents["total"] == 4
    assert (incidents["first_late"], incidents["unreported"]) == (2, 1)
    assert (incidents["written_on_time"], incidents["written_late"]) == (1, 1)
    assert (incidents["written_overdue"], incidents["written_due"]) == (1, 1)
    assert dashboard.context["summary"].first_report_on_time == 2


def test_it_ranks_schools_by_overdue_items_then_code(dashboard, world):
    ranked = dashboard.context["summary"].schools_ranked
    # B: a missing roster and an overdue written report; C: a missing roster and an overdue hazard;
    # A: one overdue hazard. B and C tie: the lower school code comes first.
    assert [rank.school for rank in ranked] == [world.b, world.c, world.a]
    b, c, a = ranked
    assert (b.overdue_hazards, b.missing_deliverables, b.overdue_written, b.overdue_items) == (0, 1, 1, 2)
    assert (c.overdue_hazards, c.missing_deliverables, c.overdue_written, c.overdue_items) == (1, 1, 0, 2)
    assert (a.overdue_hazards, a.missing_deliverables, a.overdue_written, a.overdue_items) == (1, 0, 0, 1)
    assert (a.hazards, a.open_hazards, a.inspections, a.incidents) == (3, 2, 1, 1)


def test_the_page_shows_the_numbers_links_charts_and_export_forms(dashboard, world):
    html = dashboard.content.decode()
    campaign = world.campaign.pk
    for school in (world.a, world.b, world.c):
        assert reverse("reports:school_page", args=[campaign, school.pk]) in html
    assert f'action="{reverse("reports:export_start", args=[campaign, "workbook"])}"' in html
    assert f'action="{reverse("reports:export_start", args=[campaign, "summary"])}"' in html
    assert html.count("csrfmiddlewaretoken") >= 2
    assert f"{reverse('hazards:ledger')}?campaign={campaign}&amp;overdue=1" in html
    assert reverse("plans:board", args=[campaign]) in html
    assert html.count("<svg") == 3 + 4 + 1  # one per deliverable, four breakdowns, the most overdue
    figures = {figure["label"]: figure["value"] for figure in dashboard.context["figures"]}
    assert list(figures.values()) == [3, 2, 5, 2, "17%", 3, 4, 1]
    assert "<script" not in html.split("</main>")[0]


def test_a_school_user_is_refused(client, alice, world):
    client.force_login(alice)
    assert client.get(reverse("reports:dashboard", args=[world.campaign.pk])).status_code == 403


def test_another_bureau_gets_404(client, world):
    outsider = member(Role.BUREAU_ADMIN, BureauFactory())
    client.force_login(outsider)
    assert client.get(reverse("reports:dashboard", args=[world.campaign.pk])).status_code == 404


def test_a_school_name_is_escaped_in_the_charts_and_the_table(client, bureau, bob):
    school = SchoolFactory(bureau=bureau, name="<script>x</script>")
    campaign = CampaignFactory(bureau=bureau, covers=[school])
    client.force_login(bob)
    with time_machine.travel(NOW, tick=False):  # the roster is past due: the school has an overdue item
        response = client.get(reverse("reports:dashboard", args=[campaign.pk]))
    html = response.content.decode()
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in str(response.context["charts"].most_overdue)


def test_incidents_count_from_the_first_day_to_a_week_after_the_close(client, bureau, bob, school):
    campaign = CampaignFactory(bureau=bureau)  # 5月15日 – 5月28日: counted until 6月4日 24时
    moments = [at(14, 23, 59), at(15, 0), at(4, 23, 59, month=6), at(5, 0, month=6)]
    for moment in moments:
        duty_services.incident_report_first(
            school=school, by=None, category="injury", severity="general", occurred_at=moment,
            summary="学生摔伤", reported_at=moment,
        )  # fmt: skip
    with time_machine.travel(at(10, 12, month=6), tick=False):
        summary = campaign_summary(user=bob, campaign=campaign)
    assert summary.incidents["total"] == 2


def _sized_world(bureau, count):
    """`count` schools, each with a submission, a hazard, a finished inspection and an incident."""
    schools = SchoolFactory.create_batch(count, bureau=bureau)
    campaign = CampaignFactory(bureau=bureau, covers=schools)
    admin = member(Role.BUREAU_ADMIN, bureau)
    inspection_services.templates_install_defaults(bureau=bureau)
    states = [State.SUBMITTED, State.ACCEPTED, State.RETURNED, State.DRAFT]
    with time_machine.travel(at(22, 9), tick=False):
        for index, school in enumerate(schools):
            file(campaign, school, WORK_PLAN, state=states[index % 4], late=index % 3 == 0)
            hazard(school, campaign=campaign, area=["fire", "food", "traffic"][index % 3],
                   deadline=datetime.date(2026, 5, 20 + index % 4))  # fmt: skip
            inspection = inspection_services.inspection_start(
                school=school, by=admin, kind="bureau", date=datetime.date(2026, 5, 21), areas=["fire"],
                leader_name="督查组", campaign=campaign,
            )  # fmt: skip
            finished(inspection, admin)
            duty_services.incident_report_first(
                school=school, by=None, category="injury", severity="general", occurred_at=at(21, 8),
                summary="学生摔伤", reported_at=at(21, 8 + index % 2),
            )  # fmt: skip
    return campaign


@pytest.mark.parametrize("count", [5, 50])
def test_the_page_costs_the_same_queries_at_any_size(
    client, bureau, bob, count, django_assert_max_num_queries
):
    campaign = _sized_world(bureau, count)
    client.force_login(bob)
    # Session, user, membership, unread notices, campaign; the board (3); hazards (3); inspections (1);
    # incidents (2).
    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(25):
        response = client.get(reverse("reports:dashboard", args=[campaign.pk]))
    summary = response.context["summary"]
    assert summary.school_count == count
    assert summary.hazards["total"] == count
    assert summary.incidents["total"] == count
    assert summary.inspections_done == count
