"""Petition cases through the views: who records, who works on a case, who decides; the case's page;
errors that keep what was typed; outsiders get 404 and duty staff 403.

The clock stands at 2026-05-20 10:00 Beijing time.
"""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from petitions import services
from petitions.enums import PetitionAction, PetitionState
from petitions.models import PetitionCase
from schools.enums import Role
from tests.factories import BureauFactory, member
from tests.petitions.conftest import login, petition

CREATE = reverse("petitions:create")


def url(name, obj):
    return reverse(f"petitions:{name}", args=[obj.pk])


def _as(client, user):
    return login(client, user)


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def _reload(case):
    return PetitionCase.objects.get(pk=case.pk)


def _case_post(**changes):
    data = {
        "subject": "退休教师对职称评定结果有异议", "details": "要求复核2019年评审材料",
        "parties": "赵某（退休教师）", "contact_phone": "13698765432", "received_on": "2026-04-01",
        "leader": "钱局长", "responsible_unit": "区教育局人事科", "plan": "调取原始档案复核，当面说明结论",
        "milestones-TOTAL_FORMS": "3", "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "0", "milestones-MAX_NUM_FORMS": "20",
        "milestones-0-title": "调取并复核原始档案", "milestones-0-due_date": "2026-05-30",
        "milestones-1-title": "当面说明复核结论", "milestones-1-due_date": "2026-06-10",
        "milestones-2-title": "", "milestones-2-due_date": "",
    }  # fmt: skip
    data.update(changes)
    return data


# --- Recording ------------------------------------------------------------------------------------


def test_the_bureau_records_a_case_against_one_of_its_schools(client, bob, school):
    response = _as(client, bob).post(CREATE, _case_post(school=school.pk))
    case = PetitionCase.objects.get()
    assert response.url == url("detail", case)
    assert (case.school, case.leader, case.state, case.created_by) == (school, "钱局长", "open", bob)
    assert list(case.milestones.values_list("title", flat=True)) == ["调取并复核原始档案", "当面说明复核结论"]


def test_a_principal_records_a_case_of_the_principals_own_school(client, principal, school):
    response = _as(client, principal).get(CREATE)
    assert "school" not in response.context["form"].fields
    assert response.context["form"].initial["responsible_unit"] == school.name
    _as(client, principal).post(CREATE, _case_post())
    assert PetitionCase.objects.get().school == school


def test_a_principal_cannot_record_for_another_school(client, principal, charlie):
    other = charlie.membership.school
    _as(client, principal).post(CREATE, _case_post(school=other.pk))
    assert PetitionCase.objects.get().school == principal.membership.school


def test_the_bureau_cannot_record_against_another_bureaus_school(client, bob):
    elsewhere = BureauFactory().schools.create(code="X1", name="外区学校", kind="primary")
    response = _as(client, bob).post(CREATE, _case_post(school=elsewhere.pk))
    assert response.status_code == 200
    assert "school" in response.context["form"].errors
    assert not PetitionCase.objects.exists()


def test_a_case_without_milestones_comes_back_with_what_was_typed(client, bob, school):
    blank = {"milestones-0-title": "", "milestones-0-due_date": "", "milestones-1-title": "",
             "milestones-1-due_date": ""}  # fmt: skip
    response = _as(client, bob).post(CREATE, _case_post(school=school.pk, **blank))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Add at least one milestone with its due date." in page
    assert "调取原始档案复核，当面说明结论" in page and "13698765432" in page
    assert not PetitionCase.objects.exists()


def test_a_half_filled_milestone_and_a_future_date_are_marked(client, bob, school):
    data = _case_post(school=school.pk, received_on="2026-05-21", **{"milestones-1-due_date": ""})
    response = _as(client, bob).post(CREATE, data)
    assert response.context["form"].errors["received_on"] == ["This date is in the future."]
    assert response.context["formset"].forms[1].errors["due_date"] == [
        "Give the milestone a due date, or clear the row."
    ]
    assert "当面说明复核结论" in response.content.decode()


def test_a_bad_phone_number_is_refused(client, bob, school):
    response = _as(client, bob).post(CREATE, _case_post(school=school.pk, contact_phone="12345"))
    assert "contact_phone" in response.context["form"].errors


@pytest.mark.parametrize("role", [Role.SAFETY_OFFICER, Role.DUTY_STAFF, Role.BUREAU_VIEWER])
def test_other_roles_cannot_record(client, school, bureau, role):
    user = member(role, bureau if role == Role.BUREAU_VIEWER else school)
    assert _as(client, user).post(CREATE, _case_post(school=school.pk)).status_code == 403
    assert not PetitionCase.objects.exists()


# --- Who sees a case ------------------------------------------------------------------------------


def test_duty_staff_have_no_access_at_all(client, duty, school, bob):
    case = petition(school, by=bob)
    _as(client, duty)
    for path in (reverse("petitions:list"), reverse("petitions:export"), url("detail", case)):
        assert client.get(path).status_code == 403
    assert client.post(url("note_add", case), {"text": "x", "happened_on": "2026-05-20"}).status_code == 403
    assert case.notes.count() == 0


def test_the_neighbour_school_and_another_bureau_get_404(client, charlie, school, bob):
    case = petition(school, by=bob)
    outsider = member(Role.BUREAU_ADMIN, BureauFactory())
    for user in (charlie, outsider):
        assert _as(client, user).get(url("detail", case)).status_code == 404
        assert client.post(url("resolve", case), {"resolution": "x"}).status_code == 404
    assert _reload(case).state == PetitionState.OPEN


def test_the_page_shows_plan_milestones_notes_and_timeline(client, viewer, alice, school, bob):
    case = petition(
        school, by=bob, milestones=[(date(2026, 5, 19), "与家长面谈"), (date(2026, 6, 1), "组织调解")]
    )
    _as(client, alice).post(
        url("note_add", case), {"happened_on": "2026-05-18", "text": "电话沟通，家长同意面谈"}
    )
    response = _as(client, viewer).get(url("detail", case))
    page = response.content.decode()
    for text in ("成立专班，逐一回应诉求", "与家长面谈", "组织调解", "电话沟通，家长同意面谈", "13912345678"):
        assert text in page
    assert [event.action for event in response.context["timeline"]] == [
        PetitionAction.RECORDED,
        PetitionAction.STARTED,
    ]
    assert response.context["overdue_count"] == 1  # due 5-19, not done
    # A reader: no forms.
    assert not any(response.context[name] for name in ("can_mark", "can_note", "can_resolve", "can_close"))
    assert url("milestone_mark", case.milestones.first()) not in page


# --- Working on a case ----------------------------------------------------------------------------


def test_the_whole_way_through_the_views(client, alice, principal, bob, inspector, school):
    case = petition(school, by=principal)
    milestone = case.milestones.get()
    response = _as(client, alice).post(url("milestone_mark", milestone), {"done": "1"})
    assert response.url == url("detail", case)
    assert _reload(case).state == PetitionState.IN_PROGRESS
    client.post(url("milestone_add", case), {"title": "回访家长", "due_date": "2026-06-05"})
    assert case.milestones.count() == 2
    client.post(url("resolve", case), {"resolution": "调解成功，家长签字息诉"})
    assert _reload(case).state == PetitionState.RESOLVED

    assert _as(client, alice).post(url("close", case)).status_code == 403  # the school cannot close
    _as(client, inspector).post(url("reopen", case), {"reason": "回访家长未完成"})
    assert _reload(case).state == PetitionState.IN_PROGRESS
    _as(client, principal).post(url("resolve", case), {"resolution": "已回访，家长满意"})
    response = _as(client, bob).post(url("close", case), {"comment": "同意结案"})
    assert _messages(response)[-1] == PetitionAction.CLOSED.label
    case = _reload(case)
    assert case.state == PetitionState.CLOSED
    assert [e.action for e in case.events.all()][-5:] == [
        PetitionAction.MILESTONE_ADDED,
        PetitionAction.RESOLVED,
        PetitionAction.REOPENED,
        PetitionAction.RESOLVED,
        PetitionAction.CLOSED,
    ]
    page = _as(client, bob).get(url("detail", case)).content.decode()
    assert "回访家长未完成" in page and "同意结案" in page


def test_a_note_with_an_error_comes_back_with_the_text_typed(client, alice, school, bob):
    case = petition(school, by=bob)
    response = _as(client, alice).post(
        url("note_add", case), {"happened_on": "2026-05-22", "text": "约谈家长"}
    )
    assert response.status_code == 200
    assert response.context["note_form"].errors["happened_on"] == ["This date is in the future."]
    assert "约谈家长" in response.content.decode()
    assert case.notes.count() == 0


def test_an_empty_reopen_goes_back_with_the_reason_asked_for(client, bob, school):
    case = petition(school, by=bob)
    _as(client, bob)
    client.post(url("resolve", case), {"resolution": "已答复"})
    response = client.post(url("reopen", case), {"reason": ""})
    assert response.url == url("detail", case)
    assert _messages(response)[-1] == "This field is required."
    assert _reload(case).state == PetitionState.RESOLVED


def test_a_refused_step_comes_back_as_a_message(client, bob, school):
    case = petition(school, by=bob)
    response = _as(client, bob).post(url("close", case))
    assert _messages(response) == ["Only a case proposed as resolved can be closed."]
    assert _reload(case).state == PetitionState.OPEN


def test_the_safety_officer_neither_records_nor_edits_but_works_on_the_case(client, alice, school, bob):
    case = petition(school, by=bob)
    _as(client, alice)
    assert client.get(url("edit", case)).status_code == 403
    response = client.get(url("detail", case))
    assert (response.context["can_edit"], response.context["can_mark"], response.context["can_resolve"]) == (
        False,
        True,
        True,
    )


def test_the_principal_edits_the_case(client, principal, school, bob):
    case = petition(school, by=bob)
    data = {name: value for name, value in _case_post().items() if not name.startswith("milestones")}
    response = _as(client, principal).post(url("edit", case), {**data, "leader": "王校长"})
    assert response.url == url("detail", case)
    case = _reload(case)
    assert (case.leader, case.school) == ("王校长", school)
    assert case.milestones.count() == 1  # the milestones are not touched by an edit


def test_a_closed_case_cannot_be_edited(client, bob, school):
    case = petition(school, by=bob)
    _as(client, bob)
    client.post(url("resolve", case), {"resolution": "已答复"})
    client.post(url("close", case))
    response = client.get(url("edit", case))
    assert response.url == url("detail", case)
    detail = client.get(url("detail", case)).context
    assert (detail["can_edit"], detail["can_note"], detail["can_reopen"]) == (False, False, True)


@pytest.mark.parametrize("n", [1, 20])
def test_the_case_page_costs_the_same_queries_for_1_or_20_milestones_and_notes(
    client, bob, school, n, django_assert_num_queries
):  # fmt: skip
    case = petition(
        school, by=bob, milestones=[(date(2026, 5, 1 + index), f"步骤{index}") for index in range(n)]
    )
    for index in range(n):
        services.note_add(case=case, by=bob, text=f"进展{index}", happened_on=date(2026, 5, 1))
        if index % 2 == 0:
            services.milestone_mark(milestone=case.milestones.all()[index], by=bob, done=True)
    _as(client, bob)
    # session, user, membership, the case, its milestones, notes and events, the unread notices
    with django_assert_num_queries(8):
        response = client.get(url("detail", case))
    assert len(response.context["milestones"]) == len(response.context["notes"]) == n
