"""Every write to backlog petition cases (信访积案, R7.1).

Each state change is a compare-and-set: `filter(pk=…, state=expected).update(…)` and a check that
exactly one row changed, so a school proposing a case as resolved while the bureau reopens it cannot
both win — on SQLite and PostgreSQL alike — and the loser gets a TransitionError. Every change writes
a PetitionEvent (who, when, from, to, why) in the same transaction.

    open ──(first progress: a note, a milestone done)──▶ in progress ──(school or bureau)──▶ resolved
    resolved ──(bureau)──▶ closed;   resolved / closed ──(bureau, with a reason)──▶ in progress
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.services import TransitionError

from .enums import ACTIVE_STATES, PetitionAction, PetitionState
from .models import Milestone, PetitionCase, PetitionEvent, ProgressNote

CASE_FIELDS = (
    "subject", "details", "parties", "contact_phone", "received_on", "leader", "responsible_unit", "plan",
)  # fmt: skip
REQUIRED_FIELDS = ("subject", "parties", "received_on", "leader", "responsible_unit", "plan")
REOPENABLE = (PetitionState.RESOLVED, PetitionState.CLOSED)


def _event(case, action, by, *, from_state="", to_state="", comment=""):
    return PetitionEvent.objects.create(
        case=case, action=action, by=by, from_state=from_state, to_state=to_state, comment=comment
    )


def _transition(case, *, expected, to, action, by, refused, comment="", **changes):
    """Move `case` from `expected` to `to` only if nobody moved it first."""
    updated = PetitionCase.objects.filter(pk=case.pk, state=expected).update(state=to, **changes)
    if updated != 1:
        raise TransitionError(refused)
    case.state = to
    for field, value in changes.items():
        setattr(case, field, value)
    _event(case, action, by, from_state=expected, to_state=to, comment=comment)
    return case


def _locked_state(case):
    """The case's state as stored, its row locked until the transaction ends (PostgreSQL; SQLite
    writes one transaction at a time anyway): a milestone or note added now cannot slip past a
    resolution or closure that commits at the same moment."""
    state = (
        PetitionCase.objects.select_for_update().filter(pk=case.pk).values_list("state", flat=True).first()
    )
    case.state = state
    return state


def _missing(details):
    labels = {name: PetitionCase._meta.get_field(name).verbose_name for name in REQUIRED_FIELDS}
    return [
        _("Missing: %(what)s") % {"what": labels[name]} for name in REQUIRED_FIELDS if not details.get(name)
    ]


def _clean_milestones(milestones):
    rows = [(row["title"].strip(), row["due_date"]) for row in milestones]
    if not rows or not all(title and due for title, due in rows):
        raise TransitionError(_("A resolution plan needs at least one milestone, each with a due date."))
    return rows


@transaction.atomic
def case_record(*, school, by, details, milestones) -> PetitionCase:
    """Record a backlog petition case against `school` with its plan's milestones.

    `details`: subject, details, parties, contact_phone, received_on, leader, responsible_unit,
    plan. `milestones`: [{"title", "due_date"}, …], at least one. The case starts open.
    """
    if problems := _missing(details):
        raise TransitionError(*problems)
    rows = _clean_milestones(milestones)
    case = PetitionCase.objects.create(
        school=school,
        created_by=by,
        state=PetitionState.OPEN,
        **{name: details.get(name, "") for name in CASE_FIELDS},
    )
    Milestone.objects.bulk_create([Milestone(case=case, title=title, due_date=due) for title, due in rows])
    _event(case, PetitionAction.RECORDED, by, to_state=PetitionState.OPEN)
    return case


@transaction.atomic
def case_update(*, case, by, details) -> PetitionCase:
    """Change what the case is about and who answers for it; refused once it is closed."""
    if problems := _missing(details):
        raise TransitionError(*problems)
    changes = {name: details[name] for name in CASE_FIELDS if name in details}
    changed = [name for name, value in changes.items() if getattr(case, name) != value]
    updated = PetitionCase.objects.filter(pk=case.pk).exclude(state=PetitionState.CLOSED).update(**changes)
    if updated != 1:
        raise TransitionError(_("A closed case can no longer be changed."))
    for name, value in changes.items():
        setattr(case, name, value)
    if changed:
        # The field names, not their labels: the timeline shows them in the reader's language.
        _event(case, PetitionAction.EDITED, by, comment=" ".join(changed))
    return case


@transaction.atomic
def case_start(*, case, by) -> PetitionCase:
    """Work on an open case has begun."""
    return _transition(
        case, expected=PetitionState.OPEN, to=PetitionState.IN_PROGRESS, action=PetitionAction.STARTED,
        by=by, refused=_("Only an open case can be started."),
    )  # fmt: skip


def _start_if_open(case, by):
    """The first sign of progress moves an open case to in progress; if someone else moved it
    first, there is nothing to do."""
    if case.state == PetitionState.OPEN:
        try:
            case_start(case=case, by=by)
        except TransitionError:
            case.refresh_from_db(fields=["state"])


@transaction.atomic
def milestone_add(*, case, by, title, due_date) -> Milestone:
    """Another step of the plan, while work on the case goes on."""
    if not title.strip() or due_date is None:
        raise TransitionError(_("A milestone needs a description and a due date."))
    if _locked_state(case) not in ACTIVE_STATES:
        raise TransitionError(_("Milestones can be added while the case is open or in progress."))
    milestone = Milestone.objects.create(case=case, title=title.strip(), due_date=due_date)
    _event(case, PetitionAction.MILESTONE_ADDED, by, comment=f"{due_date:%Y-%m-%d} {milestone.title}")
    return milestone


@transaction.atomic
def milestone_mark(*, milestone, by, done) -> Milestone:
    """Tick a milestone off (`done=True`) or take the tick back (`done=False`)."""
    case = milestone.case
    if _locked_state(case) not in ACTIVE_STATES:
        raise TransitionError(_("Milestones can be changed while the case is open or in progress."))
    now = timezone.now()
    if done:
        updated = Milestone.objects.filter(pk=milestone.pk, done_at__isnull=True).update(
            done_at=now, done_by=by
        )
        refused, action = _("This milestone is already done."), PetitionAction.MILESTONE_DONE
        milestone.done_at, milestone.done_by = now, by
    else:
        updated = Milestone.objects.filter(pk=milestone.pk, done_at__isnull=False).update(
            done_at=None, done_by=None
        )
        refused, action = _("This milestone is not marked done."), PetitionAction.MILESTONE_UNDONE
        milestone.done_at, milestone.done_by = None, None
    if updated != 1:
        raise TransitionError(refused)
    _event(case, action, by, comment=f"{milestone.due_date:%Y-%m-%d} {milestone.title}")
    if done:
        _start_if_open(case, by)
    return milestone


@transaction.atomic
def note_add(*, case, by, text, happened_on) -> ProgressNote:
    """A dated progress note; refused on a closed case. The first note starts an open case."""
    if not text.strip():
        raise TransitionError(_("Write what was done."))
    if happened_on > timezone.localdate():
        raise TransitionError(_("The date of a progress note cannot be in the future."))
    if _locked_state(case) == PetitionState.CLOSED:
        raise TransitionError(_("A closed case takes no more progress notes."))
    note = ProgressNote.objects.create(case=case, by=by, text=text.strip(), happened_on=happened_on)
    _start_if_open(case, by)
    return note


@transaction.atomic
def case_resolve(*, case, by, resolution) -> PetitionCase:
    """The school or the bureau says the case is resolved, and how; the bureau then closes it.

    The compare-and-set expects the state the caller read: if the case moved meanwhile, the proposal
    is refused and the user sees the case as it now is.
    """
    if not resolution.strip():
        raise TransitionError(_("Say how the case was resolved."))
    if case.state not in ACTIVE_STATES:
        raise TransitionError(_("Only an open case or one in progress can be proposed as resolved."))
    return _transition(
        case, expected=case.state, to=PetitionState.RESOLVED, action=PetitionAction.RESOLVED, by=by,
        refused=_("The case changed meanwhile: look at it again before proposing it as resolved."),
        comment=resolution.strip(), resolution=resolution.strip(), resolved_at=timezone.now(),
    )  # fmt: skip


@transaction.atomic
def case_close(*, case, by, comment="") -> PetitionCase:
    """The bureau accepts the resolution and closes the case (案结事了)."""
    return _transition(
        case, expected=PetitionState.RESOLVED, to=PetitionState.CLOSED, action=PetitionAction.CLOSED, by=by,
        refused=_("Only a case proposed as resolved can be closed."), comment=comment.strip(),
        closed_at=timezone.now(),
    )  # fmt: skip


@transaction.atomic
def case_reopen(*, case, by, reason) -> PetitionCase:
    """The bureau sends a resolved or closed case back to work, saying why."""
    if not reason.strip():
        raise TransitionError(_("Say why the case is reopened."))
    if case.state not in REOPENABLE:
        raise TransitionError(_("Only a resolved or closed case can be reopened."))
    return _transition(
        case, expected=case.state, to=PetitionState.IN_PROGRESS, action=PetitionAction.REOPENED, by=by,
        refused=_("The case changed meanwhile: look at it again before reopening it."),
        comment=reason.strip(), resolved_at=None, closed_at=None,
    )  # fmt: skip
