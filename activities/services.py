"""Every write to safety education sessions, emergency drills and a campaign's required topics (R5).

A drill's state changes are compare-and-set updates (`filter(pk=…, state=expected).update(…)` and a
check that exactly one row changed): two people recording the same drill as done, or one cancelling
it while another records it, cannot both win — on SQLite and PostgreSQL alike — and the loser gets a
TransitionError. Every change writes a DrillEvent (who, when, from, to, why) in the same transaction.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hazards import services as hazard_services
from hazards.enums import HazardSource
from plans.services import TransitionError

from .enums import NOT_REOPENED_FORMS, DrillAction, DrillState
from .models import (
    Drill,
    DrillEvent,
    DrillPhoto,
    DrillProblem,
    EducationSession,
    RequiredTopic,
    SessionPhoto,
    SessionTopic,
)

# A campaign's records run from its first day until a week after the sessions close: the week in
# which the schools write their summaries (R1.2).
AFTERMATH = timedelta(days=7)
PLAN_FIELDS = ("kind", "title", "planned_date", "organiser", "scenario", "campaign")


def campaign_window(campaign):
    """(first day, last day) a session or drill of `campaign` may fall on."""
    return campaign.start_date, campaign.closing_date + AFTERMATH


def check_campaign(*, school, campaign, day):
    """Refuse a campaign that does not cover the school, or a day outside the campaign."""
    if campaign is None:
        return
    if campaign.bureau_id != school.bureau_id or not campaign.schools.filter(pk=school.pk).exists():
        raise TransitionError(_("This campaign does not cover the school."))
    first, last = campaign_window(campaign)
    if not first <= day <= last:
        raise TransitionError(
            _("%(day)s is outside the campaign, which runs from %(first)s to %(last)s.")
            % {"day": f"{day:%Y-%m-%d}", "first": f"{first:%Y-%m-%d}", "last": f"{last:%Y-%m-%d}"}
        )


def _add_photos(model, photos, by, **owner):
    """`photos` are `common.images.Photo` values, already checked and re-encoded."""
    for photo in photos:
        model.objects.create(image=photo.image, thumbnail=photo.thumbnail, uploaded_by=by, **owner)


# --- Education sessions ---------------------------------------------------------------------------


@transaction.atomic
def session_record(
    *, school, by, date, form, topics, title, audience, participants, presenter="", content="",
    campaign=None, photos=(),
) -> EducationSession:  # fmt: skip
    """Record a session the school held. A school that has not reopened holds online classes only."""
    topics = list(dict.fromkeys(topics))
    if not topics:
        raise TransitionError(_("Choose at least one topic."))
    if not school.reopened and form not in NOT_REOPENED_FORMS:
        raise TransitionError(_("The school has not reopened: its sessions are online classes."))
    if date > timezone.localdate():
        raise TransitionError(_("A session cannot be recorded before the day it is held."))
    check_campaign(school=school, campaign=campaign, day=date)
    session = EducationSession.objects.create(
        school=school, campaign=campaign, date=date, form=form, title=title.strip(),
        audience=audience.strip(), participants=participants, presenter=presenter.strip(),
        content=content.strip(), created_by=by,
    )  # fmt: skip
    SessionTopic.objects.bulk_create(SessionTopic(session=session, topic=topic) for topic in topics)
    _add_photos(SessionPhoto, photos, by, session=session)
    return session


# --- Drills ---------------------------------------------------------------------------------------


def _event(drill, action, by, *, from_state="", to_state="", comment=""):
    return DrillEvent.objects.create(
        drill=drill, action=action, by=by, from_state=from_state, to_state=to_state, comment=comment
    )


def _transition(drill, *, to, action, by, refused, comment="", expected=DrillState.PLANNED, **changes):
    """Move `drill` from `expected` to `to` only if nobody moved it first."""
    updated = Drill.objects.filter(pk=drill.pk, state=expected).update(state=to, **changes)
    if updated != 1:
        raise TransitionError(refused)
    drill.state = to
    for field, value in changes.items():
        setattr(drill, field, value)
    _event(drill, action, by, from_state=expected, to_state=to, comment=comment)
    return drill


@transaction.atomic
def drill_plan(
    *, school, by, kind, planned_date, title="", organiser="", scenario="", campaign=None
) -> Drill:
    """Plan a drill for a day; it is reminded that morning and daily once overdue until it is done."""
    check_campaign(school=school, campaign=campaign, day=planned_date)
    drill = Drill.objects.create(
        school=school, campaign=campaign, kind=kind, planned_date=planned_date, title=title.strip(),
        organiser=organiser.strip(), scenario=scenario.strip(), state=DrillState.PLANNED, created_by=by,
    )  # fmt: skip
    _event(drill, DrillAction.PLANNED, by, to_state=DrillState.PLANNED)
    return drill


@transaction.atomic
def drill_change_plan(*, drill, by, plan) -> Drill:
    """Change a drill that is still planned (another day, another commander…); `plan` holds
    PLAN_FIELDS. A new day restarts its reminders."""
    check_campaign(school=drill.school, campaign=plan.get("campaign"), day=plan["planned_date"])
    changes = {
        name: plan[name].strip() if isinstance(plan[name], str) else plan[name] for name in PLAN_FIELDS
    }
    comment = ""
    if plan["planned_date"] != drill.planned_date:
        comment = f"{drill.planned_date:%Y-%m-%d} → {plan['planned_date']:%Y-%m-%d}"
    updated = Drill.objects.filter(pk=drill.pk, state=DrillState.PLANNED).update(**changes)
    if updated != 1:
        raise TransitionError(_("Only a planned drill can be changed."))
    for field, value in changes.items():
        setattr(drill, field, value)
    _event(drill, DrillAction.CHANGED, by, comment=comment)
    return drill


@transaction.atomic
def drill_record_done(
    *, drill, by, held_on, participants, duration_minutes, evaluation, evacuation_seconds=None,
    problems=(), photos=(),
) -> Drill:  # fmt: skip
    """The drill took place: how many took part, how long it took, the evacuation time, the problems
    it brought to light (one each, so each can become a hazard) and the evaluation."""
    if held_on > timezone.localdate():
        raise TransitionError(_("A drill cannot be recorded as done before the day it is held."))
    if not evaluation.strip():
        raise TransitionError(_("Evaluate the drill: what went well, what must improve."))
    _transition(
        drill, to=DrillState.DONE, action=DrillAction.DONE, by=by,
        refused=_("This drill is no longer planned: it has been recorded or cancelled."),
        held_on=held_on, participants=participants, duration_minutes=duration_minutes,
        evacuation_seconds=evacuation_seconds, evaluation=evaluation.strip(),
    )  # fmt: skip
    texts = [text.strip() for text in problems if text.strip()]
    DrillProblem.objects.bulk_create(DrillProblem(drill=drill, description=text) for text in texts)
    _add_photos(DrillPhoto, photos, by, drill=drill)
    return drill


@transaction.atomic
def drill_cancel(*, drill, by, reason) -> Drill:
    if not reason.strip():
        raise TransitionError(_("Say why the drill is cancelled."))
    return _transition(
        drill, to=DrillState.CANCELLED, action=DrillAction.CANCELLED, by=by,
        refused=_("This drill is no longer planned: it has been recorded or cancelled."),
        comment=reason.strip(), cancel_reason=reason.strip(),
    )  # fmt: skip


@transaction.atomic
def drill_problem_to_hazard(*, problem, by, area, location, severity, description=""):
    """Enter a problem the drill found in the hazard register (`hazards.services.hazard_record`), as
    the school's self-report. It has no plan yet: the school owes interim measures, a plan, a
    responsible person and a deadline on the hazard's page. The link stays on the problem."""
    drill = problem.drill
    if drill.state != DrillState.DONE:
        raise TransitionError(_("Problems are entered as hazards once the drill is recorded as done."))
    if problem.hazard_id is not None:
        raise TransitionError(_("This problem is already in the hazard register."))
    now = timezone.now()
    # Found at the drill, on the day it was held; the time of day is not known, so this minute's.
    found_at = timezone.make_aware(datetime.combine(drill.held_on, timezone.localtime(now).time()))
    details = {
        "campaign": drill.campaign, "area": area, "description": (description or problem.description).strip(),
        "location": location.strip(), "source": HazardSource.SELF_REPORT,
        "found_by": (by.get_full_name() if by else "") or drill.organiser or drill.get_kind_display(),
        "found_at": min(found_at, now), "severity": severity,
    }  # fmt: skip
    hazard = hazard_services.hazard_record(school=drill.school, by=by, details=details)
    # Compare-and-set: two people entering the same problem at once make one hazard; the second one's
    # hazard is rolled back with this transaction.
    if DrillProblem.objects.filter(pk=problem.pk, hazard__isnull=True).update(hazard=hazard) != 1:
        raise TransitionError(_("This problem is already in the hazard register."))
    problem.hazard = hazard
    _event(drill, DrillAction.HAZARD, by, comment=f"#{hazard.pk} {details['description'][:100]}")
    return hazard


# --- Required topics ------------------------------------------------------------------------------


@transaction.atomic
def required_topics_save(*, campaign, minimums) -> list[RequiredTopic]:
    """`minimums`: topic → sessions each covered school must hold on it in the campaign; 0 (or a
    topic left out) is no requirement."""
    keep = {topic: minimum for topic, minimum in minimums.items() if minimum}
    RequiredTopic.objects.filter(campaign=campaign).exclude(topic__in=list(keep)).delete()
    for topic, minimum in keep.items():
        RequiredTopic.objects.update_or_create(campaign=campaign, topic=topic, defaults={"minimum": minimum})
    return list(campaign.required_topics.all())
