"""Reads of education sessions and drills, scoped to what the user may see.

Every read starts from `schools.selectors.schools_for_user`: a school user reaches its own school's
records, a bureau user those of its bureau's schools. Each function costs a fixed number of queries
whatever the number of schools and records.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from schools.selectors import membership_of, schools_for_user

from .enums import DrillState, Topic
from .models import (
    Drill,
    DrillPhoto,
    DrillProblem,
    EducationSession,
    RequiredTopic,
    SessionPhoto,
    SessionTopic,
)
from .permissions import RECORDERS

OVERDUE = "overdue"  # a state filter of its own: planned, and its day has passed
UPCOMING_SHOWN = 10  # planned drills listed on a school's campaign page


# --- Scoping --------------------------------------------------------------------------------------


def sessions_for_user(user):
    return EducationSession.objects.filter(school__in=schools_for_user(user))


def session_for_user(user, pk):
    sessions = sessions_for_user(user).select_related("school", "campaign", "created_by")
    return get_object_or_404(sessions, pk=pk)


def session_photos_for_user(user):
    return SessionPhoto.objects.filter(session__in=sessions_for_user(user))


def drills_for_user(user):
    return Drill.objects.filter(school__in=schools_for_user(user))


def drill_for_user(user, pk):
    drills = drills_for_user(user).select_related("school", "campaign", "created_by")
    return get_object_or_404(drills, pk=pk)


def drill_photos_for_user(user):
    return DrillPhoto.objects.filter(drill__in=drills_for_user(user))


def problem_for_user(user, pk):
    problems = DrillProblem.objects.filter(drill__in=drills_for_user(user))
    return get_object_or_404(problems.select_related("drill", "drill__school", "drill__campaign"), pk=pk)


def can_record_for(user, school):
    """May `user` record sessions and drills of `school`: its own principal or safety officer."""
    membership = membership_of(user)
    return membership is not None and membership.role in RECORDERS and membership.school_id == school.pk


# --- Lists ----------------------------------------------------------------------------------------


def session_list(*, user, school_id=None, campaign_id=None, topic="", form=""):
    """Sessions with their filters, newest first; topics and photo counts come with the rows."""
    sessions = sessions_for_user(user).select_related("school", "campaign")
    if school_id:
        sessions = sessions.filter(school_id=school_id)
    if campaign_id:
        sessions = sessions.filter(campaign_id=campaign_id)
    if topic:
        sessions = sessions.filter(pk__in=SessionTopic.objects.filter(topic=topic).values("session_id"))
    if form:
        sessions = sessions.filter(form=form)
    return sessions.annotate(photo_count=Count("photos")).prefetch_related("topics").order_by("-date", "-pk")


def session_counts(sessions):
    """The figures above the list in one query: sessions, people reached, schools that held any."""
    return sessions.order_by().aggregate(
        total=Count("pk"),
        participants=Coalesce(Sum("participants"), 0),
        schools=Count("school", distinct=True),
    )


def sessions_by_topic(sessions):
    """{topic: sessions} over `sessions`, in one query (a session on two topics counts for both)."""
    rows = SessionTopic.objects.filter(session__in=sessions.order_by().values("pk"))
    return dict(rows.values_list("topic").annotate(n=Count("pk")).order_by().values_list("topic", "n"))


def overdue_q(today=None):
    """Still planned after the planned day (in Beijing time)."""
    return Q(state=DrillState.PLANNED, planned_date__lt=today or timezone.localdate())


def drill_list(*, user, school_id=None, campaign_id=None, kind="", state="", today=None):
    drills = drills_for_user(user).select_related("school", "campaign")
    if school_id:
        drills = drills.filter(school_id=school_id)
    if campaign_id:
        drills = drills.filter(campaign_id=campaign_id)
    if kind:
        drills = drills.filter(kind=kind)
    if state == OVERDUE:
        drills = drills.filter(overdue_q(today))
    elif state:
        drills = drills.filter(state=state)
    return drills.annotate(problem_count=Count("problems")).order_by("-planned_date", "-pk")


def drill_counts(drills, *, today=None):
    """Planned (overdue ones included), overdue, done and cancelled drills in one query."""
    today = today or timezone.localdate()
    return drills.order_by().aggregate(
        total=Count("pk"),
        planned=Count("pk", filter=Q(state=DrillState.PLANNED)),  # overdue ones included
        overdue=Count("pk", filter=overdue_q(today)),
        done=Count("pk", filter=Q(state=DrillState.DONE)),
        cancelled=Count("pk", filter=Q(state=DrillState.CANCELLED)),
    )


def drill_timeline(drill):
    return drill.events.select_related("by")


# --- Required topics ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicCount:
    """One topic across a campaign's schools: sessions held on it and, when the campaign requires it,
    the minimum per school and how many schools are still below it."""

    value: str
    label: str
    count: int
    minimum: int | None = None
    schools_missing: int = 0


@dataclass(frozen=True)
class Requirement:
    """A required topic at one school: held `held` of `minimum` sessions."""

    topic: str
    label: str
    minimum: int
    held: int

    @property
    def missing(self):
        return self.held < self.minimum


def required_minimums(campaign):
    """{topic: minimum} of the campaign, in the order of `Topic`. One query."""
    rows = dict(RequiredTopic.objects.filter(campaign=campaign).values_list("topic", "minimum"))
    return {topic: rows[topic] for topic in Topic.values if topic in rows}


def _topic_counts(sessions):
    """{(school_id, topic): sessions} for `sessions`, in one query."""
    rows = (
        SessionTopic.objects.filter(session__in=sessions)
        .values_list("session__school_id", "topic")
        .annotate(n=Count("session_id"))
        .order_by()
    )
    return {(school_id, topic): n for school_id, topic, n in rows}


def _requirements(minimums, counts, school_id):
    return [
        Requirement(topic, Topic(topic).label, minimum, counts.get((school_id, topic), 0))
        for topic, minimum in minimums.items()
    ]


def _covered_schools(user, campaign):
    return campaign.schools.filter(pk__in=schools_for_user(user).values("pk"))


# --- The bureau's dashboard and a school's campaign page -------------------------------------------


def _count_subquery(queryset, field="pk", aggregate=Count):
    """An annotation counting (or summing) `queryset`'s rows of the outer school: `school=OuterRef`."""
    inner = queryset.filter(school=OuterRef("pk")).order_by().values("school")
    return Coalesce(Subquery(inner.annotate(n=aggregate(field)).values("n"), output_field=IntegerField()), 0)


@dataclass
class SchoolRow:
    """A covered school in a campaign: its required topics and its drills."""

    school: object
    requirements: list  # of Requirement, in Topic order
    sessions: int
    participants: int
    planned: int  # still planned, overdue ones included
    overdue: int  # still planned, their day passed
    done: int

    @property
    def missing(self):
        return [req for req in self.requirements if req.missing]

    @property
    def problems(self):
        """Required topics still missing and drills overdue: what the dashboard ranks schools by."""
        return len(self.missing) + self.overdue


def _table(user, campaign, now):
    """({topic: minimum}, [SchoolRow], {(school_id, topic): sessions}) in three queries."""
    today = timezone.localdate(now or timezone.now())
    schools = _covered_schools(user, campaign)
    sessions = EducationSession.objects.filter(campaign=campaign, school__in=schools)
    in_campaign = Q(drills__campaign=campaign)
    planned = in_campaign & Q(drills__state=DrillState.PLANNED)
    annotated = schools.annotate(
        session_count=_count_subquery(sessions),
        participant_count=_count_subquery(sessions, "participants", Sum),
        planned_count=Count("drills", filter=planned),
        overdue_count=Count("drills", filter=planned & Q(drills__planned_date__lt=today)),
        done_count=Count("drills", filter=in_campaign & Q(drills__state=DrillState.DONE)),
    ).order_by("code")
    minimums = required_minimums(campaign)
    counts = _topic_counts(sessions)
    rows = [
        SchoolRow(
            school, _requirements(minimums, counts, school.pk), school.session_count,
            school.participant_count, school.planned_count, school.overdue_count, school.done_count,
        )
        for school in annotated
    ]  # fmt: skip
    return minimums, rows, counts


def school_table(*, user, campaign, now=None, missing_only=False):
    """({topic: minimum}, [SchoolRow]) for each covered school `user` may see, in school-code order;
    `missing_only`: those with a required topic missing or a drill overdue. Three queries."""
    minimums, rows, _counts = _table(user, campaign, now)
    if missing_only:
        rows = [row for row in rows if row.problems]
    return minimums, rows


def campaign_figures(*, user, campaign, now=None):
    """Education and drills across the campaign's schools that `user` may see, in three queries:
    sessions by topic, schools missing a required topic, drills planned/done/overdue, and per school
    the number of problems (required topics missing + drills overdue) under "per_school"."""
    minimums, rows, counts = _table(user, campaign, now)
    by_topic, missing_by_topic = defaultdict(int), defaultdict(int)
    for row in rows:
        for req in row.missing:
            missing_by_topic[req.topic] += 1
    for (_school, topic), n in counts.items():
        by_topic[topic] += n
    return {
        "schools": len(rows),
        "sessions": sum(row.sessions for row in rows),
        "participants": sum(row.participants for row in rows),
        "by_topic": [
            TopicCount(value, label, by_topic[value], minimums.get(value), missing_by_topic[value])
            for value, label in Topic.choices
        ],
        "required": [topic for topic in Topic.values if topic in minimums],
        "schools_missing_topics": sum(1 for row in rows if row.missing),
        "drills": {name: sum(getattr(row, name) for row in rows) for name in ("planned", "overdue", "done")},
        "per_school": {row.school.pk: row.problems for row in rows},
    }


def school_campaign_figures(*, user, campaign, school, now=None):
    """What a school's campaign page shows about education and drills, in five queries: each required
    topic with the sessions held on it, the sessions held, and the drills by state with the planned
    ones listed (overdue first)."""
    today = timezone.localdate(now or timezone.now())
    sessions = sessions_for_user(user).filter(campaign=campaign, school=school)
    drills = drills_for_user(user).filter(campaign=campaign, school=school)
    minimums = required_minimums(campaign)
    requirements = _requirements(minimums, _topic_counts(sessions), school.pk)
    planned = list(drills.filter(state=DrillState.PLANNED).order_by("planned_date", "pk")[:UPCOMING_SHOWN])
    for drill in planned:
        drill.overdue = drill.is_overdue(today)
    return {
        "requirements": requirements,
        "missing": [req for req in requirements if req.missing],
        "sessions": session_counts(sessions),
        "drills": drill_counts(drills, today=today),
        "planned_drills": planned,
        "can_record": can_record_for(user, school),
        "today": today,
    }
