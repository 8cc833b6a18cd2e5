"""The bureau admin's audit pages: the change log and the access events, each filtered and paged."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from schools.permissions import BUREAU_ADMIN_ONLY, role_required

from . import selectors
from .display import describe
from .forms import ACTION_KINDS, ACTION_LABELS, AccessFilterForm, LogFilterForm

PAGE_SIZE = 50


def _query(form):
    """The filters as typed, for the pagination links."""
    return {name: form.data.get(name, "") for name in form.fields if form.data.get(name)}


@role_required(BUREAU_ADMIN_ONLY)
@require_safe
def log(request):
    form = LogFilterForm(request.GET)
    entries = selectors.log_entries(user=request.user, **form.values())
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = describe(page.object_list)
    for entry in page.object_list:
        entry.action_label = ACTION_LABELS.get(entry.action, entry.get_action_display())
        entry.action_kind = ACTION_KINDS.get(entry.action, "")
    context = {"form": form, "page": page, "filters": _query(form), "tab": "log"}
    return render(request, "audit/log.html", context)


@role_required(BUREAU_ADMIN_ONLY)
@require_safe
def access(request):
    form = AccessFilterForm(request.GET)
    events = selectors.access_events(user=request.user, **form.values())
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "filters": _query(form), "tab": "access"}
    return render(request, "audit/access.html", context)
