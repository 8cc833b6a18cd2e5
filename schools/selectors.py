"""Every read of units and people starts here, scoped to what the user may see.

Other apps build their own `*_for_user` selectors on top of `schools_for_user`, so that a school
user only ever reaches its own school and a bureau user only the schools of its bureau.
"""

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404

from .enums import Role, SchoolKind
from .models import Membership, School

_CACHE_ATTR = "_portal_membership"

# Lists of people read top-down by responsibility: the principal first, duty staff last.
ROLE_RANK = Case(
    *(When(role=role, then=Value(rank)) for rank, role in enumerate(Role.values)),
    output_field=IntegerField(),
)


def membership_of(user):
    """The user's membership, or None. Cached on the user object for the rest of the request."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, _CACHE_ATTR):
        membership = (
            Membership.objects.select_related("bureau", "school", "school__bureau").filter(user=user).first()
        )
        setattr(user, _CACHE_ATTR, membership)
    return getattr(user, _CACHE_ATTR)


def schools_for_user(user):
    membership = membership_of(user)
    if membership is None:
        return School.objects.none()
    if membership.is_bureau:
        return School.objects.filter(bureau_id=membership.bureau_id)
    return School.objects.filter(pk=membership.school_id)


def school_for_user(user, pk):
    """One school the user may see, or 404 — an outsider learns nothing about other schools."""
    return get_object_or_404(schools_for_user(user).select_related("bureau"), pk=pk)


def school_list(*, user, kind="", reopened=None, query=""):
    schools = schools_for_user(user).annotate(
        member_count=Count("memberships", filter=Q(memberships__user__is_active=True))
    )
    if kind:
        schools = schools.filter(kind=kind)
    if reopened is not None:
        schools = schools.filter(reopened=reopened)
    if query:
        schools = schools.filter(Q(name__icontains=query) | Q(code__icontains=query))
    return schools.order_by("code")


def members_for_user(user):
    """Accounts the user may see: a bureau user its bureau and schools, a school user its school."""
    membership = membership_of(user)
    if membership is None:
        return Membership.objects.none()
    base = Membership.objects.select_related("user", "bureau", "school")
    if membership.is_bureau:
        return base.filter(Q(bureau_id=membership.bureau_id) | Q(school__bureau_id=membership.bureau_id))
    return base.filter(school_id=membership.school_id)


def member_list(*, user, school_id=None, role="", query=""):
    members = members_for_user(user)
    if school_id:
        members = members.filter(school_id=school_id)
    if role:
        members = members.filter(role=role)
    if query:
        members = members.filter(
            Q(user__username__icontains=query)
            | Q(user__full_name__icontains=query)
            | Q(user__phone__icontains=query)
        )
    return members.order_by("school__code", ROLE_RANK, "user__username")


def school_people(*, school):
    return (
        school.memberships.select_related("user")
        .filter(user__is_active=True)
        .order_by(ROLE_RANK, "user__full_name")
    )


def bureau_overview(*, user):
    """Counts for a bureau home page: schools by kind, and how many are not yet reopened."""
    schools = schools_for_user(user).filter(is_active=True)
    counts = dict(schools.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    totals = schools.aggregate(
        total=Count("pk"),
        not_reopened=Count("pk", filter=Q(reopened=False)),
    )
    by_kind = [(value, label, counts.get(value, 0)) for value, label in SchoolKind.choices]
    return {"by_kind": by_kind, **totals}
