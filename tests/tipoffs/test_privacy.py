"""The reporter's name and phone never reach the school: not on the hazard's page, not in the hazard
ledger or its Excel export, not on any tip-off page a school user can open."""

from io import BytesIO

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from common.xlsx import write_workbook
from hazards.models import Hazard, HazardEvent
from schools.enums import Role
from tests.factories import CampaignFactory, member, photo
from tests.tenancy.tipoffs import ROUTES
from tipoffs import selectors, services
from tipoffs.exporters import campaign_sheets

from .conftest import file_tip_off

NAME, PHONE = "欧阳举报人", "13912349527"


@pytest.fixture
def campaign(school):
    return CampaignFactory(bureau=school.bureau, covers=[school])


@pytest.fixture
def made(client, school, inspector, campaign, time_machine):
    """A named tip-off with a photo, turned into a hazard by the bureau through its page."""
    time_machine.move_to("2026-05-20 10:00+08:00")
    filed = file_tip_off(school, name=NAME, phone=PHONE, photos=[photo()])
    client.force_login(inspector)
    client.post(
        reverse("tipoffs:make_hazard", args=[filed.tip_off.pk]),
        {"campaign": campaign.pk, "area": "fire", "severity": "general", "location": "食堂操作间",
         "description": "食堂操作间灭火器过期", "share_photos": "on"},
    )  # fmt: skip
    client.logout()
    filed.tip_off.refresh_from_db()
    return filed


@pytest.fixture
def school_users(school, alice, principal):
    return [alice, principal, member(Role.DUTY_STAFF, school, full_name="刘值班")]


def _text(response):
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        book = load_workbook(BytesIO(response.content), read_only=True)
        return " ".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _assert_private(text, where):
    assert NAME not in text, f"the reporter's name reached {where}"
    assert PHONE not in text, f"the reporter's phone reached {where}"


def test_the_school_sees_the_hazard_but_not_who_reported(client, made, school_users):
    hazard = made.tip_off.hazard
    pages = [
        reverse("hazards:detail", args=[hazard.pk]),
        reverse("hazards:ledger"),
        reverse("hazards:export"),
        reverse("hazards:photo", args=[hazard.photos.get().pk]),
    ]
    for user in school_users:
        client.force_login(user)
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            _assert_private(_text(response), f"{user.membership.role} on {url}")
    client.force_login(school_users[0])
    page = client.get(reverse("hazards:detail", args=[hazard.pk])).content.decode()
    assert services.FOUND_BY in page and "食堂操作间灭火器过期" in page


def test_the_hazard_and_its_history_hold_nothing_of_the_reporter(made):
    hazard = Hazard.objects.get()
    stored = str(Hazard.objects.filter(pk=hazard.pk).values().get())
    stored += str(list(HazardEvent.objects.filter(hazard=hazard).values()))
    _assert_private(stored, "the hazard's record")


def test_no_tip_off_page_a_school_user_opens_shows_the_reporter(client, made, school_users, school):
    kwargs = {
        "tipoffs:file": {"token": services.link_for(school=school).token},
        "tipoffs:detail": {"pk": made.tip_off.pk},
        "tipoffs:note": {"pk": made.tip_off.pk},
        "tipoffs:dismiss": {"pk": made.tip_off.pk},
        "tipoffs:make_hazard": {"pk": made.tip_off.pk},
        "tipoffs:photo": {"pk": made.tip_off.photos.get().pk},
        "tipoffs:poster": {"pk": school.pk},
    }
    opened = set()
    for user in school_users:
        client.force_login(user)
        for name, route in ROUTES.items():
            if not name.startswith("tipoffs:"):
                continue
            response = getattr(client, route.method)(reverse(name, kwargs=kwargs.get(name)))
            if route.public or user.membership.role in route.roles:
                assert response.status_code == 200, (name, user.membership.role)
                opened.add(name)
            else:
                assert response.status_code == 403, (name, user.membership.role)
            _assert_private(_text(response), f"{user.membership.role} on {name}")
    assert opened == {"tipoffs:file", "tipoffs:follow", "tipoffs:poster"}


def test_the_school_section_of_the_campaign_page_shows_no_tip_off(made, alice, campaign, school):
    section = selectors.school_campaign_figures(user=alice, campaign=campaign, school=school)
    assert section == {"hazards_from_tip_offs": 1, "tip_offs": None, "can_print_poster": True}
    request = RequestFactory().get("/")
    request.user = alice
    html = render_to_string(
        "tipoffs/_school_section.html", {"section": section, "campaign": campaign, "school": school}, request
    )
    _assert_private(html, "the school's campaign page")
    assert reverse("tipoffs:poster", args=[school.pk]) in html
    assert reverse("tipoffs:list") not in html


def test_the_campaign_workbook_leaves_the_reporter_out(made, bob, campaign):
    ((sheet, expected),) = campaign_sheets(user=bob, campaign=campaign, now=None)
    stream = BytesIO()
    write_workbook(stream, [sheet])
    rows = list(load_workbook(stream, read_only=True).active.iter_rows(values_only=True))
    assert expected == 1 and len(rows) == 2
    _assert_private(str(rows), "the campaign workbook")
