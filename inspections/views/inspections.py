"""Inspections (R3): the list, starting one, filling it in on a phone, finishing, publishing, photos.

Who may write: a school's principal and safety officer their own self-inspections; the bureau's
admin and inspectors the bureau's special inspections and unannounced visits. Every lookup goes
through `selectors.inspection_for_user`, so an unpublished unannounced visit is a 404 to the school.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common.uploads import CONTENT_TYPES, sniff_document
from plans.enums import FocusArea
from plans.services import TransitionError
from schools.permissions import ANY_ROLE, role_required
from schools.selectors import schools_for_user

from .. import selectors, services
from ..enums import InspectionKind, InspectionState, ItemResult
from ..forms import BureauInspectionForm, FinishForm, InspectionFillForm, SelfInspectionForm
from ..models import InspectionPhoto
from ..permissions import BUREAU_INSPECTORS, INSPECTORS, SELF_INSPECTORS

PAGE_SIZE = 25
REFUSED = 409  # a POST to an inspection that is finished
FINISHED = (InspectionState.DONE, InspectionState.PUBLISHED)


def _may_write(membership, inspection):
    """The school writes its self-inspections, the bureau its own kinds; never the other's."""
    if membership.role not in INSPECTORS:
        return False
    return membership.is_school == (inspection.kind == InspectionKind.SELF)


def _writable(request, pk):
    """The inspection for a write: 404 outside the user's view, 403 for the other side's kind."""
    inspection = selectors.inspection_for_user(request.user, pk)
    if not _may_write(request.membership, inspection):
        raise PermissionDenied
    return inspection


def _counts(items):
    results = [item.result for item in items]
    return {
        "total": len(results),
        "checked": sum(1 for result in results if result),
        "passed": results.count(ItemResult.PASS),
        "failed": results.count(ItemResult.FAIL),
        "not_applicable": results.count(ItemResult.NOT_APPLICABLE),
    }


@role_required(ANY_ROLE)
@require_safe
def inspection_list(request):
    membership = request.membership
    filters = request.GET
    school = filters.get("school", "")
    inspections = selectors.inspection_list(
        user=request.user,
        school_id=int(school) if membership.is_bureau and school.isdigit() else None,
        kind=_choice(filters.get("kind"), InspectionKind),
        state=_choice(filters.get("state"), InspectionState),
    ).order_by("-date", "-pk")  # a GROUP BY query does not use Meta.ordering
    context = {
        "page": Paginator(inspections, PAGE_SIZE).get_page(filters.get("page")),
        "filters": filters,
        "kinds": InspectionKind.choices,
        "states": InspectionState.choices,
        "schools": schools_for_user(request.user).only("pk", "name") if membership.is_bureau else None,
        "can_self_inspect": membership.role in SELF_INSPECTORS,
        "can_inspect": membership.role in BUREAU_INSPECTORS,
    }
    return render(request, "inspections/inspection_list.html", context)


def _choice(value, choices):
    return value if value in choices.values else ""


@role_required(INSPECTORS)
@require_http_methods(["GET", "POST"])
def inspection_create(request):
    membership = request.membership
    data = request.POST if request.method == "POST" else None
    if membership.is_school:
        school = membership.school
        form = SelfInspectionForm(data, user=request.user, school=school)
    else:
        form = BureauInspectionForm(data, user=request.user)
    if form.is_valid():
        if membership.is_bureau:
            school = form.cleaned_data["school"]
        inspection = _start(form, school=school, by=request.user)
        if inspection is not None:
            messages.success(request, _("Inspection started. Record a result for every item."))
            return redirect("inspections:fill", pk=inspection.pk)
    return render(request, "inspections/inspection_form.html", {"form": form, "membership": membership})


def _start(form, *, school, by):
    """Start through the service; None when it refuses (the reason is added to the form)."""
    if not school.bureau.checklists.exists():
        # A bureau that never opened its checklists inspects with the default items.
        services.templates_install_defaults(bureau=school.bureau)
    try:
        return services.inspection_start(school=school, by=by, **form.start_data())
    except TransitionError as error:
        for message in error.messages:
            form.add_error(None, message)
        return None


@role_required(ANY_ROLE)
@require_safe
def inspection_detail(request, pk):
    inspection = selectors.inspection_for_user(request.user, pk)
    return render(request, "inspections/inspection_detail.html", _detail_context(request, inspection))


def _detail_context(request, inspection, **extra):
    items = list(selectors.inspection_items(inspection))
    may_write = _may_write(request.membership, inspection)
    editable = inspection.state not in FINISHED
    return {
        "inspection": inspection,
        "areas": _by_area(items),
        "counts": _counts(items),
        "area_labels": [FocusArea(area).label for area in inspection.areas if area in FocusArea.values],
        "can_fill": may_write and editable,
        "can_record_hazard": may_write,
        "can_publish": (
            request.membership.role in BUREAU_INSPECTORS
            and inspection.kind == InspectionKind.UNANNOUNCED
            and inspection.state == InspectionState.DONE
        ),
        "finish_form": FinishForm(initial={"summary": inspection.summary}),
        **extra,
    }


def _by_area(items):
    groups = {}
    for item in items:
        groups.setdefault(item.area, []).append(item)
    return [(FocusArea(area).label, area_items) for area, area_items in groups.items()]


@role_required(INSPECTORS)
@require_http_methods(["GET", "POST"])
def inspection_fill(request, pk):
    inspection = _writable(request, pk)
    if inspection.state in FINISHED:
        return _finished(request, inspection)
    items = list(selectors.inspection_items(inspection))
    posted = request.method == "POST"
    data, files = (request.POST, request.FILES) if posted else (None, None)
    form = InspectionFillForm(data, files, items=items)
    if posted and form.is_valid():
        results = form.results()
        try:
            services.inspection_record(inspection=inspection, results=results, photos=form.photos())
        except TransitionError:
            return _finished(request, inspection)
        finishing = request.POST.get("action") == "finish"
        if finishing and _finish(request, inspection, form.cleaned_data["summary"]):
            return redirect("inspections:detail", pk=inspection.pk)
        # Carry on where the walk goes next, the following item without a result, with "Saved" in
        # the bar at the bottom (a message at the top of the page would be out of sight).
        url = reverse("inspections:fill", args=[inspection.pk])
        return redirect(f"{url}{'' if finishing else '?saved=1'}#{form.next_anchor(results)}")
    context = {
        "inspection": inspection,
        "form": form,
        "counts": _counts(items),
        "photos_lost": posted and bool(request.FILES),
        "saved": not posted and request.GET.get("saved") == "1",
        "max_files": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
    }
    return render(request, "inspections/inspection_fill.html", context)


def _finished(request, inspection):
    """A finished inspection is read-only: GET shows it, a POST is refused with 409."""
    if request.method != "POST":
        return redirect("inspections:detail", pk=inspection.pk)
    messages.error(request, _("This inspection is finished and can no longer be changed."))
    context = _detail_context(request, inspection)
    return render(request, "inspections/inspection_detail.html", context, status=REFUSED)


def _finish(request, inspection, summary):
    """Finish through the service; True on success, else the refusal becomes an error message."""
    try:
        services.inspection_finish(inspection=inspection, by=request.user, summary=summary)
    except TransitionError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    messages.success(request, _("The inspection is finished."))
    return True


@role_required(INSPECTORS)
@require_POST
def inspection_finish(request, pk):
    inspection = _writable(request, pk)
    form = FinishForm(request.POST)
    summary = form.cleaned_data["summary"] if form.is_valid() else ""
    _finish(request, inspection, summary)
    return redirect("inspections:detail", pk=inspection.pk)


@role_required(BUREAU_INSPECTORS)
@require_POST
def inspection_publish(request, pk):
    inspection = selectors.inspection_for_user(request.user, pk)
    try:
        services.inspection_publish(inspection=inspection, by=request.user)
    except TransitionError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The result is published: the school can now see this visit."))
    return redirect("inspections:detail", pk=inspection.pk)


@role_required(ANY_ROLE)
@require_safe
def inspection_photo(request, pk):
    """A photo or, with `?thumb=1`, its thumbnail; only of inspections the user may see."""
    inspections = selectors.inspections_for_user(request.user)
    photo = get_object_or_404(InspectionPhoto.objects.filter(item__inspection__in=inspections), pk=pk)
    field = photo.thumbnail if request.GET.get("thumb") == "1" else photo.image
    try:
        file = field.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404 from missing
    # Stored photos were re-encoded by common.images: JPEG or PNG, whatever the name says.
    content_type = CONTENT_TYPES.get(sniff_document(file))
    if content_type not in ("image/jpeg", "image/png"):
        file.close()
        raise Http404
    response = FileResponse(file, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response
