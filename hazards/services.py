"""Every write to the hazard register (R4).

Each state change is a compare-and-set: `filter(pk=…, state=expected).update(…)` and a check that
exactly one row changed. Two inspectors verifying at once, or a school submitting while the bureau
returns, cannot both win — on SQLite and PostgreSQL alike — and the loser gets a TransitionError.
Every change writes a HazardEvent (who, when, from, to, why) in the same transaction.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.services import TransitionError

from .enums import ExtensionState, HazardAction, HazardSeverity, HazardState, PhotoKind
from .models import DEFAULT_RECHECK_AFTER, ExtensionRequest, Hazard, HazardEvent, HazardPhoto, WatchRecord

PLAN_FIELDS = ("interim_measures", "rectification_plan", "responsible_person", "deadline")


def _event(hazard, action, by, *, from_state="", to_state="", comment=""):
    return HazardEvent.objects.create(
        hazard=hazard, action=action, by=by, from_state=from_state, to_state=to_state, comment=comment
    )


def _transition(hazard, *, expected, to, action, by, refused, comment="", **changes):
    """Move `hazard` from `expected` to `to` only if nobody moved it first."""
    updated = Hazard.objects.filter(pk=hazard.pk, state=expected).update(state=to, **changes)
    if updated != 1:
        raise TransitionError(refused)
    hazard.state = to
    for field, value in changes.items():
        setattr(hazard, field, value)
    _event(hazard, action, by, from_state=expected, to_state=to, comment=comment)
    return hazard


def _add_photos(hazard, photos, kind, by):
    """`photos` are `common.images.Photo` values, already checked and re-encoded."""
    for photo in photos:
        HazardPhoto.objects.create(
            hazard=hazard, kind=kind, image=photo.image, thumbnail=photo.thumbnail, uploaded_by=by
        )


def _missing_plan(plan):
    labels = {
        "interim_measures": _("interim safety measures"),
        "rectification_plan": _("a rectification plan"),
        "responsible_person": _("a responsible person"),
        "deadline": _("a deadline"),
    }
    return [labels[field] for field in PLAN_FIELDS if not plan.get(field)]


@transaction.atomic
def hazard_record(
    *, school, by, details, found_photos=(), rectified_on_spot=False, after_photos=(), plan=None,
    inspection_item=None,
) -> Hazard:  # fmt: skip
    """Enter a hazard in the register.

    `details`: area, description, location, source, found_by, found_at, severity, campaign.
    Rectified on the spot needs an after photo and goes to the bureau for verification. Otherwise a
    `plan` (interim measures, rectification plan, responsible person, deadline) puts it under
    rectification; with no plan — the bureau found it, or a tip-off — the school owes the plan.
    """
    if rectified_on_spot and not after_photos:
        raise TransitionError(_("A hazard rectified on the spot needs a photo taken after rectification."))
    if plan is not None and (missing := _missing_plan(plan)):
        raise TransitionError(*[_("Missing: %(what)s") % {"what": item} for item in missing])
    if rectified_on_spot:
        state, action = HazardState.AWAITING_VERIFICATION, HazardAction.RECTIFIED_ON_SPOT
    elif plan is not None:
        state, action = HazardState.RECTIFYING, HazardAction.PLANNED
    else:
        state, action = HazardState.REPORTED, HazardAction.REPORTED
    hazard = Hazard.objects.create(
        school=school, created_by=by, state=state, rectified_on_spot=rectified_on_spot,
        inspection_item=inspection_item, **details, **(plan or {}),
    )  # fmt: skip
    _add_photos(hazard, found_photos, PhotoKind.FOUND, by)
    _add_photos(hazard, after_photos, PhotoKind.AFTER, by)
    _event(hazard, action, by, to_state=state)
    return hazard


@transaction.atomic
def hazard_plan(*, hazard, by, plan) -> Hazard:
    """The school's measures, plan, responsible person and deadline for a reported hazard."""
    if missing := _missing_plan(plan):
        raise TransitionError(*[_("Missing: %(what)s") % {"what": item} for item in missing])
    return _transition(
        hazard, expected=HazardState.REPORTED, to=HazardState.RECTIFYING, action=HazardAction.PLANNED, by=by,
        refused=_("This hazard already has a rectification plan."), **plan,
    )  # fmt: skip


@transaction.atomic
def hazard_submit_rectification(*, hazard, by, note, photos) -> Hazard:
    """The school says the work is done, with evidence; the bureau verifies it next."""
    if not photos:
        raise TransitionError(_("Add at least one photo taken after rectification."))
    if not note.strip():
        raise TransitionError(_("Describe what was done."))
    _transition(
        hazard, expected=HazardState.RECTIFYING, to=HazardState.AWAITING_VERIFICATION,
        action=HazardAction.SUBMITTED, by=by, comment=note.strip(),
        refused=_("Only a hazard under rectification can be submitted."), rectification_note=note.strip(),
    )  # fmt: skip
    _add_photos(hazard, photos, PhotoKind.AFTER, by)
    return hazard


@transaction.atomic
def hazard_verify(*, hazard, by, comment="", recheck_date=None) -> Hazard:
    """The bureau checks the work and closes the hazard, setting the day of its re-check (回头看)."""
    now = timezone.now()
    recheck_date = recheck_date or timezone.localdate(now) + DEFAULT_RECHECK_AFTER
    return _transition(
        hazard, expected=HazardState.AWAITING_VERIFICATION, to=HazardState.CLOSED,
        action=HazardAction.VERIFIED, by=by, comment=comment,
        refused=_("Only a hazard awaiting verification can be verified."),
        closed_at=now, recheck_date=recheck_date,
    )  # fmt: skip


@transaction.atomic
def hazard_return(*, hazard, by, reason) -> Hazard:
    if not reason.strip():
        raise TransitionError(_("Say why the rectification is not accepted."))
    return _transition(
        hazard, expected=HazardState.AWAITING_VERIFICATION, to=HazardState.RECTIFYING,
        action=HazardAction.RETURNED, by=by, comment=reason.strip(),
        refused=_("Only a hazard awaiting verification can be returned."),
    )  # fmt: skip


@transaction.atomic
def hazard_supervise(*, hazard, by, supervisor) -> Hazard:
    """挂牌督办: the bureau lists a major hazard for supervised rectification."""
    if hazard.severity != HazardSeverity.MAJOR:
        raise TransitionError(_("Only a major hazard is listed for supervised rectification."))
    updated = (
        Hazard.objects.filter(pk=hazard.pk, supervised=False)
        .exclude(state=HazardState.CLOSED)
        .update(supervised=True, supervisor=supervisor)
    )
    if updated != 1:
        raise TransitionError(_("This hazard is already supervised, or closed."))
    hazard.supervised, hazard.supervisor = True, supervisor
    _event(hazard, HazardAction.SUPERVISED, by, comment=str(supervisor))
    return hazard


def watch_record_add(*, hazard, by, kind, watcher, watched_at, observation) -> WatchRecord:
    if not hazard.supervised or hazard.state == HazardState.CLOSED:
        raise TransitionError(_("Watch records are kept for supervised hazards until they close."))
    return WatchRecord.objects.create(
        hazard=hazard,
        kind=kind,
        watcher=watcher,
        watched_at=watched_at,
        observation=observation,
        recorded_by=by,
    )


@transaction.atomic
def extension_request(*, hazard, by, requested_deadline, reason) -> ExtensionRequest:
    if hazard.state != HazardState.RECTIFYING or hazard.deadline is None:
        raise TransitionError(_("An extension can be asked for while the hazard is being rectified."))
    if requested_deadline <= hazard.deadline:
        raise TransitionError(_("The new deadline must be later than the current one."))
    # Lock the hazard so two requests at once cannot both see "no pending request".
    Hazard.objects.select_for_update().filter(pk=hazard.pk).first()
    if hazard.extension_requests.filter(state=ExtensionState.PENDING).exists():
        raise TransitionError(_("An extension request is already waiting for the bureau."))
    request = ExtensionRequest.objects.create(
        hazard=hazard, requested_deadline=requested_deadline, reason=reason.strip(), requested_by=by
    )
    _event(hazard, HazardAction.EXTENSION_REQUESTED, by, comment=f"{requested_deadline:%Y-%m-%d} {reason}")
    return request


@transaction.atomic
def extension_decide(*, request, by, grant, note="") -> ExtensionRequest:
    state = ExtensionState.GRANTED if grant else ExtensionState.REFUSED
    updated = ExtensionRequest.objects.filter(pk=request.pk, state=ExtensionState.PENDING).update(
        state=state, decided_by=by, decided_at=timezone.now(), decision_note=note.strip()
    )
    if updated != 1:
        raise TransitionError(_("This request has already been decided."))
    request.state = state
    hazard = request.hazard
    if grant:
        Hazard.objects.filter(pk=hazard.pk).update(deadline=request.requested_deadline)
        hazard.deadline = request.requested_deadline
    action = HazardAction.EXTENSION_GRANTED if grant else HazardAction.EXTENSION_REFUSED
    _event(hazard, action, by, comment=note.strip())
    return request


@transaction.atomic
def hazard_recheck(*, hazard, by, recurred, note="") -> Hazard | None:
    """回头看: the bureau re-checks a closed hazard. If the problem is back, a rebound hazard is
    opened, linked to the original and counted (R4.5); the school owes it a new plan."""
    now = timezone.now()
    updated = Hazard.objects.filter(pk=hazard.pk, state=HazardState.CLOSED, rechecked_at__isnull=True).update(
        rechecked_at=now
    )
    if updated != 1:
        raise TransitionError(_("Only a closed hazard not yet re-checked can be re-checked."))
    hazard.rechecked_at = now
    _event(hazard, HazardAction.REBOUND if recurred else HazardAction.RECHECKED, by, comment=note)
    if not recurred:
        return None
    details = {
        "campaign": hazard.campaign, "area": hazard.area, "location": hazard.location,
        "description": note.strip() or hazard.description, "source": hazard.source,
        "found_by": by.get_full_name() if by else "", "found_at": now, "severity": hazard.severity,
    }  # fmt: skip
    rebound = hazard_record(school=hazard.school, by=by, details=details)
    Hazard.objects.filter(pk=rebound.pk).update(rebound_of=hazard)
    rebound.rebound_of = hazard
    return rebound
