"""One hazard (R4.5–R4.8): recording it, its page with the timeline and the actions, its photos."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from common.uploads import sniff_document
from inspections.enums import InspectionKind, ItemResult
from inspections.models import InspectionItem
from inspections.selectors import inspections_for_user
from plans.services import TransitionError
from schools.permissions import ANY_ROLE, role_required

from .. import selectors, services
from ..enums import ExtensionState, HazardAction, HazardSeverity, HazardState, PhotoKind
from ..forms import (
    ExtensionDecideForm,
    HazardForm,
    RecheckForm,
    RectifyForm,
    SuperviseForm,
    VerifyForm,
    WatchForm,
)
from ..models import HazardPhoto
from ..permissions import RECORDERS, RECTIFIERS, VERIFIERS, WATCHERS

# --- Recording a hazard ---------------------------------------------------------------------------

# Who may turn a failed check item into a hazard: the school its own self-inspection's items, the
# bureau the items of its own inspections and visits.
ITEM_KINDS_SCHOOL = frozenset({InspectionKind.SELF})
ITEM_KINDS_BUREAU = frozenset({InspectionKind.BUREAU, InspectionKind.UNANNOUNCED})


def _inspection_item(request):
    """The item of `?item=`, if any: 404 unless its inspection is one the user sees, 403 unless the
    user records for that kind of inspection."""
    value = request.GET.get("item")
    if value is None:
        return None
    if not value.isdigit():
        raise Http404
    items = InspectionItem.objects.filter(inspection__in=inspections_for_user(request.user))
    item = get_object_or_404(items.select_related("inspection"), pk=value)
    allowed = ITEM_KINDS_BUREAU if request.membership.is_bureau else ITEM_KINDS_SCHOOL
    if item.inspection.kind not in allowed:
        raise PermissionDenied
    return item


def _hazard_of(request, item):
    return selectors.hazards_for_user(request.user).filter(inspection_item=item).first()


@role_required(RECORDERS)
@require_http_methods(["GET", "POST"])
def hazard_create(request):
    membership = request.membership
    item = _inspection_item(request)
    if item is not None:
        if (existing := _hazard_of(request, item)) is not None:
            messages.info(request, _("This check item is already in the hazard register."))
            return redirect("hazards:detail", pk=existing.pk)
        if item.result != ItemResult.FAIL:
            messages.error(request, _("Only a failed check item can be entered as a hazard."))
            return redirect("inspections:detail", pk=item.inspection_id)
    posted = request.method == "POST"
    form = HazardForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        user=request.user,
        membership=membership,
        item=item,
    )
    if posted and form.is_valid():
        try:
            hazard = services.hazard_record(
                school=form.school_or(membership), by=request.user, inspection_item=item, **form.record_data()
            )
        except TransitionError as error:
            for message in error.messages:
                form.add_error(None, message)
        except IntegrityError:  # the item became a hazard since the page was loaded
            existing = _hazard_of(request, item) if item is not None else None
            if existing is None:
                raise
            messages.info(request, _("This check item is already in the hazard register."))
            return redirect("hazards:detail", pk=existing.pk)
        else:
            messages.success(request, _("The hazard is recorded."))
            return redirect("hazards:detail", pk=hazard.pk)
    context = {"form": form, "item": item, "photos_lost": posted and bool(request.FILES)}
    return render(request, "hazards/hazard_form.html", context)


# --- The hazard's page ----------------------------------------------------------------------------


def _label(choices, value):
    return choices(value).label if value in choices.values else value


def _timeline(hazard):
    """The events with their labels in the user's language: what happened, from which state to which."""
    events = list(selectors.hazard_timeline(hazard))
    for event in events:
        event.action_label = _label(HazardAction, event.action)
        event.from_label = _label(HazardState, event.from_state) if event.from_state else ""
        event.to_label = _label(HazardState, event.to_state) if event.to_state else ""
    return events


def available_actions(role, hazard, pending_extension=None):
    """What the viewer may do with the hazard now, by role and state: the forms on the page."""
    state, is_open = hazard.state, hazard.state != HazardState.CLOSED
    school_acts, bureau_acts = role in RECTIFIERS, role in VERIFIERS
    rectifying = state == HazardState.RECTIFYING
    return {
        "can_plan": school_acts and state == HazardState.REPORTED,
        "can_rectify": school_acts and rectifying,
        "can_extend": school_acts
        and rectifying
        and hazard.deadline is not None
        and pending_extension is None,
        "can_verify": bureau_acts and state == HazardState.AWAITING_VERIFICATION,
        "can_supervise": bureau_acts
        and is_open
        and hazard.severity == HazardSeverity.MAJOR
        and not hazard.supervised,
        "can_watch": role in WATCHERS and hazard.supervised and is_open,
        "can_decide": bureau_acts and pending_extension is not None,
        "can_recheck": bureau_acts and state == HazardState.CLOSED and hazard.rechecked_at is None,
    }


def detail_context(request, hazard, **bound_forms):
    """Everything the hazard's page shows; `bound_forms` replace the empty forms (a form sent back
    with errors keeps what was typed)."""
    user, today = request.user, timezone.localdate()
    photos = list(hazard.photos.all())
    extensions = list(hazard.extension_requests.select_related("requested_by", "decided_by"))
    pending = next((ext for ext in extensions if ext.state == ExtensionState.PENDING), None)
    actions = available_actions(request.membership.role, hazard, pending)
    forms = {
        "rectify_form": RectifyForm() if actions["can_rectify"] else None,
        "verify_form": VerifyForm() if actions["can_verify"] else None,
        "supervise_form": SuperviseForm(user=user) if actions["can_supervise"] else None,
        "watch_form": WatchForm(user=user) if actions["can_watch"] else None,
        "decide_form": ExtensionDecideForm() if actions["can_decide"] else None,
        "recheck_form": RecheckForm() if actions["can_recheck"] else None,
    }
    return {
        "hazard": hazard,
        "today": today,
        "overdue": hazard.is_overdue(today),
        "found_photos": [photo for photo in photos if photo.kind == PhotoKind.FOUND],
        "after_photos": [photo for photo in photos if photo.kind == PhotoKind.AFTER],
        "watch_records": list(hazard.watch_records.all()),
        "extension_requests": extensions,
        "pending_extension": pending,
        "rebounds": list(selectors.hazards_for_user(user).filter(rebound_of=hazard).order_by("found_at")),
        "timeline": _timeline(hazard),
        "recheck_due": actions["can_recheck"] and hazard.recheck_date and hazard.recheck_date <= today,
        **actions,
        **forms,
        **bound_forms,
    }


@role_required(ANY_ROLE)
@require_safe
def hazard_detail(request, pk):
    hazard = selectors.hazard_for_user(request.user, pk)
    return render(request, "hazards/hazard_detail.html", detail_context(request, hazard))


# --- Photos ---------------------------------------------------------------------------------------

# Stored photos are re-encoded by `common.images`: JPEG, or PNG when they have transparency.
IMAGE_TYPES = {"jpeg": "image/jpeg", "png": "image/png"}


@role_required(ANY_ROLE)
@require_safe
def hazard_photo(request, pk):
    """A hazard's photo (`?thumb=1`: its thumbnail), only for someone who may see the hazard."""
    photos = HazardPhoto.objects.filter(hazard__in=selectors.hazards_for_user(request.user))
    photo = get_object_or_404(photos, pk=pk)
    stored = photo.thumbnail if request.GET.get("thumb") == "1" else photo.image
    try:
        file = stored.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404 from missing
    content_type = IMAGE_TYPES.get(sniff_document(file))
    if content_type is None:  # not a photo we wrote: never serve it as one
        file.close()
        raise Http404
    response = FileResponse(file, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response
