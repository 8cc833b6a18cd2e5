"""Who may reach the activities URLs, and which records of school A1 they point at."""

from django.utils import timezone

from activities import services
from activities.permissions import RECORDERS, TOPIC_EDITORS
from activities.services import campaign_window
from schools.enums import BUREAU_ROLES, Role
from tests.factories import photo
from tests.tenancy import SECRET, Route

ROUTES = {
    "activities:session_list": Route(),
    "activities:session_export": Route(),
    "activities:session_create": Route(roles=RECORDERS),
    "activities:session_detail": Route(target="session"),
    "activities:session_photo": Route(target="session_photo"),
    "activities:drill_list": Route(),
    "activities:drill_export": Route(),
    "activities:drill_create": Route(roles=RECORDERS),
    "activities:drill_detail": Route(target="drill"),
    "activities:drill_edit": Route(roles=RECORDERS, target="drill"),
    "activities:drill_done": Route(roles=RECORDERS, target="drill"),
    "activities:drill_cancel": Route(roles=RECORDERS, target="drill", method="post", ok=302),
    "activities:problem_hazard": Route(roles=RECORDERS, target="drill_problem"),
    "activities:drill_photo": Route(target="drill_photo"),
    "activities:campaign_schools": Route(roles=BUREAU_ROLES, target="campaign"),
    "activities:required_topics": Route(roles=TOPIC_EDITORS, target="campaign"),
}


def targets(world):
    """A session with a photo, a planned drill, and a drill done with a problem and a photo — all of
    school A1, in the world's campaign when today falls within it, their text marked SECRET."""
    officer = world.insiders[Role.SAFETY_OFFICER]
    today = timezone.localdate()
    first, last = campaign_window(world.campaign)
    campaign = world.campaign if first <= today <= last else None
    common = {"school": world.school_a1, "by": officer, "campaign": campaign}
    session = services.session_record(
        **common, date=today, form="lecture", topics=["epidemic"], title=f"{SECRET}防疫讲座", audience="全校",
        participants=300, photos=[photo()],
    )  # fmt: skip
    planned = services.drill_plan(**common, kind="fire", planned_date=today, title=f"{SECRET}消防演练")
    done = services.drill_plan(**common, kind="earthquake", planned_date=today)
    services.drill_record_done(
        drill=done, by=officer, held_on=today, participants=200, duration_minutes=20,
        evaluation=f"{SECRET}有序", problems=[f"{SECRET}楼梯拥堵"], photos=[photo()],
    )  # fmt: skip
    return {
        "session": session.pk,
        "session_photo": session.photos.get().pk,
        "drill": planned.pk,
        "drill_problem": done.problems.get().pk,
        "drill_photo": done.photos.get().pk,
    }
