"""When each reminder is due (R11): the stages, read in Beijing time.

Pure functions of a due moment and "now", so the boundaries are easy to test. A stage names the
reminder; the outbox keeps one row per (recipient, item, stage), so a stage is sent once however
often the sweep runs. When a sweep runs late, only the latest stage is created — a school does not
get "3 days left" and "1 day left" in the same digest.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

MORNING = time(8, 0)  # reminders "on the morning it is due" and daily overdue notices go out at 08:00


def _morning(day):
    return timezone.make_aware(datetime.combine(day, MORNING))


def deliverable_stage(due_at, now):
    """before-3d, before-1d, due-day (from 08:00 that day), overdue-<date> (daily from 08:00)."""
    local_now = timezone.localtime(now)
    if now > due_at:
        return f"overdue-{local_now.date()}" if local_now.time() >= MORNING else None
    if now >= _morning(timezone.localtime(due_at).date()):
        return "due-day"
    if now >= due_at - timedelta(days=1):
        return "before-1d"
    if now >= due_at - timedelta(days=3):
        return "before-3d"
    return None


def hazard_stage(deadline, now):
    """before-2d, due-day, overdue-<date>: the deadline is a whole day, so stages start at 08:00."""
    local_now = timezone.localtime(now)
    if local_now.time() < MORNING:
        return None
    days_left = (deadline - local_now.date()).days
    if days_left < 0:
        return f"overdue-{local_now.date()}"
    return {0: "due-day", 2: "before-2d", 1: "before-2d"}.get(days_left)


INCIDENT_WARNING = timedelta(minutes=30)


def incident_stage(written_due_at, now):
    """before (30 minutes ahead), then due at the due moment; None before that."""
    if now >= written_due_at:
        return "due"
    if now >= written_due_at - INCIDENT_WARNING:
        return "before"
    return None


def overdue_today(now):
    """The stage of a once-a-day notice, or None before the morning's 08:00."""
    local_now = timezone.localtime(now)
    return f"daily-{local_now.date()}" if local_now.time() >= MORNING else None
