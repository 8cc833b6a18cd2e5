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
        # The principal and safety officers: the school roles that handle petitions, the ledger and posters.
        "is_school_manager": bool(current and current.role in (Role.PRINCIPAL, Role.SAFETY_OFFICER)),
    }
