"""A school with a record of every kind the bureau may hold against it, and the people who look at it.

The clock stands at 2026-05-22 12:00 Beijing time: the work plan and duty roster were due 5月20日,
the post-campaign summary is due 6月4日.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest

from duty import services as duty_services
from inspections import services as inspection_services
from plans import services as plan_services
from plans.enums import DeliverableKind
from schools.enums import Role
from tests.factories import CampaignFactory, SchoolFactory, hazard, member, open_submission
from tests.plans.conftest import complete_work_plan

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 5, 22, 12, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def campaign(school, charlie):
    """Covers `school` and charlie's school (every school of the bureau so far)."""
    return CampaignFactory(bureau=school.bureau, name="两会专项行动")


@pytest.fixture
def outside(campaign, bureau):
    """A school of the same bureau that the campaign does not cover, with its principal."""
    school = SchoolFactory(bureau=bureau, name="示范区第九小学")
    return member(Role.PRINCIPAL, school, username="sun", full_name="孙校长")


@pytest.fixture
def duty(school):
    return member(Role.DUTY_STAFF, school, username="liu", full_name="刘值班")


@pytest.fixture
def viewer(bureau):
    return member(Role.BUREAU_VIEWER, bureau, username="qian", full_name="钱局长")


def _incident(school, *, unreported, summary):
    occurred = NOW - datetime.timedelta(hours=30)
    return duty_services.incident_report_first(
        school=school, by=None, category="injury", severity="general", occurred_at=occurred, summary=summary,
        unreported=unreported, unreported_note="家长投诉" if unreported else "",
    )  # fmt: skip


class Records:
    """What `school` has on file: some of it evidence the bureau may choose, some of it not."""

    def __init__(self, school, other, campaign, principal, bob):
        self.overdue = hazard(school, deadline=datetime.date(2026, 5, 20), description="超期未整改的消防通道")
        self.in_time = hazard(school, deadline=datetime.date(2026, 5, 30), description="期限内的隐患")
        self.closed = hazard(
            school, state="closed", deadline=datetime.date(2026, 5, 10), description="已销号"
        )
        self.elsewhere = hazard(other, deadline=datetime.date(2026, 5, 20), description="别校超期隐患")
        # The work plan, handed in two days after it was due: late.
        self.late_plan = open_submission(campaign, school, DeliverableKind.WORK_PLAN)
        complete_work_plan(self.late_plan, signer=principal)
        plan_services.submission_submit(submission=self.late_plan, by=principal)
        # The roster never started (due 5月20日); the summary is not due yet.
        self.roster = campaign.deliverables.get(kind=DeliverableKind.DUTY_ROSTER)
        self.unreported = _incident(school, unreported=True, summary="学生打架受伤，学校未报告")
        self.reported = _incident(school, unreported=False, summary="学生擦伤，已按时报告")
        inspection_services.templates_install_defaults(bureau=school.bureau)
        self.self_check = inspection_services.inspection_start(
            school=school, by=principal, kind="self", date=datetime.date(2026, 5, 18), areas=["fire"],
            leader=principal, campaign=campaign,
        )  # fmt: skip
        self.visit = inspection_services.inspection_start(
            school=school, by=bob, kind="unannounced", date=datetime.date(2026, 5, 21), areas=["fire"],
            leader_name="暗访组", campaign=campaign,
        )  # fmt: skip


@pytest.fixture
def records(school, charlie, campaign, principal, bob):
    return Records(school, charlie.membership.school, campaign, principal, bob)


@pytest.fixture
def eager():
    """Celery tasks run in-process, once the transaction that enqueued them commits."""
    from campus_safety.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False
