"""Who may reach the petitions URLs, and which records of school A1 they point at.

Petitions are sensitive: duty staff are in none of the role sets (see petitions/permissions.py), so
every route below also checks that a duty staff member of school A1 gets 403.
"""

import datetime

from django.utils import timezone

from petitions import services
from petitions.permissions import CLOSERS, READERS, RECORDERS, UPDATERS
from schools.enums import Role
from tests.tenancy import SECRET, Route

_POST = {"method": "post", "ok": 302}

ROUTES = {
    "petitions:list": Route(roles=READERS),
    "petitions:export": Route(roles=READERS),
    "petitions:create": Route(roles=RECORDERS),
    "petitions:detail": Route(roles=READERS, target="petition"),
    "petitions:edit": Route(roles=RECORDERS, target="petition"),
    "petitions:milestone_add": Route(roles=UPDATERS, target="petition", **_POST),
    "petitions:note_add": Route(roles=UPDATERS, target="petition", **_POST),
    "petitions:resolve": Route(roles=UPDATERS, target="petition", **_POST),
    "petitions:close": Route(roles=CLOSERS, target="petition", **_POST),
    "petitions:reopen": Route(roles=CLOSERS, target="petition", **_POST),
    "petitions:milestone_mark": Route(roles=UPDATERS, target="petition_milestone", **_POST),
}


def targets(world):
    """A case of school A1 in progress, with a milestone and a progress note."""
    today = timezone.localdate()
    case = services.case_record(
        school=world.school_a1, by=world.insiders[Role.BUREAU_ADMIN],
        details={"subject": f"{SECRET}家长信访", "parties": f"{SECRET}某某", "contact_phone": "13912345678",
                 "received_on": today - datetime.timedelta(days=30), "leader": "钱局长",
                 "responsible_unit": "区教育局", "plan": f"{SECRET}化解方案"},
        milestones=[{"title": f"{SECRET}约谈家长", "due_date": today + datetime.timedelta(days=7)}],
    )  # fmt: skip
    services.note_add(case=case, by=world.insiders[Role.PRINCIPAL], text=f"{SECRET}已约谈", happened_on=today)
    return {"petition": case.pk, "petition_milestone": case.milestones.get().pk}
