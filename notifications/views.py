from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .forms import PreferenceForm
from .selectors import notification_for_user, notifications_for_user, preference_of

PAGE_SIZE = 20


@login_required
def notification_list(request):
    page = Paginator(notifications_for_user(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page, "filters": request.GET})


@login_required
@require_POST
def notification_read(request, pk):
    """Mark one notice read and follow its link, if it has a safe one."""
    notification = notification_for_user(request.user, pk)
    notifications_for_user(request.user).filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request):
    count = notifications_for_user(request.user).filter(read_at__isnull=True).update(read_at=timezone.now())
    messages.success(request, _("%(count)s notices marked as read.") % {"count": count})
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    # Not `request.POST or None`: unticking the only box posts an empty form, which must still save.
    data = request.POST if request.method == "POST" else None
    form = PreferenceForm(data, instance=preference_of(request.user))
    if form.is_valid():
        form.save()
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:list")
    return render(request, "notifications/preferences.html", {"form": form})
