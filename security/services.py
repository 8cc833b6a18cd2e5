"""Every write of the gate register, the patrol log and the police-room checklist (R6.1, R6.2).

Each state change is a compare-and-set: `filter(pk=…, state=expected).update(…)` and a check that
exactly one row changed, so two guards tapping "out" at once, or a host's answer recorded twice,
cannot both win — on SQLite and PostgreSQL alike; the loser gets a TransitionError. Every change
writes its event row (who, when, from, to, why) in the same transaction.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hazards.enums import HazardSeverity, HazardSource
from hazards.services import hazard_record
from plans.models import Campaign
from plans.services import TransitionError

from .enums import EntryAction, EntryState, ItemStatus
from .equipment import REQUIRED_ITEMS
from .models import (
    GateEntry,
    GateEntryEvent,
    GateRules,
    Patrol,
    PatrolFinding,
    PoliceRoomChange,
    PoliceRoomItem,
)

# A campaign's records run until a week after the sessions close (the summary week, R1.2).
AFTERMATH = timedelta(days=7)

# --- The bureau's gate rules ------------------------------------------------------------------------


def rules_for(bureau) -> GateRules:
    rules, _created = GateRules.objects.get_or_create(bureau=bureau)
    return rules


def rules_update(*, rules, fever_threshold, class_periods, class_weekdays) -> GateRules:
    """New rules apply to entries registered from now on; registered ones keep their flag and state."""
    rules.fever_threshold = fever_threshold
    rules.class_periods = [[f"{start:%H:%M}", f"{end:%H:%M}"] for start, end in class_periods]
    rules.class_weekdays = sorted(int(day) for day in class_weekdays)
    rules.save()
    return rules


# --- The gate register ----------------------------------------------------------------------------


def _entry_event(entry, action, by, *, from_state="", to_state="", comment=""):
    return GateEntryEvent.objects.create(
        entry=entry, action=action, by=by, from_state=from_state, to_state=to_state, comment=comment
    )


@transaction.atomic
def gate_entry_register(
    *, school, by, visitor_name, phone, temperature, purpose, host, id_number="", vehicle_plate="",
    goods="", fever_reason="", time_in=None,
) -> GateEntry:  # fmt: skip
    """Register a visitor at the gate.

    A temperature at or above the bureau's limit is flagged, and refused unless a reason is given.
    During class at a reopened school (封闭管理) the entry waits for the host's confirmation;
    otherwise the visitor is inside at once.
    """
    rules = rules_for(school.bureau)
    time_in = time_in or timezone.now()
    flagged = rules.is_fever(temperature)
    if flagged and not fever_reason.strip():
        raise TransitionError(
            _("%(temperature)s °C is at or above the limit of %(limit)s °C: say why the visitor may enter.")
            % {"temperature": temperature, "limit": rules.fever_threshold}
        )
    state = EntryState.AWAITING_HOST if school.reopened and rules.in_class(time_in) else EntryState.INSIDE
    entry = GateEntry.objects.create(
        school=school, created_by=by, visitor_name=visitor_name.strip(), phone=phone.strip(),
        id_number=id_number.strip().upper(), vehicle_plate=vehicle_plate.strip().upper(), goods=goods.strip(),
        temperature=temperature, temperature_flagged=flagged, purpose=purpose.strip(), host=host.strip(),
        fever_reason=fever_reason.strip() if flagged else "", state=state, time_in=time_in,
    )  # fmt: skip
    _entry_event(entry, EntryAction.REGISTERED, by, to_state=state, comment=entry.fever_reason)
    return entry


def _entry_transition(entry, *, expected, to, action, by, refused, comment="", **changes):
    """Move `entry` from `expected` to `to` only if nobody moved it first."""
    updated = GateEntry.objects.filter(pk=entry.pk, state=expected).update(state=to, **changes)
    if updated != 1:
        raise TransitionError(refused)
    entry.state = to
    for field, value in changes.items():
        setattr(entry, field, value)
    _entry_event(entry, action, by, from_state=expected, to_state=to, comment=comment)
    return entry


@transaction.atomic
def gate_entry_answer(*, entry, by, confirmed, note="") -> GateEntry:
    """The host's answer to an entry during class, recorded by a school user: let in, or refused."""
    note = note.strip()
    return _entry_transition(
        entry, expected=EntryState.AWAITING_HOST,
        to=EntryState.INSIDE if confirmed else EntryState.REFUSED,
        action=EntryAction.CONFIRMED if confirmed else EntryAction.REFUSED, by=by, comment=note,
        refused=_("The host's answer for this visitor has already been recorded."),
        answered_by=by, answered_at=timezone.now(), answer_note=note,
    )  # fmt: skip


@transaction.atomic
def gate_entry_out(*, entry, by) -> GateEntry:
    """Time out: the visitor has left."""
    return _entry_transition(
        entry, expected=EntryState.INSIDE, to=EntryState.LEFT, action=EntryAction.LEFT, by=by,
        refused=_("Only a visitor who is inside can be timed out."), time_out=timezone.now(),
    )  # fmt: skip


# --- The patrol log -------------------------------------------------------------------------------


@transaction.atomic
def patrol_record(*, school, by, patrolled_by, patrolled_at, route, note="", findings=()) -> Patrol:
    """A patrol and what it found: `findings` are dicts of area, description and location."""
    patrol = Patrol.objects.create(
        school=school, created_by=by, patrolled_by=patrolled_by.strip(), patrolled_at=patrolled_at,
        route=route.strip(), note=note.strip(),
    )  # fmt: skip
    for finding in findings:
        finding_add(patrol=patrol, by=by, **finding)
    return patrol


def finding_add(*, patrol, by, area, description, location="") -> PatrolFinding:
    return PatrolFinding.objects.create(
        patrol=patrol, created_by=by, area=area, description=description.strip(), location=location.strip()
    )


def campaign_at(school, moment):
    """The latest campaign covering `school` that runs on the day of `moment` (its summary week
    included), or None."""
    day = timezone.localdate(moment)
    campaigns = Campaign.objects.filter(
        schools=school, start_date__lte=day, closing_date__gte=day - AFTERMATH
    )
    return campaigns.order_by("-start_date", "-pk").first()


@transaction.atomic
def finding_to_hazard(*, finding, by, severity=HazardSeverity.GENERAL):
    """Enter a patrol finding in the hazard register. The hazard waits for the school's rectification
    plan (hazards.services.hazard_record with no plan); the finding keeps the link."""
    if finding.hazard_id is not None:
        raise TransitionError(_("This finding is already in the hazard register."))
    patrol = finding.patrol
    details = {
        "campaign": campaign_at(patrol.school, patrol.patrolled_at), "area": finding.area,
        "description": finding.description, "location": finding.location or patrol.route,
        "source": HazardSource.SELF_REPORT, "found_by": patrol.patrolled_by, "found_at": patrol.patrolled_at,
        "severity": severity,
    }  # fmt: skip
    hazard = hazard_record(school=patrol.school, by=by, details=details)
    now = timezone.now()
    updated = PatrolFinding.objects.filter(pk=finding.pk, hazard__isnull=True).update(
        hazard=hazard, escalated_by=by, escalated_at=now
    )
    if updated != 1:  # entered by someone else meanwhile: the transaction drops this hazard again
        raise TransitionError(_("This finding is already in the hazard register."))
    finding.hazard, finding.escalated_by, finding.escalated_at = hazard, by, now
    return hazard


# --- The police room's equipment ------------------------------------------------------------------


@dataclass(frozen=True)
class ItemCheck:
    """What the school found for one required item; `was` is the status the page showed."""

    name: str
    status: str
    quantity: int | None = None
    expiry_date: date | None = None
    note: str = ""
    was: str = ItemStatus.UNCHECKED


@transaction.atomic
def police_room_save(*, school, by, checks) -> list[PoliceRoomItem]:
    """Record a check of the police room: every item's status, quantity, expiry date and note.

    Each item is updated only if its status is still the one the page showed (`was`): two people
    checking at once cannot overwrite each other unseen. A status change writes a PoliceRoomChange.
    """
    now = timezone.now()
    required = {item.name: (position, item) for position, item in enumerate(REQUIRED_ITEMS)}
    existing = {item.name: item for item in school.police_items.all()}
    saved = []
    for check in checks:
        if check.name not in required:
            raise TransitionError(_("%(item)s is not on the police room's list.") % {"item": check.name})
        position, rule = required[check.name]
        values = {
            "status": check.status, "quantity": check.quantity, "expiry_date": check.expiry_date,
            "note": check.note.strip(), "checked_by": by, "checked_at": now,
        }  # fmt: skip
        item = existing.get(check.name)
        if item is None:
            if check.was != ItemStatus.UNCHECKED:
                raise _changed_meanwhile(check.name)
            try:
                item = PoliceRoomItem.objects.create(
                    school=school, name=check.name, position=position, required_quantity=rule.quantity,
                    has_expiry=rule.has_expiry, **values,
                )  # fmt: skip
            except IntegrityError:  # created by someone else since the page was opened
                raise _changed_meanwhile(check.name) from None
            previous = ItemStatus.UNCHECKED
        else:
            previous = item.status
            if PoliceRoomItem.objects.filter(pk=item.pk, status=check.was).update(**values) != 1:
                raise _changed_meanwhile(check.name)
            for field, value in values.items():
                setattr(item, field, value)
        if previous != check.status:
            PoliceRoomChange.objects.create(
                item=item, from_status=previous, to_status=check.status, by=by, at=now, comment=item.note
            )
        saved.append(item)
    return saved


def _changed_meanwhile(name):
    return TransitionError(
        _("%(item)s was changed by someone else after you opened the page. Check it again.") % {"item": name}
    )
