"""Emergency drills (R5.2): planned, recorded as done or cancelled (compare-and-set with an event each),
problems entered in the hazard register, and who may do what."""

from datetime import date

import pytest
from django.urls import reverse

from activities import services
from activities.models import Drill, DrillEvent
from hazards.enums import HazardSource, HazardState
from hazards.models import Hazard
from plans.services import TransitionError
from schools.enums import Role
from tests.activities.conftest import done, drill
from tests.factories import jpeg_upload, member

CREATE = reverse("activities:drill_create")


def _url(name, pk):
    return reverse(f"activities:{name}", args=[pk])


def _done_form(**overrides):
    data = {
        "held_on": "2026-05-20",
        "participants": "1260",
        "duration_minutes": "30",
        "evacuation_minutes": "3",
        "evacuation_seconds": "20",
        "problems": "三楼东侧楼梯口拥堵\n\n  安全出口指示灯不亮  \n",
        "evaluation": "疏散有序，个别班级动作偏慢。",
    }
    return {name: value for name, value in (data | overrides).items() if value is not None}


def test_it_plans_a_drill_with_an_event(client, alice, campaign):
    client.force_login(alice)
    data = {
        "kind": "fire",
        "planned_date": "2026-05-22",
        "title": "春季消防疏散演练",
        "campaign": campaign.pk,
    }
    response = client.post(CREATE, data)
    planned = Drill.objects.get()
    assert response.url == _url("drill_detail", planned.pk)
    assert (planned.state, planned.planned_date, planned.campaign) == ("planned", date(2026, 5, 22), campaign)
    event = planned.events.get()
    assert (event.action, event.to_state, event.by) == ("planned", "planned", alice)


def test_it_keeps_the_plan_typed_when_the_day_is_outside_the_campaign(client, alice, campaign):
    client.force_login(alice)
    data = {"kind": "fire", "planned_date": "2026-07-01", "organiser": "王校长", "campaign": campaign.pk}
    response = client.post(CREATE, data)
    form = response.context["form"]
    assert list(form.errors) == ["planned_date"]
    assert form["organiser"].value() == "王校长"
    assert not Drill.objects.exists()


def test_it_changes_the_day_of_a_planned_drill(client, school, alice):
    planned = drill(school, by=alice, day=date(2026, 5, 22))
    client.force_login(alice)
    response = client.post(_url("drill_edit", planned.pk), {"kind": "stampede", "planned_date": "2026-05-25"})
    planned.refresh_from_db()
    assert response.status_code == 302
    assert (planned.kind, planned.planned_date) == ("stampede", date(2026, 5, 25))
    assert planned.events.last().comment == "2026-05-22 → 2026-05-25"


def test_it_records_a_drill_as_done_with_its_problems_and_photos(client, school, alice):
    planned = drill(school, by=alice)
    client.force_login(alice)
    response = client.post(_url("drill_done", planned.pk), {**_done_form(), "photos": [jpeg_upload()]})
    planned.refresh_from_db()
    assert response.url == _url("drill_detail", planned.pk)
    assert (planned.state, planned.held_on, planned.participants) == ("done", date(2026, 5, 20), 1260)
    assert (planned.duration_minutes, planned.evacuation_seconds, planned.evacuation_time) == (
        30,
        200,
        "3:20",
    )
    assert list(planned.problems.values_list("description", flat=True)) == [
        "三楼东侧楼梯口拥堵",
        "安全出口指示灯不亮",
    ]
    assert planned.photos.count() == 1
    event = planned.events.last()
    assert (event.action, event.from_state, event.to_state, event.by) == ("done", "planned", "done", alice)


def test_no_evacuation_time_is_stored_as_none(client, school, alice):
    planned = drill(school, kind="epidemic")
    client.force_login(alice)
    client.post(_url("drill_done", planned.pk), _done_form(evacuation_minutes="", evacuation_seconds=""))
    planned.refresh_from_db()
    assert (planned.state, planned.evacuation_seconds, planned.evacuation_time) == ("done", None, "")


def test_it_refuses_to_record_a_drill_in_the_future_and_keeps_the_evaluation(client, school, alice):
    planned = drill(school, day=date(2026, 5, 25))
    client.force_login(alice)
    form = client.get(_url("drill_done", planned.pk)).context["form"]
    assert form["held_on"].value() == date(2026, 5, 20)  # the planned day has not come: today
    response = client.post(_url("drill_done", planned.pk), _done_form(held_on="2026-05-25"))
    form = response.context["form"]
    assert form.errors.as_data()["held_on"][0].code == "future"
    assert form["evaluation"].value() == "疏散有序，个别班级动作偏慢。"
    planned.refresh_from_db()
    assert planned.state == "planned"


def test_an_evaluation_is_required(client, school, alice):
    planned = drill(school)
    client.force_login(alice)
    response = client.post(_url("drill_done", planned.pk), _done_form(evaluation=" "))
    assert list(response.context["form"].errors) == ["evaluation"]


def test_a_drill_is_recorded_done_only_once(school, alice, principal):
    planned = drill(school)
    stale = Drill.objects.get(pk=planned.pk)  # the principal loaded the page before alice recorded it
    done(planned, by=alice)
    with pytest.raises(TransitionError):
        done(stale, by=principal)
    assert DrillEvent.objects.filter(drill=planned, action="done").count() == 1


def test_a_cancelled_drill_cannot_be_recorded_and_its_page_says_so(client, school, alice):
    planned = drill(school)
    client.force_login(alice)
    response = client.post(_url("drill_cancel", planned.pk), {"reason": "改期"})
    planned.refresh_from_db()
    assert response.status_code == 302
    assert (planned.state, planned.cancel_reason) == ("cancelled", "改期")
    assert client.get(_url("drill_done", planned.pk)).status_code == 302
    with pytest.raises(TransitionError):
        done(planned)


def test_cancelling_needs_a_reason(client, school, alice):
    planned = drill(school)
    client.force_login(alice)
    client.post(_url("drill_cancel", planned.pk), {"reason": ""})
    planned.refresh_from_db()
    assert planned.state == "planned"
    assert not planned.events.filter(action="cancelled").exists()


def test_a_problem_becomes_a_hazard_waiting_for_its_plan(client, school, alice, campaign):
    finished = done(drill(school, campaign=campaign), problems=["实验楼安全出口指示灯不亮"])
    problem = finished.problems.get()
    client.force_login(alice)
    form = client.get(_url("problem_hazard", problem.pk)).context["form"]
    assert form["description"].value() == "实验楼安全出口指示灯不亮"
    data = {
        "description": "实验楼二层安全出口指示灯不亮",
        "area": "fire",
        "location": "实验楼二层",
        "severity": "general",
    }
    response = client.post(_url("problem_hazard", problem.pk), data)
    hazard = Hazard.objects.get()
    assert response.url == reverse("hazards:detail", args=[hazard.pk])
    assert (hazard.school, hazard.campaign, hazard.state) == (school, campaign, HazardState.REPORTED)
    assert (hazard.source, hazard.description, hazard.created_by) == (
        HazardSource.SELF_REPORT,
        data["description"],
        alice,
    )
    problem.refresh_from_db()
    assert problem.hazard == hazard
    assert finished.events.filter(action="hazard", comment__startswith=f"#{hazard.pk} ").exists()


def test_a_problem_becomes_one_hazard_however_often_it_is_sent(client, school, alice, principal):
    problem = done(drill(school), problems=["楼梯口拥堵"]).problems.get()
    stale = type(problem).objects.get(pk=problem.pk)
    kwargs = {"area": "fire", "location": "教学楼", "severity": "general"}
    services.drill_problem_to_hazard(problem=problem, by=alice, **kwargs)
    with pytest.raises(TransitionError):
        services.drill_problem_to_hazard(problem=stale, by=principal, **kwargs)
    stale.hazard_id = None  # as if it had read the row before the first hazard was linked
    with pytest.raises(TransitionError):
        services.drill_problem_to_hazard(problem=stale, by=principal, **kwargs)
    assert Hazard.objects.count() == 1  # the second hazard was rolled back with its transaction
    client.force_login(alice)
    response = client.get(_url("problem_hazard", problem.pk))
    assert response.url == reverse("hazards:detail", args=[Hazard.objects.get().pk])


def test_the_page_offers_the_steps_to_the_school_only(client, school, alice, bob):
    planned = drill(school)
    client.force_login(alice)
    context = client.get(_url("drill_detail", planned.pk)).context
    assert context["can_change"] and context["cancel_form"] is not None
    client.force_login(bob)
    context = client.get(_url("drill_detail", planned.pk)).context
    assert not context["can_change"] and context["cancel_form"] is None


@pytest.mark.parametrize("name", ["drill_done", "drill_edit"])
def test_duty_staff_may_read_but_not_record(client, school, name):
    planned = drill(school)
    client.force_login(member(Role.DUTY_STAFF, school))
    assert client.get(_url("drill_detail", planned.pk)).status_code == 200
    assert client.get(_url(name, planned.pk)).status_code == 403


def test_another_school_gets_404(client, school, charlie):
    planned = drill(school)
    problem = done(drill(school), problems=["门禁故障"]).problems.get()
    client.force_login(charlie)
    assert client.get(_url("drill_detail", planned.pk)).status_code == 404
    assert client.post(_url("drill_cancel", planned.pk), {"reason": "x"}).status_code == 404
    assert client.get(_url("problem_hazard", problem.pk)).status_code == 404
    planned.refresh_from_db()
    assert planned.state == "planned"
