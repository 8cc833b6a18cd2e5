from django.db import models
from django.utils.translation import pgettext_lazy


class PetitionState(models.TextChoices):
    """Where a backlog petition case (信访积案) stands.

    open → in progress → resolved (proposed by the school or the bureau) → closed (the bureau only).
    The bureau may send a resolved or closed case back to in progress, with a reason.
    """

    # A context of their own: "Open" and "Closed" mean other things elsewhere in the portal.
    OPEN = "open", pgettext_lazy("petition state", "Open")
    IN_PROGRESS = "in_progress", pgettext_lazy("petition state", "In progress")
    RESOLVED = "resolved", pgettext_lazy("petition state", "Resolved")
    CLOSED = "closed", pgettext_lazy("petition state", "Closed")


# The states in which work on the case goes on: its milestones can fall overdue, notes are added.
ACTIVE_STATES = (PetitionState.OPEN, PetitionState.IN_PROGRESS)


class PetitionAction(models.TextChoices):
    # A context of their own: "Recorded", "Reopened" … mean other things elsewhere in the portal
    # ("Reopened" is a school open again after a closure).
    RECORDED = "recorded", pgettext_lazy("petition event", "Recorded")
    EDITED = "edited", pgettext_lazy("petition event", "Details changed")
    STARTED = "started", pgettext_lazy("petition event", "Work started")
    MILESTONE_ADDED = "ms_added", pgettext_lazy("petition event", "Milestone added")
    MILESTONE_DONE = "ms_done", pgettext_lazy("petition event", "Milestone done")
    MILESTONE_UNDONE = "ms_undone", pgettext_lazy("petition event", "Milestone marked not done")
    RESOLVED = "resolved", pgettext_lazy("petition event", "Proposed as resolved")
    CLOSED = "closed", pgettext_lazy("petition event", "Closed by the bureau")
    REOPENED = "reopened", pgettext_lazy("petition event", "Reopened")
