"""Who may reach the tipoffs URLs, and which records of school A1 they point at.

The public tip-off form, the follow page and simple-captcha's picture and refresh URLs need no login
(listed `public`); the bureau's triage pages are for bureau roles only, the posters also for the
school's principal and safety officer.
"""

from schools.enums import BUREAU_ROLES, Role
from tests.factories import photo
from tests.tenancy import SECRET, Route
from tipoffs import services
from tipoffs.permissions import POSTER_PRINTERS, TRIAGERS

ROUTES = {
    "tipoffs:file": Route(public=True, kwargs={"token": "@tipoff_token"}),
    "tipoffs:follow": Route(public=True),
    "captcha-image": Route(public=True, kwargs={"key": "0" * 40}),
    "captcha-image-2x": Route(public=True, kwargs={"key": "0" * 40}),
    "captcha-audio": Route(public=True, kwargs={"key": "0" * 40}),
    "captcha-refresh": Route(public=True),
    "tipoffs:list": Route(roles=BUREAU_ROLES),
    "tipoffs:detail": Route(roles=BUREAU_ROLES, target="tip_off"),
    "tipoffs:note": Route(roles=TRIAGERS, target="tip_off", method="post", ok=302),
    "tipoffs:dismiss": Route(roles=TRIAGERS, target="tip_off", method="post", ok=302),
    "tipoffs:make_hazard": Route(roles=TRIAGERS, target="tip_off", method="post", ok=302),
    "tipoffs:photo": Route(roles=BUREAU_ROLES, target="tip_off_photo"),
    "tipoffs:posters": Route(roles=BUREAU_ROLES),
    "tipoffs:poster": Route(roles=POSTER_PRINTERS, target="school"),
}


def targets(world):
    """A tip-off about school A1 with a photo, a reply and an internal note, and A1's public link."""
    filed = services.tipoff_file(
        school=world.school_a1, kind="hazard", description=f"{SECRET}锅炉房漏气", location=f"{SECRET}锅炉房",
        reporter_name=f"{SECRET}举报人", reporter_phone="13800009527", photos=[photo()],
    )  # fmt: skip
    inspector = world.insiders[Role.BUREAU_INSPECTOR]
    services.tipoff_note(tip_off=filed.tip_off, by=inspector, text=f"{SECRET}已收到", public=True)
    services.tipoff_note(tip_off=filed.tip_off, by=inspector, text=f"{SECRET}内部备注", public=False)
    return {
        "tip_off": filed.tip_off.pk,
        "tip_off_photo": filed.tip_off.photos.get().pk,
        "tipoff_token": services.link_for(school=world.school_a1).token,
    }
