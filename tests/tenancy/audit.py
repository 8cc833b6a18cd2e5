"""Who may reach the audit trail and the submitted versions, and which records they point at.

The world's records of school A1 (its campaign, incident, hazards…, created with A's secret in their
names) are in bureau A's log already; `targets` adds a log-in of A's with the secret as the name
typed, so that an outsider's access page has something to leak.
"""

from audit import services
from audit.enums import AccessKind
from schools.enums import Role
from tests.tenancy import ADMIN, SECRET, Route

ROUTES = {
    "audit:log": Route(roles=ADMIN),
    "audit:access": Route(roles=ADMIN),
    "plans:submission_versions": Route(target="work_plan"),
}


def targets(world):
    services.access_event_record(
        kind=AccessKind.LOGIN_FAILED, user=world.insiders[Role.SAFETY_OFFICER], username=SECRET
    )
    return {}
