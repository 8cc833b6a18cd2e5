from .enums import Role
from .selectors import membership_of


def membership(request):
    """The current user's unit and role, for navigation by role."""
    current = membership_of(request.user) if hasattr(request, "user") else None
    return {
        "membership": current,
        "is_bureau_user": bool(current and current.is_bureau),
        "is_bureau_admin": bool(current and current.role == Role.BUREAU_ADMIN),
        "is_school_user": bool(current and current.is_school),
    }
