"""An unannounced visit (暗查暗访) and what it found stay invisible to the school until published.

Every URL of the inspection and hazard apps is tried by every school role: a record of the visit
is 404 for them, and no list, page or export shows it. After publication the school sees it.
"""

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hazards import services as hazard_services
from inspections import services as inspection_services
from schools.enums import SCHOOL_ROLES, Role
from tests.factories import SchoolFactory, member, photo
from tests.test_tenancy import ROUTES

MARKER = "暗访发现9527"
RECORD_ROUTES = {
    "inspections:detail": "visit", "inspections:fill": "visit", "inspections:finish": "visit",
    "inspections:photo": "photo", "hazards:detail": "hazard", "hazards:plan": "hazard",
    "hazards:rectify": "hazard", "hazards:extension": "hazard", "hazards:watch": "hazard",
    "hazards:photo": "hazard_photo",
}  # fmt: skip
LIST_ROUTES = ["inspections:list", "hazards:ledger", "hazards:export", "home"]


@pytest.fixture
def visit(db):
    school = SchoolFactory()
    inspection_services.templates_install_defaults(bureau=school.bureau)
    inspector = member(Role.BUREAU_INSPECTOR, school.bureau)
    visit = inspection_services.inspection_start(
        school=school, by=inspector, kind="unannounced", date=timezone.localdate(), areas=["gate_security"],
        leader_name="暗访组",
    )  # fmt: skip
    item = visit.items.first()
    results = {other.pk: ("pass", "") for other in visit.items.all()} | {item.pk: ("fail", MARKER)}
    inspection_services.inspection_record(inspection=visit, results=results, photos={item.pk: [photo()]})
    details = {"area": "gate_security", "description": MARKER, "location": "校门", "source": "inspection",
               "found_by": "暗访组", "found_at": timezone.now()}  # fmt: skip
    found = hazard_services.hazard_record(
        school=school, by=inspector, details=details, inspection_item=item, found_photos=[photo()]
    )
    school_users = {role: member(role, school) for role in SCHOOL_ROLES}
    targets = {"visit": visit.pk, "photo": item.photos.get().pk, "hazard": found.pk,
               "hazard_photo": found.photos.get().pk}  # fmt: skip
    return visit, inspector, school_users, targets


def _text_of(response):
    """A page's HTML, or every cell of a workbook (whose bytes are compressed)."""
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        sheets = load_workbook(BytesIO(response.content), read_only=True).worksheets
        return " ".join(
            str(value) for sheet in sheets for row in sheet.iter_rows(values_only=True) for value in row
        )
    return response.content.decode(errors="replace")


def _get(client, name, pk=None):
    method = getattr(client, ROUTES[name].method)
    return method(reverse(name, kwargs={"pk": pk} if pk else None))


@pytest.mark.parametrize("name", sorted(RECORD_ROUTES))
def test_the_school_gets_404_for_every_record_of_an_unpublished_visit(client, visit, name):
    _visit, _inspector, school_users, targets = visit
    for role in sorted(ROUTES[name].roles & SCHOOL_ROLES):
        client.force_login(school_users[role])
        assert _get(client, name, targets[RECORD_ROUTES[name]]).status_code == 404, f"{role} on {name}"


@pytest.mark.parametrize("name", LIST_ROUTES)
def test_no_page_or_export_of_the_school_shows_the_unpublished_visit(client, visit, name):
    _visit, _inspector, school_users, _targets = visit
    for role in sorted(SCHOOL_ROLES):
        client.force_login(school_users[role])
        assert MARKER not in _text_of(_get(client, name)), f"{role} saw it on {name}"


def test_once_published_the_school_sees_the_visit_and_its_hazard(client, visit):
    inspection, inspector, school_users, targets = visit
    inspection_services.inspection_finish(inspection=inspection, by=inspector)
    inspection_services.inspection_publish(inspection=inspection, by=inspector)
    client.force_login(school_users[Role.SAFETY_OFFICER])
    assert _get(client, "inspections:detail", targets["visit"]).status_code == 200
    assert _get(client, "hazards:detail", targets["hazard"]).status_code == 200
    assert MARKER in _get(client, "hazards:ledger").content.decode()
