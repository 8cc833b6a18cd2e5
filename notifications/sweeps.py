"""What is due for reminding now (R11), found with a fixed number of queries per sweep.

Each sweep returns `Due` values — who, which item, which stage, what to say — and never writes;
`outbox.add` stores them. A sweep reads its candidates, the people to tell and what is already done
in a handful of queries whatever the number of schools, then works in memory.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from activities.enums import DrillState
from activities.models import Drill
from duty.models import Incident
from hazards.enums import HazardAction, HazardSeverity, HazardState
from hazards.models import Hazard, HazardEvent
from hazards.selectors import UNPUBLISHED_VISIT
from plans.enums import SubmissionState
from plans.models import Campaign, Deliverable, Submission
from schools.enums import Role
from schools.models import Membership

from . import rules

SCHOOL_RECIPIENTS = (Role.PRINCIPAL, Role.SAFETY_OFFICER)
DONE = (SubmissionState.SUBMITTED, SubmissionState.ACCEPTED)
OVERDUE_HORIZON = timedelta(days=30)  # stop nagging about what is a month past its due moment


@dataclass(frozen=True)
class Due:
    recipient_id: int
    item_key: str
    stage: str
    text: str
    url: str = ""


def _people(*, school_ids=(), bureau_ids=(), school_roles=SCHOOL_RECIPIENTS, bureau_roles=()):
    """Active members by school and by bureau, in one query: ({school: [user]}, {bureau: [user]})."""
    members = Membership.objects.filter(user__is_active=True).filter(
        Q(school_id__in=school_ids, role__in=school_roles)
        | Q(bureau_id__in=bureau_ids, role__in=bureau_roles)
    )
    by_school, by_bureau = defaultdict(list), defaultdict(list)
    for membership in members.only("user_id", "school_id", "bureau_id"):
        if membership.school_id:
            by_school[membership.school_id].append(membership.user_id)
        else:
            by_bureau[membership.bureau_id].append(membership.user_id)
    return by_school, by_bureau


def _when(moment):
    return date_format(timezone.localtime(moment), "Y-m-d H:i")


# --- Deliverables: work plans, duty rosters, summaries ----------------------------------------


def _deliverable_text(deliverable, stage):
    values = {"what": deliverable.get_kind_display(), "campaign": deliverable.campaign.name,
              "due": _when(deliverable.due_at)}  # fmt: skip
    if stage.startswith("overdue"):
        return _("%(what)s for %(campaign)s is overdue (it was due %(due)s)") % values
    return _("%(what)s for %(campaign)s is due %(due)s") % values


def deliverable_reminders(now=None):
    """Schools that have not handed in (or got back) a deliverable: 3 days and 1 day before, the
    morning it is due, then daily; and, daily, the bureau's list of overdue schools."""
    now = now or timezone.now()
    deliverables = list(
        Deliverable.objects.filter(due_at__lte=now + timedelta(days=3), due_at__gte=now - OVERDUE_HORIZON)
        .select_related("campaign")
    )  # fmt: skip
    covered = defaultdict(list)
    for link in Campaign.schools.through.objects.filter(campaign__deliverables__in=deliverables).distinct():
        covered[link.campaign_id].append(link.school_id)
    done = set(
        Submission.objects.filter(deliverable__in=deliverables, state__in=DONE).values_list(
            "deliverable_id", "school_id"
        )
    )
    bureau_ids = {d.campaign.bureau_id for d in deliverables}
    school_ids = {school for schools in covered.values() for school in schools}
    by_school, by_bureau = _people(
        school_ids=school_ids, bureau_ids=bureau_ids, bureau_roles=(Role.BUREAU_ADMIN,)
    )
    due = []
    for deliverable in deliverables:
        stage = rules.deliverable_stage(deliverable.due_at, now)
        if stage is None:
            continue
        late = [s for s in covered[deliverable.campaign_id] if (deliverable.pk, s) not in done]
        url = reverse("plans:campaign_detail", args=[deliverable.campaign_id])
        text = _deliverable_text(deliverable, stage)
        for school_id in late:
            key = f"deliverable:{deliverable.pk}:school:{school_id}"
            due += [Due(user, key, stage, text, url) for user in by_school[school_id]]
        due += _bureau_overdue_list(deliverable, late, stage, by_bureau[deliverable.campaign.bureau_id])
    return due


def _bureau_overdue_list(deliverable, late, stage, admins):
    if not late or not stage.startswith("overdue"):
        return []
    text = _("%(what)s for %(campaign)s: %(count)s schools overdue") % {
        "what": deliverable.get_kind_display(), "campaign": deliverable.campaign.name, "count": len(late),
    }  # fmt: skip
    url = reverse("plans:board", args=[deliverable.campaign_id]) + "?status=overdue"
    return [Due(user, f"overdue-list:{deliverable.pk}", stage, text, url) for user in admins]


# --- Hazards ------------------------------------------------------------------------------------


def hazard_reminders(now=None):
    """Open hazards 2 days before and on their deadline, then daily when overdue (and, for major or
    supervised ones, the supervising official too); closed hazards whose re-check day has come."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    hazards = list(
        Hazard.objects.exclude(state=HazardState.CLOSED)
        .exclude(UNPUBLISHED_VISIT)
        .filter(deadline__lte=today + timedelta(days=2), deadline__gte=today - OVERDUE_HORIZON)
        .select_related("school")
    )  # fmt: skip
    rechecks = list(
        Hazard.objects.filter(state=HazardState.CLOSED, rechecked_at__isnull=True, recheck_date__lte=today)
        .select_related("school")
    )  # fmt: skip
    bureau_ids = {h.school.bureau_id for h in hazards + rechecks}
    by_school, by_bureau = _people(
        school_ids={h.school_id for h in hazards}, bureau_ids=bureau_ids,
        bureau_roles=(Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR),
    )  # fmt: skip
    due = []
    for hazard in hazards:
        due += _hazard_dues(hazard, rules.hazard_stage(hazard.deadline, now), by_school, by_bureau)
    due += _recheck_dues(rechecks, by_bureau)
    return due


def _hazard_dues(hazard, stage, by_school, by_bureau):
    if stage is None:
        return []
    values = {"school": hazard.school.name, "what": hazard.description[:40], "deadline": hazard.deadline}
    if stage.startswith("overdue"):
        text = _("Hazard overdue at %(school)s: %(what)s (deadline %(deadline)s)") % values
    else:
        text = _("Hazard due for rectification at %(school)s: %(what)s (deadline %(deadline)s)") % values
    url = reverse("hazards:detail", args=[hazard.pk])
    key = f"hazard:{hazard.pk}"
    recipients = list(by_school[hazard.school_id])
    if stage.startswith("overdue") and (hazard.supervised or hazard.severity == HazardSeverity.MAJOR):
        # The supervising official answers for it; a major hazard not yet supervised goes to the bureau.
        if hazard.supervisor_id:
            recipients.append(hazard.supervisor_id)
        else:
            recipients.extend(by_bureau[hazard.school.bureau_id])
    return [Due(user, key, stage, text, url) for user in dict.fromkeys(recipients)]


def _recheck_dues(rechecks, by_bureau):
    """The inspector who verified the hazard re-checks it; if unknown, the bureau's inspectors."""
    verifiers = dict(
        HazardEvent.objects.filter(hazard__in=rechecks, action=HazardAction.VERIFIED, by__isnull=False)
        .values_list("hazard_id", "by_id")
    )  # fmt: skip
    due = []
    for hazard in rechecks:
        text = _("Re-check (回头看) due at %(school)s: %(what)s") % {
            "school": hazard.school.name, "what": hazard.description[:40],
        }  # fmt: skip
        recipients = [verifiers[hazard.pk]] if hazard.pk in verifiers else by_bureau[hazard.school.bureau_id]
        url = reverse("hazards:detail", args=[hazard.pk])
        due += [Due(user, f"hazard:{hazard.pk}", "recheck", text, url) for user in recipients]
    return due


# --- Incidents ----------------------------------------------------------------------------------


def incident_reminders(now=None):
    """Written reports: the school before and at the due moment; the bureau once it is overdue."""
    now = now or timezone.now()
    incidents = list(
        Incident.objects.filter(
            written_at__isnull=True,
            written_due_at__lte=now + rules.INCIDENT_WARNING,
            written_due_at__gte=now - OVERDUE_HORIZON,
        ).select_related("school")
    )
    by_school, by_bureau = _people(
        school_ids={i.school_id for i in incidents}, bureau_ids={i.school.bureau_id for i in incidents},
        bureau_roles=(Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR),
    )  # fmt: skip
    due = []
    for incident in incidents:
        stage = rules.incident_stage(incident.written_due_at, now)
        values = {"school": incident.school.name, "what": incident.get_category_display(),
                  "due": _when(incident.written_due_at)}  # fmt: skip
        url = reverse("duty:incident_detail", args=[incident.pk])
        key = f"incident:{incident.pk}"
        school_text = _("Written report due %(due)s: %(what)s at %(school)s") % values
        due += [Due(user, key, stage, school_text, url) for user in by_school[incident.school_id]]
        if stage == "due":
            bureau_text = _("Written report overdue since %(due)s: %(what)s at %(school)s") % values
            due += [
                Due(user, key, "overdue", bureau_text, url) for user in by_bureau[incident.school.bureau_id]
            ]
    return due


# --- Drills -------------------------------------------------------------------------------------


def drill_reminders(now=None):
    """Planned drills not recorded as done: the school's principal and safety officers the morning of
    the planned day, then daily while overdue. The planned day is part of the item, so a drill moved
    to another day is reminded afresh."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    drills = list(
        Drill.objects.filter(
            state=DrillState.PLANNED, planned_date__lte=today, planned_date__gte=today - OVERDUE_HORIZON
        ).select_related("school")
    )
    by_school, _by_bureau = _people(school_ids={d.school_id for d in drills})
    due = []
    for drill in drills:
        stage = rules.hazard_stage(drill.planned_date, now)  # due-day, then overdue-<date>, from 08:00
        if stage is None:
            continue
        values = {"school": drill.school.name, "what": drill.display_name[:40], "day": drill.planned_date}
        if stage.startswith("overdue"):
            text = _("Drill overdue at %(school)s: %(what)s (planned %(day)s), not yet recorded") % values
        else:
            text = _("Drill planned for today at %(school)s: %(what)s") % values
        url = reverse("activities:drill_detail", args=[drill.pk])
        key = f"drill:{drill.pk}:{drill.planned_date}"
        due += [Due(user, key, stage, text, url) for user in by_school[drill.school_id]]
    return due


SWEEPS = {
    "deliverables": deliverable_reminders,
    "hazards": hazard_reminders,
    "incidents": incident_reminders,
    "drills": drill_reminders,
}
