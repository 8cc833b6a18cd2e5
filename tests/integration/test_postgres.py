import pytest
from django.db import DataError, IntegrityError, transaction

from schools import services
from schools.enums import Role
from schools.models import Membership
from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.integration


def test_the_suite_really_runs_on_postgresql(postgres):
    with postgres.cursor() as cursor:
        cursor.execute("select version()")
        assert cursor.fetchone()[0].startswith("PostgreSQL")


def test_postgresql_enforces_that_a_role_matches_its_unit(postgres):
    school = SchoolFactory()
    user = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.BUREAU_ADMIN, school=school)


def test_a_school_import_is_all_or_nothing_on_postgresql(postgres):
    school = SchoolFactory(code="S1")
    row = {"code": "S2", "name": "新学校", "kind": "primary", "address": "", "principal_name": "",
           "phone": "", "reopened": True}  # fmt: skip
    clash = {**row, "code": "S3", "name": "x" * 101}  # too long for the column: the database refuses
    with pytest.raises(DataError), transaction.atomic():
        services.schools_import(bureau=school.bureau, rows=[row, clash])
    assert not school.bureau.schools.filter(code="S2").exists()
