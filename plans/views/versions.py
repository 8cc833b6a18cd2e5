"""Every version a school submitted, as it was when submitted (the snapshot kept by each submit).

A submission is never overwritten in place: once it is with the bureau it cannot be edited
(`services.ensure_editable`); a returned one is revised and submitted again, which adds a version.
"""

import datetime

from django.shortcuts import render
from django.template.loader import select_template
from django.utils import timezone
from django.views.decorators.http import require_safe

from schools.permissions import ANY_ROLE, role_required

from .. import selectors
from ..enums import EventAction
from ..models import Summary


def _moment(value):
    """A snapshot's ISO date or datetime text as a value the templates can format; None when empty."""
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return value
    if len(value) <= 10:
        return moment.date()
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def _readable(kind, snapshot):
    """The snapshot with its dates as dates and, for a summary, its figures with their labels."""
    data = dict(snapshot or {})
    for name in ("meeting_date", "signed_at", "start_date", "end_date"):
        if name in data:
            data[name] = _moment(data[name])
    if "days" in data:
        data["days"] = [{**day, "date": _moment(day.get("date"))} for day in data["days"]]
    if kind == "summary":
        data["figures"] = [
            (Summary._meta.get_field(name).verbose_name, data.get(name)) for name in Summary.FIGURES
        ]
    data["other"] = sorted(data.items()) if kind not in ("work_plan", "summary", "duty_roster") else []
    return data


@role_required(ANY_ROLE)
@require_safe
def submission_versions(request, pk):
    submission = selectors.submission_for_user(request.user, pk)
    kind = submission.deliverable.kind
    submitted = [e for e in selectors.submission_events(submission) if e.action == EventAction.SUBMITTED]
    versions = [
        {"number": number, "event": event, "content": _readable(kind, event.snapshot)}
        for number, event in enumerate(submitted, start=1)
    ]
    versions.reverse()  # the latest first
    context = {
        "submission": submission,
        "campaign": submission.deliverable.campaign,
        "versions": versions,
        "version_template": select_template([f"plans/_version_{kind}.html", "plans/_version_other.html"]),
    }
    return render(request, "plans/submission_versions.html", context)
