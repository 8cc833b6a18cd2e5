"""Reads of the accountability ledger and the notices to schools, scoped to what the user may see.

A school's principal and safety officer see their own school's entries, a bureau user the entries of
its bureau's schools; duty staff see none. The evidence linked to an entry is read through each
record's own scoped selector, so an unannounced visit the bureau has not published — and the hazards it
found — stay out of what a school sees even when an entry points at them.
"""

from collections import Counter

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from duty.selectors import incidents_for_user
from hazards.selectors import hazards_for_user, overdue_q
from inspections.selectors import inspections_for_user
from plans.enums import SubmissionState
from plans.models import Deliverable
from plans.selectors import campaigns_for_user, submissions_for_user
from schools.selectors import membership_of, schools_for_user

from .enums import ActionKind, EntryState, NoticeState
from .models import Entry, Notice
from .permissions import LEDGER_READERS

# Handed in too late to count, or never handed in: a draft or a returned plan past its due moment.
NOT_HANDED_IN = (SubmissionState.DRAFT, SubmissionState.RETURNED)


def entries_for_user(user):
    membership = membership_of(user)
    if membership is None or membership.role not in LEDGER_READERS:
        return Entry.objects.none()
    return Entry.objects.filter(school__in=schools_for_user(user))


def entry_for_user(user, pk):
    entries = entries_for_user(user).select_related(
        "school", "campaign", "recorded_by", "withdrawn_by", "corrects"
    )
    return get_object_or_404(entries, pk=pk)


def ledger(*, user, school_id=None, kind="", campaign_id=None, state=""):
    """The accountability ledger with its filters, one query for the rows."""
    entries = entries_for_user(user).select_related("school", "campaign")
    if school_id:
        entries = entries.filter(school_id=school_id)
    if kind:
        entries = entries.filter(kind=kind)
    if campaign_id:
        entries = entries.filter(campaign_id=campaign_id)
    if state:
        entries = entries.filter(state=state)
    return entries.order_by("-date", "-pk")


def ledger_counts(entries):
    """The figures above the ledger in one aggregate query: in force by kind, and withdrawn."""
    in_force = Q(state=EntryState.IN_FORCE)
    return entries.order_by().aggregate(
        total=Count("pk", filter=in_force),
        withdrawn=Count("pk", filter=Q(state=EntryState.WITHDRAWN)),
        **{kind: Count("pk", filter=in_force & Q(kind=kind)) for kind in ActionKind.values},
    )


def entry_evidence(*, user, entry):
    """The records the entry points at that `user` may see, one query per kind of record."""
    return {
        "hazards": list(
            hazards_for_user(user).filter(accountability_entries=entry).order_by("deadline", "pk")
        ),
        "submissions": list(
            submissions_for_user(user)
            .filter(accountability_entries=entry)
            .select_related("deliverable", "deliverable__campaign")
            .order_by("deliverable__due_at", "pk")
        ),
        "missed_deliverables": list(
            Deliverable.objects.filter(campaign__in=campaigns_for_user(user), accountability_entries=entry)
            .select_related("campaign")
            .order_by("due_at", "pk")
        ),
        "incidents": list(
            incidents_for_user(user).filter(accountability_entries=entry).order_by("-occurred_at")
        ),
        "inspections": list(
            inspections_for_user(user).filter(accountability_entries=entry).order_by("-date")
        ),
    }


def entry_timeline(entry):
    return entry.events.select_related("by")


# --- Evidence to choose from when recording an entry ---------------------------------------------


def candidate_campaigns(*, user, school):
    """The campaigns of the user's bureau that cover `school`."""
    return campaigns_for_user(user).filter(schools=school).order_by("-start_date", "-pk")


def evidence_candidates(*, user, school, campaign=None, keep=None, now=None):
    """What an entry against `school` may point at, as querysets (form choices).

    Overdue hazards; submissions handed in late, or past due and not handed in; deliverables the school
    never started once they are past due (of `campaign`, or of every campaign covering the school);
    incidents the bureau recorded that the school did not report; the school's inspections, for the
    inspector to say which was perfunctory. `keep`, an entry being corrected, adds what it pointed at.
    """
    now = now or timezone.now()
    campaigns = candidate_campaigns(user=user, school=school)
    if campaign is not None:
        campaigns = campaigns.filter(pk=campaign.pk)

    def also(q):
        return q | Q(accountability_entries=keep) if keep is not None else q

    late = Q(late=True) | Q(state__in=NOT_HANDED_IN, deliverable__due_at__lt=now)
    return {
        "hazards": hazards_for_user(user)
        .filter(also(overdue_q(timezone.localdate(now))), school=school)
        .distinct()
        .order_by("deadline", "pk"),
        "submissions": submissions_for_user(user)
        .filter(also(late & Q(deliverable__campaign__in=campaigns)), school=school)
        .distinct()
        .select_related("deliverable", "deliverable__campaign")
        .order_by("deliverable__due_at", "pk"),
        "missed_deliverables": Deliverable.objects.filter(
            campaign__in=candidate_campaigns(user=user, school=school)
        )
        .filter(also(Q(campaign__in=campaigns, due_at__lt=now) & ~Q(submissions__school=school)))
        .distinct()
        .select_related("campaign")
        .order_by("due_at", "pk"),
        "incidents": incidents_for_user(user)
        .filter(also(Q(unreported=True)), school=school)
        .distinct()
        .order_by("-occurred_at", "-pk"),
        "inspections": inspections_for_user(user).filter(school=school).order_by("-date", "-pk"),
    }


# --- Notices --------------------------------------------------------------------------------------


def notices_for_user(user):
    """A bureau user sees its bureau's notices, drafts too; a school user the published notices of the
    campaigns that cover its school — and nothing else."""
    membership = membership_of(user)
    if membership is None:
        return Notice.objects.none()
    if membership.is_bureau:
        return Notice.objects.filter(campaign__bureau_id=membership.bureau_id)
    return Notice.objects.filter(state=NoticeState.PUBLISHED, campaign__schools=membership.school_id)


def notice_for_user(user, pk):
    notices = notices_for_user(user).select_related("campaign", "created_by", "published_by")
    return get_object_or_404(notices, pk=pk)


def notice_list(*, user, campaign_id=None, state=""):
    notices = (
        notices_for_user(user).select_related("campaign").annotate(attachment_count=Count("attachments"))
    )
    if campaign_id:
        notices = notices.filter(campaign_id=campaign_id)
    if state:
        notices = notices.filter(state=state)
    return notices.order_by("-published_at", "-created_at", "-pk")


def notice_entries(notice):
    """The ledger entries a notice refers to: the bureau chose to make them known to every school of
    the campaign, so they are read from the notice, not from the reader's ledger."""
    return notice.entries.select_related("school").order_by("-date", "-pk")


def notice_timeline(notice):
    return notice.events.select_related("by")


# --- Figures for the dashboard and the school's campaign page ------------------------------------


def campaign_figures(*, user, campaign, now=None):
    """Entries in force by kind in the campaign, per school, and the notices published; two queries."""
    schools = schools_for_user(user).filter(campaigns=campaign)
    rows = (
        entries_for_user(user)
        .filter(campaign=campaign, school__in=schools, state=EntryState.IN_FORCE)
        .order_by()
        .values_list("school_id", "kind")
        .annotate(n=Count("pk"))
    )
    per_school, by_kind = Counter(), Counter()
    for school_id, kind, n in rows:
        per_school[school_id] += n
        by_kind[kind] += n
    notices = (
        notices_for_user(user)
        .filter(campaign=campaign)
        .aggregate(
            published=Count("pk", filter=Q(state=NoticeState.PUBLISHED)),
            drafts=Count("pk", filter=Q(state=NoticeState.DRAFT)),
        )
    )
    return {
        "total": sum(by_kind.values()),
        "by_kind": [(kind.value, kind.label, by_kind[kind.value]) for kind in ActionKind],
        "schools": len(per_school),
        "notices_published": notices["published"],
        "notices_draft": notices["drafts"],
        "per_school": dict(per_school),
        "campaign_id": campaign.pk,
    }


def school_campaign_figures(*, user, campaign, school, now=None):
    """The school's entries in the campaign (for those who may read the ledger) and the campaign's
    published notices; two queries."""
    can_read = (membership := membership_of(user)) is not None and membership.role in LEDGER_READERS
    entries = []
    if can_read:
        entries = list(
            entries_for_user(user)
            .filter(campaign=campaign, school=school)
            .select_related("recorded_by")
            .order_by("-date", "-pk")
        )
    notices = list(
        notices_for_user(user)
        .filter(campaign=campaign, state=NoticeState.PUBLISHED)
        .order_by("-published_at", "-pk")
    )
    return {
        "can_read_ledger": can_read,
        "entries": entries,
        "in_force": sum(1 for entry in entries if entry.state == EntryState.IN_FORCE),
        "notices": notices,
    }
