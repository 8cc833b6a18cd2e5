"""One education session (R5.1): recording it on a phone, its page, its photos."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from plans.services import TransitionError
from schools.permissions import role_required

from .. import selectors, services
from ..forms import SessionRecordForm
from ..permissions import RECORDERS, VIEWERS
from .photos import photo_response


@role_required(RECORDERS)
@require_http_methods(["GET", "POST"])
def session_create(request):
    school = request.membership.school
    posted = request.method == "POST"
    form = SessionRecordForm(
        request.POST if posted else None, request.FILES if posted else None, user=request.user, school=school
    )
    if posted and form.is_valid():
        try:
            session = services.session_record(school=school, by=request.user, **form.record_data())
        except TransitionError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The session is recorded."))
            return redirect("activities:session_detail", pk=session.pk)
    context = {"form": form, "school": school, "photos_lost": posted and bool(request.FILES)}
    return render(request, "activities/session_form.html", context)


@role_required(VIEWERS)
@require_safe
def session_detail(request, pk):
    session = selectors.session_for_user(request.user, pk)
    context = {
        "session": session,
        "topics": [topic.get_topic_display() for topic in session.topics.all()],
        "photos": list(session.photos.all()),
        "can_record": selectors.can_record_for(request.user, session.school),
    }
    return render(request, "activities/session_detail.html", context)


@role_required(VIEWERS)
@require_safe
def session_photo(request, pk):
    """A session's photo (`?thumb=1`: its thumbnail), only for someone who may see the session."""
    photo = get_object_or_404(selectors.session_photos_for_user(request.user), pk=pk)
    return photo_response(photo, thumb=request.GET.get("thumb") == "1")
