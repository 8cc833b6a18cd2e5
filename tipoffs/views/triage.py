"""The bureau's side: the triage list, a tip-off's page, replies and notes, dismissal, making a hazard
of it, and its photos. School users reach none of it (403): they see only the hazard."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from common.uploads import sniff_document
from hazards.views.hazards import IMAGE_TYPES
from plans.selectors import campaigns_for_user
from plans.services import TransitionError
from schools.permissions import role_required
from schools.selectors import schools_for_user

from .. import selectors, services
from ..enums import TipOffAction, TipOffState
from ..forms import DismissForm, MakeHazardForm, NoteForm
from ..models import TipOffPhoto
from ..permissions import READERS, TRIAGERS

PAGE_SIZE = 50

# --- The triage list ------------------------------------------------------------------------------


def _filters(params, schools, campaigns):
    """The list's filters from the query string; a value we do not know is ignored, not an error."""

    def known(name, values):
        value = params.get(name, "")
        return value if value in values else ""

    return {
        "school": known("school", {str(school.pk) for school in schools}),
        "campaign": known("campaign", {str(campaign.pk) for campaign in campaigns}),
        "state": known("state", TipOffState.values),
    }


def _count_cards(counts, filters):
    """(label, figure, query string, selected, alarming); the figures ignore the state filter, so that
    each links to the list it counts."""
    base = {name: filters[name] for name in ("school", "campaign") if filters[name]}
    cards = [
        (_("Tip-offs"), counts["total"], "", False),
        (TipOffState.RECEIVED.label, counts["awaiting"], TipOffState.RECEIVED, True),
        (TipOffState.HAZARD.label, counts["hazards"], TipOffState.HAZARD, False),
        (TipOffState.DISMISSED.label, counts["dismissed"], TipOffState.DISMISSED, False),
    ]
    return [
        (label, n, urlencode({**base, **({"state": state} if state else {})}), filters["state"] == state,
         alarming and n > 0)
        for label, n, state, alarming in cards
    ]  # fmt: skip


@role_required(READERS)
@require_safe
def tipoff_list(request):
    schools = list(schools_for_user(request.user).order_by("code").only("pk", "code", "name"))
    campaigns = list(campaigns_for_user(request.user).order_by("-start_date", "-pk").only("pk", "name"))
    filters = _filters(request.GET, schools, campaigns)
    campaign = next((c for c in campaigns if str(c.pk) == filters["campaign"]), None)
    counted = selectors.triage_list(user=request.user, school_id=filters["school"] or None, campaign=campaign)
    shown = counted.filter(state=filters["state"]) if filters["state"] else counted
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.triage_counts(counted)
    context = {
        "page": page,
        "count_cards": _count_cards(counts, filters),
        "filters": filters,
        "schools": schools,
        "campaigns": campaigns,
        "states": TipOffState.choices,
    }
    return render(request, "tipoffs/tipoff_list.html", context)


# --- A tip-off's page -----------------------------------------------------------------------------


def _timeline(tip_off):
    events = list(selectors.tipoff_timeline(tip_off))
    actions, states = dict(TipOffAction.choices), dict(TipOffState.choices)
    for event in events:
        event.action_label = actions.get(event.action, event.action)
        event.to_label = states.get(event.to_state, "")
    return events


def detail_context(request, tip_off, **bound_forms):
    """Everything the page shows; `bound_forms` replace the empty forms (a form sent back with errors
    keeps what was typed)."""
    photos = list(tip_off.photos.all())
    can_note = request.membership.role in TRIAGERS
    can_triage = can_note and tip_off.state == TipOffState.RECEIVED
    forms = {
        "note_form": NoteForm() if can_note else None,
        "dismiss_form": DismissForm() if can_triage else None,
        "hazard_form": MakeHazardForm(user=request.user, tip_off=tip_off, has_photos=bool(photos))
        if can_triage
        else None,
    }
    return {
        "tip_off": tip_off,
        "photos": photos,
        "notes": list(selectors.tipoff_notes(tip_off)),
        "timeline": _timeline(tip_off),
        "can_triage": can_triage,
        **forms,
        **bound_forms,
    }


@role_required(READERS)
@require_safe
def tipoff_detail(request, pk):
    tip_off = selectors.tipoff_for_user(request.user, pk)
    return render(request, "tipoffs/tipoff_detail.html", detail_context(request, tip_off))


def _back(tip_off):
    return redirect("tipoffs:detail", pk=tip_off.pk)


def _refused(request, tip_off, error):
    for message in error.messages:
        messages.error(request, message)
    return _back(tip_off)


def _invalid(request, tip_off, form, name, *, still_open):
    """A form that does not validate: with something typed and the step still open, the page comes
    back with the form as typed (200); otherwise back to the page with the errors as messages."""
    typed = any(
        value.strip() for key, value in form.data.items() if key in form.fields and key != "visibility"
    )
    if typed and still_open:
        messages.error(request, _("Nothing was saved: correct the marked field and send it again."))
        return render(request, "tipoffs/tipoff_detail.html", detail_context(request, tip_off, **{name: form}))
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return _back(tip_off)


@role_required(TRIAGERS)
@require_POST
def tipoff_note(request, pk):
    tip_off = selectors.tipoff_for_user(request.user, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _invalid(request, tip_off, form, "note_form", still_open=True)
    try:
        services.tipoff_note(
            tip_off=tip_off, by=request.user, text=form.cleaned_data["text"], public=form.public
        )
    except TransitionError as error:
        return _refused(request, tip_off, error)
    messages.success(
        request,
        _("The reply is sent: the reporter reads it with their key.")
        if form.public
        else _("The note is saved."),
    )
    return _back(tip_off)


@role_required(TRIAGERS)
@require_POST
def tipoff_dismiss(request, pk):
    tip_off = selectors.tipoff_for_user(request.user, pk)
    form = DismissForm(request.POST)
    if not form.is_valid():
        return _invalid(
            request, tip_off, form, "dismiss_form", still_open=tip_off.state == TipOffState.RECEIVED
        )
    try:
        services.tipoff_dismiss(tip_off=tip_off, by=request.user, reason=form.cleaned_data["reason"])
    except TransitionError as error:
        return _refused(request, tip_off, error)
    messages.success(request, _("The tip-off is dismissed; the reporter reads the reason."))
    return _back(tip_off)


@role_required(TRIAGERS)
@require_POST
def tipoff_make_hazard(request, pk):
    tip_off = selectors.tipoff_for_user(request.user, pk)
    has_photos = tip_off.photos.exists()
    form = MakeHazardForm(request.POST, user=request.user, tip_off=tip_off, has_photos=has_photos)
    if not form.is_valid():
        return _invalid(
            request, tip_off, form, "hazard_form", still_open=tip_off.state == TipOffState.RECEIVED
        )
    try:
        hazard = services.tipoff_make_hazard(
            tip_off=tip_off, by=request.user, details=form.details(), share_photos=form.photos_shared
        )
    except TransitionError as error:
        return _refused(request, tip_off, error)
    messages.success(
        request, _("Hazard #%(id)s is entered for the school, which now owes its plan.") % {"id": hazard.pk}
    )
    return _back(tip_off)


@role_required(READERS)
@require_safe
def tipoff_photo(request, pk):
    """A tip-off's photo (`?thumb=1`: its thumbnail), only for the bureau that may see the tip-off."""
    photos = TipOffPhoto.objects.filter(tip_off__in=selectors.tipoffs_for_user(request.user))
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
