"""People and cases for the petition tests. The clock stands at 2026-05-20 10:00 Beijing time."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from petitions import services
from schools.enums import Role
from tests.factories import member

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 5, 20, 10, 0, tzinfo=SHANGHAI)
TODAY = date(2026, 5, 20)


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture(autouse=True)
def _english(settings):
    """The tests read the English texts: they hold whatever the Chinese catalogue comes to say."""
    settings.LANGUAGE_CODE = "en"


def login(client, user):
    """Log `user` in with the pages in English (the language saved on the account wins)."""
    type(user).objects.filter(pk=user.pk).update(language="en")
    client.force_login(user)
    return client


@pytest.fixture
def viewer(bureau):
    """Qian is a bureau viewer (leadership): reads, never writes."""
    return member(Role.BUREAU_VIEWER, bureau, username="qian", full_name="钱局长")


@pytest.fixture
def duty(school):
    """Liu is on the duty roster of `school`: petitions are none of Liu's business."""
    return member(Role.DUTY_STAFF, school, username="liu", full_name="刘值班")


def petition(school, *, by=None, subject="家长对处理结果不满多次上访", received_on=date(2026, 3, 1),
             milestones=((date(2026, 5, 25), "与家长面谈"),), phone="13912345678", **details):  # fmt: skip
    """A case of `school`, recorded through the service, open, with `milestones` [(due, title)]."""
    base = {"subject": subject, "details": "", "parties": "李某某（学生家长）", "contact_phone": phone,
            "received_on": received_on, "leader": "钱局长", "responsible_unit": "区教育局",
            "plan": "成立专班，逐一回应诉求"}  # fmt: skip
    base.update(details)
    rows = [{"title": title, "due_date": due} for due, title in milestones]
    return services.case_record(school=school, by=by, details=base, milestones=rows)
