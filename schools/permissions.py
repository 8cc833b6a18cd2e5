"""Role checks for views. Anonymous users go to login; a user without a fitting role gets 403."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .enums import BUREAU_ROLES, SCHOOL_ROLES, Role
from .selectors import membership_of

ANY_ROLE = BUREAU_ROLES | SCHOOL_ROLES
BUREAU_ADMIN_ONLY = frozenset({Role.BUREAU_ADMIN})


def role_required(roles):
    """Let a view through only for a logged-in member whose role is in `roles`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = membership_of(request.user)
            if membership is None or membership.role not in roles:
                raise PermissionDenied
            request.membership = membership
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = frozenset(roles)
        return wrapped

    return decorator
