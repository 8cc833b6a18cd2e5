"""Reads of campaigns and submissions, scoped to what the user may see."""

from collections import Counter
from dataclasses import dataclass, field

from django.shortcuts import get_object_or_404
from django.utils import timezone

from schools.selectors import membership_of, schools_for_user

from . import deliverables
from .enums import BoardStatus
from .models import Campaign, Submission, board_status


def campaigns_for_user(user):
    """A bureau user sees its bureau's campaigns; a school user those that cover its school."""
    membership = membership_of(user)
    if membership is None:
        return Campaign.objects.none()
    if membership.is_bureau:
        return Campaign.objects.filter(bureau_id=membership.bureau_id)
    return Campaign.objects.filter(schools=membership.school_id)


def campaign_for_user(user, pk):
    return get_object_or_404(campaigns_for_user(user).select_related("bureau"), pk=pk)


def submissions_for_user(user):
    return Submission.objects.filter(school__in=schools_for_user(user)).filter(
        deliverable__campaign__in=campaigns_for_user(user)
    )


def submission_for_user(user, pk):
    submissions = submissions_for_user(user).select_related(
        "deliverable", "deliverable__campaign", "school", "school__bureau"
    )
    return get_object_or_404(submissions, pk=pk)


def submission_events(submission):
    return submission.events.select_related("by")


@dataclass
class DeliverableRow:
    deliverable: object
    submission: object
    status: str
    available: bool  # False while the app that files this kind is not built yet
    opens_on: object  # first day it may be filed, or None when it may be filed any time
    open_now: bool


def school_deliverables(*, campaign, school, now=None):
    """Each deliverable of the campaign with this school's submission and its board status."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    submissions = {
        s.deliverable_id: s for s in Submission.objects.filter(deliverable__campaign=campaign, school=school)
    }
    rows = []
    for deliverable in campaign.deliverables.all():
        submission = submissions.get(deliverable.pk)
        kind = deliverables.get(deliverable.kind)
        opens_on = kind.opens_on(campaign) if kind and kind.opens_on else None
        status = board_status(submission, deliverable, now)
        open_now = kind is not None and (opens_on is None or today >= opens_on)
        rows.append(DeliverableRow(deliverable, submission, status, kind is not None, opens_on, open_now))
    return rows


@dataclass
class BoardCell:
    status: str
    submission: object = None

    @property
    def label(self):
        return BoardStatus(self.status).label


@dataclass
class BoardRow:
    school: object
    cells: list = field(default_factory=list)


@dataclass
class Board:
    deliverables: list
    rows: list
    counts: list  # per deliverable: Counter of statuses

    def summaries(self):
        """Per deliverable, its non-zero (status, label, count) in the board's order."""
        return [
            (deliverable, [(s.value, s.label, counts[s.value]) for s in BoardStatus if counts[s.value]])
            for deliverable, counts in zip(self.deliverables, self.counts, strict=True)
        ]


def board(*, campaign, kind="", status="", now=None):
    """The submission board (R10.1): covered schools × deliverables, in three queries."""
    now = now or timezone.now()
    deliverables = list(campaign.deliverables.all())
    schools = campaign.schools.all().order_by("code")
    if kind:
        schools = schools.filter(kind=kind)
    submissions = {
        (s.deliverable_id, s.school_id): s
        for s in Submission.objects.filter(deliverable__campaign=campaign).only(
            "pk", "deliverable_id", "school_id", "state", "late", "submitted_at"
        )
    }
    rows, counts = [], [Counter() for _ in deliverables]
    for school in schools:
        row = BoardRow(school)
        for index, deliverable in enumerate(deliverables):
            submission = submissions.get((deliverable.pk, school.pk))
            cell = BoardCell(board_status(submission, deliverable, now), submission)
            row.cells.append(cell)
            counts[index][cell.status] += 1
        if not status or any(cell.status == status for cell in row.cells):
            rows.append(row)
    return Board(deliverables, rows, counts)
