"""What the security views share: the filters' choices and the way back after an action."""

from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from plans.selectors import campaigns_for_user
from schools.selectors import schools_for_user


def filter_choices(request):
    """The schools (bureau users only) and campaigns the user may filter by."""
    schools = []
    if request.membership.is_bureau:
        schools = list(schools_for_user(request.user).order_by("code").only("pk", "code", "name"))
    campaigns = list(campaigns_for_user(request.user).order_by("-start_date", "-pk").only("pk", "name"))
    return schools, campaigns


def known(params, name, values):
    """The query parameter's value if it is one we know; otherwise "" (ignored, not an error)."""
    value = params.get(name, "")
    return value if value in values else ""


def chosen(objects, pk):
    return next((item for item in objects if str(item.pk) == pk), None) if pk else None


def back(request, fallback, **kwargs):
    """Back to the page the action was taken on (`next`, on this site only), or to `fallback`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(fallback, **kwargs)
