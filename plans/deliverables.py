"""The deliverable interface: how a kind of record becomes something a school submits.

A deliverable kind (work plan, summary, and the duty app's roster) registers a `DeliverableType`
saying where its content lives, how to create it, what is missing before it may be submitted and
how to snapshot it. The submission workflow, the board, lateness and reminders only ever see the
`Submission` row, so a new kind gets all of them by registering here — typically from its app's
`AppConfig.ready()`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from .enums import DeliverableKind


@dataclass(frozen=True)
class DeliverableType:
    kind: str
    content_attr: str  # reverse one-to-one name on Submission, e.g. "work_plan"
    create_content: Callable  # (submission) -> content
    missing: Callable  # (content) -> list of what must still be filled in, in the user's words
    snapshot: Callable  # (content) -> JSON-serialisable dict kept with each submission
    edit_url_name: str  # URL name taking the submission's pk
    detail_template: str  # shows the content on the submission page, given `content`
    pdf_url_name: str = ""
    opens_on: Callable | None = None  # (campaign) -> first date the school may file it
    detail_prefetch: tuple = ()  # related rows the detail template reads, fetched in one go

    def content_of(self, submission):
        return getattr(submission, self.content_attr)

    def is_open(self, campaign, today: date):
        return self.opens_on is None or today >= self.opens_on(campaign)


_REGISTRY: dict[str, DeliverableType] = {}


def register(deliverable_type: DeliverableType):
    _REGISTRY[deliverable_type.kind] = deliverable_type


def get(kind) -> DeliverableType | None:
    """The registered type, or None while the app that files this kind is not built yet."""
    return _REGISTRY.get(kind)


def _text(value):
    return "" if value is None else str(value)


def _work_plan_missing(plan):
    labels = {
        "meeting_date": _("the date of the special safety meeting"),
        "meeting_chair": _("who chaired the meeting"),
        "meeting_attendees": _("the meeting's attendees"),
        "meeting_decisions": _("the meeting's decisions"),
        "risk_analysis": _("the risk analysis"),
        "control_measures": _("the control measures"),
    }
    missing = [label for field, label in labels.items() if not getattr(plan, field)]
    if not plan.responsibilities.exists():
        missing.append(_("at least one row of the responsibility table"))
    if plan.signed_at is None:
        missing.append(_("the principal's sign-off"))
    return missing


def _work_plan_snapshot(plan):
    fields = ["meeting_date", "meeting_chair", "meeting_attendees", "meeting_decisions",
              "risk_analysis", "control_measures", "attachment_name", "signed_at"]  # fmt: skip
    data = {field: _text(getattr(plan, field)) for field in fields}
    data["signed_by"] = _text(plan.signed_by)
    data["responsibilities"] = [
        {"post": r.post, "person": r.person, "duties": r.duties} for r in plan.responsibilities.all()
    ]
    return data


def _summary_missing(summary):
    missing = [] if summary.narrative.strip() else [_("the written summary")]
    if any(getattr(summary, figure) is None for figure in summary.FIGURES):
        missing.append(_("every figure (enter 0 where there were none)"))
    return missing


def _summary_snapshot(summary):
    data = {figure: getattr(summary, figure) for figure in summary.FIGURES}
    data["narrative"] = summary.narrative
    return data


def register_builtin():
    from .models import Summary, WorkPlan

    register(
        DeliverableType(
            kind=DeliverableKind.WORK_PLAN,
            content_attr="work_plan",
            create_content=lambda submission: WorkPlan.objects.create(submission=submission),
            missing=_work_plan_missing,
            snapshot=_work_plan_snapshot,
            edit_url_name="plans:work_plan_edit",
            detail_template="plans/_work_plan_body.html",
            pdf_url_name="plans:work_plan_pdf",
        )
    )
    register(
        DeliverableType(
            kind=DeliverableKind.SUMMARY,
            content_attr="summary",
            create_content=lambda submission: Summary.objects.create(submission=submission),
            missing=_summary_missing,
            snapshot=_summary_snapshot,
            edit_url_name="plans:summary_edit",
            detail_template="plans/_summary_body.html",
            # "工作结束后一周内": the summary is written once the sessions have closed.
            opens_on=lambda campaign: campaign.closing_date,
        )
    )
