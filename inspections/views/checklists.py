"""The bureau's checklists: one per focus area, edited by the bureau admin. Inspections copy the
items when they begin, so an edit here never changes an inspection already begun."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from plans.enums import FocusArea
from schools.permissions import role_required

from .. import selectors, services
from ..forms import ChecklistForm
from ..permissions import TEMPLATE_EDITORS


@role_required(TEMPLATE_EDITORS)
@require_safe
def template_list(request):
    templates = selectors.templates_for_user(request.user)
    if not templates.exists():
        # The first visit gives the bureau the default checklists to start from.
        services.templates_install_defaults(bureau=request.membership.bureau)
    in_plan_order = sorted(templates, key=lambda template: FocusArea.values.index(template.area))
    return render(request, "inspections/template_list.html", {"templates": in_plan_order})


@role_required(TEMPLATE_EDITORS)
@require_http_methods(["GET", "POST"])
def template_edit(request, pk):
    template = get_object_or_404(selectors.templates_for_user(request.user), pk=pk)
    items = template.items.filter(is_active=True).order_by("order", "pk")
    initial = {"title": template.title, "items": "\n".join(item.text for item in items)}
    form = ChecklistForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        services.template_save(template=template, title=data["title"], items=data["items"])
        messages.success(request, _("Checklist “%(title)s” saved.") % {"title": template.title})
        return redirect("inspections:templates")
    return render(request, "inspections/template_edit.html", {"template": template, "form": form})
