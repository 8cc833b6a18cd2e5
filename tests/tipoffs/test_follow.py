"""Following a case with the report key: the state in plain words, the bureau's public replies, and
nothing else — no internal notes, no names of the bureau's or the school's people."""

import pytest
from django.urls import reverse

from hazards import services as hazard_services
from tests.factories import photo
from tipoffs import keys, services

from .conftest import file_tip_off

FOLLOW = reverse("tipoffs:follow")
PLAN = {
    "interim_measures": "拉警戒线",
    "rectification_plan": "更换灭火器",
    "responsible_person": "赵后勤主任",
}


@pytest.fixture
def case(school):
    return file_tip_off(school)


def _follow(client, key):
    return client.post(FOLLOW, {"key": key})


def test_it_asks_for_the_key(client, db):
    response = client.get(FOLLOW)
    assert response.status_code == 200
    assert 'name="key"' in response.content.decode()


def test_it_opens_the_case_with_the_key_as_shown_or_as_typed(client, case):
    for typed in (keys.grouped(case.key), case.key.lower(), " ".join(keys.grouped(case.key).split("-"))):
        response = _follow(client, typed)
        assert response.context["tip_off"] == case.tip_off
        assert "no-store" in response["Cache-Control"]


def test_it_reads_lookalike_characters_as_the_key_means_them(client, school):
    filed = file_tip_off(school)
    typed = filed.key.replace("0", "O").replace("1", "I")
    assert _follow(client, typed).context["tip_off"] == filed.tip_off


def test_it_says_so_when_no_tip_off_has_the_key(client, case):
    response = _follow(client, keys.grouped(keys.new_key()))
    assert "No tip-off has this key." in response.content.decode()
    assert "tip_off" not in response.context


def test_it_says_what_a_key_looks_like(client, db):
    assert "A report key has 16 letters and digits" in _follow(client, "12345").content.decode()


def test_it_shows_a_received_case_and_only_the_public_replies(client, case, inspector):
    services.tipoff_note(tip_off=case.tip_off, by=inspector, text="已收到，正在核实", public=True)
    services.tipoff_note(tip_off=case.tip_off, by=inspector, text="内部：先别告诉学校", public=False)
    page = _follow(client, case.key).content.decode()
    assert "Received: the district education bureau is looking into it." in page
    assert "已收到，正在核实" in page
    assert "内部：先别告诉学校" not in page
    assert inspector.full_name not in page and inspector.username not in page
    assert case.tip_off.school.bureau.name in page  # a reply is signed by the bureau


def test_it_shows_the_reason_of_a_dismissal(client, case, inspector):
    services.tipoff_dismiss(tip_off=case.tip_off, by=inspector, reason="经核实灭火器在有效期内")
    page = _follow(client, case.key).content.decode()
    assert "Closed: the bureau is taking no action." in page
    assert "经核实灭火器在有效期内" in page


def test_it_shows_a_hazard_being_rectified_then_verified(client, case, inspector, alice):
    details = {
        "campaign": None,
        "area": "fire",
        "description": "灭火器过期",
        "location": "食堂",
        "severity": "general",
    }
    hazard = services.tipoff_make_hazard(tip_off=case.tip_off, by=inspector, details=details)
    assert "being rectified" in _follow(client, case.key).content.decode()

    hazard_services.hazard_plan(hazard=hazard, by=alice, plan={**PLAN, "deadline": hazard.found_at.date()})
    page = _follow(client, case.key).content.decode()
    assert "being rectified" in page
    assert "赵后勤主任" not in page and alice.full_name not in page  # nobody of the school

    hazard_services.hazard_submit_rectification(hazard=hazard, by=alice, note="已更换", photos=[photo()])
    assert "the bureau is checking the work" in _follow(client, case.key).content.decode()

    hazard_services.hazard_verify(hazard=hazard, by=inspector)
    assert "Rectified and verified by the bureau." in _follow(client, case.key).content.decode()


def test_a_key_is_random_sixteen_characters_that_cannot_be_misread():
    drawn = {keys.new_key() for _ in range(200)}
    assert len(drawn) == 200
    assert all(len(key) == 16 and set(key) <= set(keys.ALPHABET) for key in drawn)
    assert not set("ILOU") & set(keys.ALPHABET)
    assert len(keys.ALPHABET) ** keys.LENGTH >= 2**80
