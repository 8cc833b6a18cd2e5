"""Every write to campaigns and submissions.

State transitions are compare-and-set updates (`filter(pk=…, state__in=expected).update(…)`): two
reviewers clicking at once, or a school submitting while the bureau returns, cannot both win, on
SQLite and PostgreSQL alike. The loser gets a `TransitionError` saying what happened instead.
"""

from datetime import datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schools.models import School

from . import deliverables
from .enums import CoverageScope, DeliverableKind, EventAction, FocusArea, SubmissionState
from .models import Campaign, Deliverable, Submission, SubmissionEvent

EDITABLE = (SubmissionState.DRAFT, SubmissionState.RETURNED)


class TransitionError(Exception):
    """A workflow step was refused; `messages` says why, in the user's language."""

    def __init__(self, *messages):
        super().__init__("; ".join(str(m) for m in messages))
        self.messages = list(messages)


def end_of_day(day):
    """The last minute of `day` in Beijing time: "by 5月20日" means until 5月20日 23:59."""
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def two_sessions_template(*, start_date, opening_date, closing_date):
    """Initial values that follow the plan: due dates and inspection window from its clauses."""
    return {
        "start_date": start_date,
        "opening_date": opening_date,
        "closing_date": closing_date,
        # "从全国'两会'召开前一周开始 … 为期一个月"
        "inspection_start": opening_date - timedelta(days=7),
        "inspection_end": opening_date - timedelta(days=7) + timedelta(days=30),
        "focus_areas": list(FocusArea.values),
        "scope": CoverageScope.ALL,
        "school_kinds": [],
        "dues": {
            # "各学校请于5月20日前将本单位工作方案以及'两会'期间值班表报区教育局" (from 5月15日)
            DeliverableKind.WORK_PLAN: end_of_day(start_date + timedelta(days=5)),
            DeliverableKind.DUTY_ROSTER: end_of_day(start_date + timedelta(days=5)),
            # "工作结束后一周内将总结上报"
            DeliverableKind.SUMMARY: end_of_day(closing_date + timedelta(days=7)),
        },
    }


def covered_schools(*, bureau, scope, school_kinds):
    schools = School.objects.filter(bureau=bureau, is_active=True)
    if scope == CoverageScope.KINDS:
        schools = schools.filter(kind__in=school_kinds)
    return schools


CAMPAIGN_FIELDS = ("name", "start_date", "opening_date", "closing_date", "inspection_start",
                   "inspection_end", "focus_areas", "scope", "school_kinds")  # fmt: skip


@transaction.atomic
def campaign_save(*, bureau, by, data, dues, campaign=None) -> Campaign:
    """Create or update a campaign, its deliverables' due moments and the schools it covers."""
    if campaign is None:
        campaign = Campaign(bureau=bureau, created_by=by)
    for field in CAMPAIGN_FIELDS:
        setattr(campaign, field, data[field])
    campaign.save()
    for kind, due_at in dues.items():
        if due_at is None:
            campaign.deliverables.filter(kind=kind, submissions__isnull=True).delete()
            continue
        Deliverable.objects.update_or_create(campaign=campaign, kind=kind, defaults={"due_at": due_at})
    campaign.schools.set(
        covered_schools(bureau=bureau, scope=data["scope"], school_kinds=data["school_kinds"])
    )
    return campaign


def submission_open(*, deliverable, school) -> Submission:
    """The school's submission for `deliverable`, created with empty content on first use."""
    existing = Submission.objects.filter(deliverable=deliverable, school=school).first()
    if existing:
        return existing
    deliverable_type = deliverables.get(deliverable.kind)
    try:
        with transaction.atomic():
            submission = Submission.objects.create(deliverable=deliverable, school=school)
            if deliverable_type:
                deliverable_type.create_content(submission)
            return submission
    except IntegrityError:  # another request opened it first: use theirs
        return Submission.objects.get(deliverable=deliverable, school=school)


def _transition(submission, *, expected, refused, **changes):
    updated = Submission.objects.filter(pk=submission.pk, state__in=expected).update(
        updated_at=timezone.now(), **changes
    )
    if updated != 1:
        raise TransitionError(refused)
    for field, value in changes.items():
        setattr(submission, field, value)


@transaction.atomic
def submission_submit(*, submission, by) -> Submission:
    """Hand the content to the bureau. Late when the server's clock is past the due moment."""
    deliverable_type = deliverables.get(submission.deliverable.kind)
    content = deliverable_type.content_of(submission)
    missing = deliverable_type.missing(content)
    if missing:
        raise TransitionError(*[_("Missing: %(what)s") % {"what": item} for item in missing])
    now = timezone.now()
    late = now > submission.deliverable.due_at
    _transition(
        submission,
        expected=EDITABLE,
        refused=_("This has already been submitted."),
        state=SubmissionState.SUBMITTED,
        submitted_at=now,
        late=late,
        return_reason="",
    )
    SubmissionEvent.objects.create(
        submission=submission,
        action=EventAction.SUBMITTED,
        by=by,
        at=now,
        late=late,
        snapshot=deliverable_type.snapshot(content),
    )
    return submission


@transaction.atomic
def submission_return(*, submission, by, reason) -> Submission:
    if not reason.strip():
        raise TransitionError(_("Say why the submission is returned."))
    _transition(
        submission,
        expected=(SubmissionState.SUBMITTED,),
        refused=_("Only a submission awaiting review can be returned."),
        state=SubmissionState.RETURNED,
        return_reason=reason.strip(),
    )
    SubmissionEvent.objects.create(
        submission=submission, action=EventAction.RETURNED, by=by, comment=reason.strip()
    )
    return submission


@transaction.atomic
def submission_accept(*, submission, by, comment="") -> Submission:
    _transition(
        submission,
        expected=(SubmissionState.SUBMITTED,),
        refused=_("Only a submission awaiting review can be accepted."),
        state=SubmissionState.ACCEPTED,
    )
    SubmissionEvent.objects.create(
        submission=submission, action=EventAction.ACCEPTED, by=by, comment=comment.strip()
    )
    return submission


def ensure_editable(submission):
    """Refuse changes to content that is with the bureau; lock the row so a submit waits for us."""
    state = Submission.objects.select_for_update().filter(pk=submission.pk).values_list("state", flat=True)
    if state.first() not in EDITABLE:
        raise TransitionError(_("This has been submitted and can no longer be changed."))
