"""What the tenancy test (tests/test_tenancy.py) is built from, shared with the per-app route files.

An app whose routes live in `tests/tenancy/<app>.py` defines there `ROUTES` (URL name → Route) and
`targets(world) -> dict` (target name → pk of a record of school A1, made with `world`'s users).
"""

from dataclasses import dataclass, field

from schools.enums import BUREAU_ROLES, SCHOOL_ROLES, Role

ALL = BUREAU_ROLES | SCHOOL_ROLES
ADMIN = frozenset({Role.BUREAU_ADMIN})
SECRET = "甲校机密9527"  # appears only in school A's data; an outsider's page must not show it


@dataclass(frozen=True)
class Route:
    roles: frozenset = ALL
    target: str | None = None  # which record of unit A the URL points at (see `world.targets`)
    public: bool = False  # reachable without logging in (login page, language switch)
    method: str = "get"
    kwargs: dict = field(default_factory=dict)
    ok: int = 200  # what an allowed role gets (a POST action redirects back to its page)
    # A record that belongs to a person, not a unit (a notification): each insider opens their own;
    # the outsider tries the A1 safety officer's.
    personal: bool = False
