"""Every write to units and people. Views and commands call these, never `.save()` directly."""

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Membership, School

SCHOOL_FIELDS = ("code", "name", "kind", "address", "principal_name", "phone", "reopened")


def school_create(*, bureau, **fields) -> School:
    return School.objects.create(bureau=bureau, **fields)


def school_update(*, school: School, **fields) -> School:
    for name, value in fields.items():
        setattr(school, name, value)
    school.save(update_fields=list(fields))
    return school


@transaction.atomic
def schools_import(*, bureau, rows) -> tuple[int, int]:
    """Create or update schools by code, all or nothing. Returns (created, updated)."""
    existing = {s.code: s for s in School.objects.filter(bureau=bureau).select_for_update()}
    to_create, to_update = [], []
    for row in rows:
        school = existing.get(row["code"])
        if school is None:
            to_create.append(School(bureau=bureau, **row))
            continue
        for name in SCHOOL_FIELDS:
            setattr(school, name, row[name])
        to_update.append(school)
    School.objects.bulk_create(to_create)
    School.objects.bulk_update(to_update, [f for f in SCHOOL_FIELDS if f != "code"])
    return len(to_create), len(to_update)


@transaction.atomic
def member_create(*, username, password, full_name, phone, role, bureau=None, school=None):
    user = get_user_model().objects.create_user(
        username=username, password=password, full_name=full_name, phone=phone
    )
    Membership.objects.create(user=user, role=role, bureau=bureau, school=school)
    return user


@transaction.atomic
def member_update(*, membership, full_name, phone, role, is_active, bureau=None, school=None):
    user = membership.user
    user.full_name, user.phone, user.is_active = full_name, phone, is_active
    user.save(update_fields=["full_name", "phone", "is_active"])
    membership.role, membership.bureau, membership.school = role, bureau, school
    membership.save(update_fields=["role", "bureau", "school"])
    return membership


def member_set_password(*, user, password):
    user.set_password(password)
    user.save(update_fields=["password"])
