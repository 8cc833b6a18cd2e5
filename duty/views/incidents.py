"""Incident reports (R8.2, R8.3): first verbally, then in writing; the bureau's list and its rules."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common.uploads import attachment_response
from plans.services import TransitionError
from schools.permissions import ANY_ROLE, BUREAU_ADMIN_ONLY, role_required
from schools.selectors import schools_for_user

from .. import selectors, services
from ..enums import IncidentCategory, Severity, TimelinessFilter
from ..forms_incident import FirstReportForm, RulesForm, WrittenReportForm
from ..incident_exporters import IncidentExporter
from ..models import IncidentAttachment
from ..permissions import ACKNOWLEDGERS, BUREAU_READERS, INCIDENT_RECORDERS, INCIDENT_WRITERS
from ..timeliness import written_status

PAGE_SIZE = 50
REFUSED = 409  # a written report posted for an incident whose report is already filed

# --- The list -------------------------------------------------------------------------------------

FIRST_LATE, WRITTEN_OVERDUE = TimelinessFilter.FIRST_LATE, TimelinessFilter.WRITTEN_OVERDUE
UNREPORTED = TimelinessFilter.UNREPORTED


def _filters(params, schools):
    """The list's filters from the query string; a value we do not know is ignored, not an error."""

    def known(name, values):
        value = params.get(name, "")
        return value if value in values else ""

    return {
        "school": known("school", {str(school.pk) for school in schools}),
        "category": known("category", IncidentCategory.values),
        "severity": known("severity", Severity.values),
        "timeliness": known("timeliness", TimelinessFilter.values),
        "unacknowledged": known("unacknowledged", {"1"}),
    }


def _incidents(user, filters, now):
    """(incidents shown, incidents counted): the counts ignore the timeliness filters, so that each
    count can link to the list it counts."""
    counted = selectors.incident_list(
        user=user,
        school_id=filters["school"] or None,
        category=filters["category"],
        severity=filters["severity"],
    )
    shown = counted
    if filters["timeliness"]:
        shown = shown.filter(selectors.timeliness_q(now)[filters["timeliness"]])
    if filters["unacknowledged"]:
        shown = shown.filter(acknowledged_at__isnull=True)
    return shown, counted


def _count_cards(counts, filters):
    """(label, count, query string, selected, alarming) for each figure above the list; each links to
    its list. Every figure but the total is a problem: red when it is not zero."""
    base = {name: filters[name] for name in ("school", "category", "severity") if filters[name]}
    chosen = {name: filters[name] for name in ("timeliness", "unacknowledged") if filters[name]}
    cards = [
        (_("Incidents"), counts["total"], {}),
        (FIRST_LATE.label, counts["first_late"], {"timeliness": FIRST_LATE}),
        (WRITTEN_OVERDUE.label, counts["written_overdue"], {"timeliness": WRITTEN_OVERDUE}),
        (UNREPORTED.label, counts["unreported"], {"timeliness": UNREPORTED}),
        (_("Not acknowledged"), counts["unacknowledged"], {"unacknowledged": "1"}),
    ]
    return [
        (label, n, urlencode({**base, **extra}), extra == chosen, bool(extra) and n > 0)
        for label, n, extra in cards
    ]


def _filter_schools(request):
    if not request.membership.is_bureau:
        return []
    return list(schools_for_user(request.user).order_by("code").only("pk", "code", "name"))


@role_required(ANY_ROLE)
@require_safe
def incident_list(request):
    now = timezone.now()
    schools = _filter_schools(request)
    filters = _filters(request.GET, schools)
    shown, counted = _incidents(request.user, filters, now)
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    for incident in page:
        incident.written_status = written_status(incident, now)
    membership = request.membership
    counts = selectors.incident_counts(counted, now=now)
    context = {
        "page": page,
        "counts": counts,
        "count_cards": _count_cards(counts, filters),
        "filters": filters,
        "query": urlencode({name: value for name, value in filters.items() if value}),
        "schools": schools,
        "categories": IncidentCategory.choices,
        "severities": Severity.choices,
        "timeliness_choices": TimelinessFilter.choices,
        "can_record": membership.role in INCIDENT_RECORDERS,
        "can_export": membership.role in BUREAU_READERS,
        "can_edit_rules": membership.role in BUREAU_ADMIN_ONLY,
    }
    return render(request, "duty/incident_list.html", context)


@role_required(BUREAU_READERS)
@require_safe
def incident_export(request):
    now = timezone.now()
    filters = _filters(request.GET, _filter_schools(request))
    shown, _counted = _incidents(request.user, filters, now)
    return IncidentExporter(incidents=shown, now=now).response()


# --- The first report -----------------------------------------------------------------------------


@role_required(INCIDENT_RECORDERS)
@require_http_methods(["GET", "POST"])
def incident_create(request):
    membership = request.membership
    form = FirstReportForm(request.POST or None, user=request.user, membership=membership)
    if request.method == "POST" and form.is_valid():
        incident = services.incident_report_first(
            school=form.school_or(membership), by=request.user, **form.report_data()
        )
        due = timezone.localtime(incident.written_due_at, timezone.get_default_timezone())
        if incident.unreported:
            text = _(
                "Recorded as not reported by the school. The written report is due by %(due)s (Beijing time)."
            )
        else:
            text = _("First report recorded. The written report is due by %(due)s (Beijing time).")
        messages.success(request, text % {"due": f"{due:%Y-%m-%d %H:%M}"})
        return redirect("duty:incident_detail", pk=incident.pk)
    return render(request, "duty/incident_form.html", {"form": form})


# --- One incident ---------------------------------------------------------------------------------


def _detail_context(request, incident, **extra):
    role = request.membership.role
    return {
        "incident": incident,
        "written_status": written_status(incident),
        "attachments": list(incident.attachments.order_by("pk")),
        "can_write": role in INCIDENT_WRITERS and incident.written_at is None,
        "can_acknowledge": role in ACKNOWLEDGERS and incident.acknowledged_at is None,
        **extra,
    }


@role_required(ANY_ROLE)
@require_safe
def incident_detail(request, pk):
    incident = selectors.incident_for_user(request.user, pk)
    return render(request, "duty/incident_detail.html", _detail_context(request, incident))


@role_required(INCIDENT_WRITERS)
@require_http_methods(["GET", "POST"])
def incident_write(request, pk):
    incident = selectors.incident_for_user(request.user, pk)
    if incident.written_at is not None:
        return _already_written(request, incident)
    posted = request.method == "POST"
    form = WrittenReportForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            services.incident_write(incident=incident, by=request.user, **form.report_data())
        except TransitionError:  # filed by someone else since this page was loaded
            incident = selectors.incident_for_user(request.user, pk)
            return _already_written(request, incident)
        messages.success(request, _("The written report is filed."))
        return redirect("duty:incident_detail", pk=incident.pk)
    context = {
        "incident": incident,
        "written_status": written_status(incident),
        "form": form,
        "file_lost": posted and bool(request.FILES),
    }
    return render(request, "duty/incident_write.html", context)


def _already_written(request, incident):
    """The filed report, read-only: on GET a page, on POST the answer to a report that cannot be filed."""
    status = REFUSED if request.method == "POST" else 200
    context = _detail_context(request, incident, already_written=True)
    return render(request, "duty/incident_detail.html", context, status=status)


@role_required(ACKNOWLEDGERS)
@require_POST
def incident_acknowledge(request, pk):
    incident = selectors.incident_for_user(request.user, pk)
    try:
        services.incident_acknowledge(incident=incident, by=request.user)
    except TransitionError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Report acknowledged."))
    return redirect("duty:incident_detail", pk=incident.pk)


@role_required(ANY_ROLE)
@require_safe
def incident_attachment(request, pk):
    attachments = IncidentAttachment.objects.filter(incident__in=selectors.incidents_for_user(request.user))
    attachment = get_object_or_404(attachments, pk=pk)
    return attachment_response(attachment.file, attachment.name)


# --- The bureau's rules ---------------------------------------------------------------------------


@role_required(BUREAU_ADMIN_ONLY)
@require_http_methods(["GET", "POST"])
def rules_edit(request):
    rules = services.rules_for(request.membership.bureau)
    form = RulesForm(request.POST or None, rules=rules)
    if request.method == "POST" and form.is_valid():
        services.rules_update(rules=rules, **form.rules_data())
        messages.success(
            request, _("Reporting deadlines saved. They apply to incidents recorded from now on.")
        )
        return redirect("duty:rules")
    return render(request, "duty/rules_form.html", {"form": form, "rules": rules})
