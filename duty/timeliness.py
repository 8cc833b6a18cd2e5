"""Whether an incident's reports came in time (R8.2, R8.3), read against the deadlines it was given."""

from django.utils import timezone

from .enums import WrittenStatus


def written_status(incident, now=None):
    if incident.written_at is not None:
        return WrittenStatus.LATE if incident.written_at > incident.written_due_at else WrittenStatus.ON_TIME
    if (now or timezone.now()) > incident.written_due_at:
        return WrittenStatus.OVERDUE
    return WrittenStatus.DUE
