"""The police room's equipment (警务室, R6.2): a school's checklist, its check, the bureau's overview."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from plans.services import TransitionError
from schools.permissions import role_required
from schools.selectors import school_for_user

from .. import selectors, services
from ..forms_patrol import PoliceRoomForm
from ..permissions import BUREAU_READERS, POLICE_ROOM_KEEPERS, READERS


@role_required(BUREAU_READERS)
@require_safe
def police_room_overview(request):
    """The bureau's schools with missing or expired items first, then those never checked."""
    today = timezone.localdate()
    problems_only = request.GET.get("problems") == "1"
    schools = selectors.police_room_overview(user=request.user, today=today, problems_only=problems_only)
    context = {
        "schools": schools,
        "problems_only": problems_only,
        "with_problems": sum(1 for school in schools if school.problems),
        "unchecked": sum(1 for school in schools if not school.items_checked),
    }
    return render(request, "security/police_room_overview.html", context)


@role_required(READERS)
@require_safe
def police_room(request, pk):
    school = school_for_user(request.user, pk)
    today = timezone.localdate()
    rows = selectors.police_room_checklist(school=school, today=today)
    context = {
        "school": school,
        "rows": rows,
        "problems": sum(1 for row in rows if row.is_problem),
        "unchecked": sum(1 for row in rows if row.item is None),
        "history": selectors.police_room_history(school),
        "can_edit": request.membership.role in POLICE_ROOM_KEEPERS,
    }
    return render(request, "security/police_room.html", context)


@role_required(POLICE_ROOM_KEEPERS)
@require_http_methods(["GET", "POST"])
def police_room_edit(request, pk):
    school = school_for_user(request.user, pk)
    today = timezone.localdate()
    rows = selectors.police_room_checklist(school=school, today=today)
    form = PoliceRoomForm(request.POST or None, rows=rows, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            services.police_room_save(school=school, by=request.user, checks=form.checks())
        except TransitionError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("security:police_room_edit", pk=school.pk)
        messages.success(request, _("Police-room check saved."))
        return redirect("security:police_room", pk=school.pk)
    return render(request, "security/police_room_form.html", {"school": school, "form": form})
