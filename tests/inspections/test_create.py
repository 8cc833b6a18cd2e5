"""Starting an inspection (R3.2): a self-inspection led by the principal, the bureau's kinds, and
the check items copied from the bureau's checklists when the inspection begins."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from inspections import services
from inspections.checklists import DEFAULT_ITEMS
from inspections.enums import InspectionKind, InspectionState
from inspections.models import ChecklistTemplate, Inspection
from plans.enums import FocusArea
from plans.services import TransitionError
from schools.enums import Role
from tests.factories import CampaignFactory, SchoolFactory, member

CREATE = reverse("inspections:create")
TODAY = datetime.date(2026, 5, 18)


def fill_url(inspection):
    return reverse("inspections:fill", args=[inspection.pk])


@time_machine.travel(datetime.datetime(2026, 5, 18, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_it_offers_the_principal_as_leader_today_and_no_area(client, alice, principal):
    client.force_login(alice)

    response = client.get(CREATE)

    assert response.status_code == 200
    form = response.context["form"]
    assert form["leader"].value() == principal.pk
    assert list(form.fields["leader"].queryset) == [principal]
    assert form["date"].value() == TODAY
    assert not form["areas"].value()
    html = response.content.decode()
    assert 'type="date" name="date" value="2026-05-18"' in html  # ISO, as a date input needs
    assert "王校长" in html


def test_it_starts_a_self_inspection_led_by_the_principal_with_the_checklist_items(
    client, alice, principal, school
):
    client.force_login(alice)
    data = {"date": "2026-05-18", "leader": principal.pk, "team": "张安全、李老师", "areas": ["fire", "food"]}

    response = client.post(CREATE, data)

    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert response.url == fill_url(inspection)
    assert (inspection.school, inspection.kind, inspection.state) == (
        school,
        InspectionKind.SELF,
        InspectionState.IN_PROGRESS,
    )
    assert (inspection.leader, inspection.leader_name, inspection.created_by) == (principal, "王校长", alice)
    assert inspection.team == "张安全、李老师"
    assert inspection.areas == ["fire", "food"]
    # A fresh bureau got the default checklists, and the inspection copied their items in order.
    assert school.bureau.checklists.count() == len(FocusArea)
    texts = [item.text for item in inspection.items.order_by("order")]
    assert texts == DEFAULT_ITEMS[FocusArea.FIRE] + DEFAULT_ITEMS[FocusArea.FOOD]
    assert "灭火器、消火栓配置齐全，灭火器在有效期内、压力正常" in texts
    assert "每餐食品按规定留样（每样不少于125克，保存48小时）" in texts


@pytest.mark.parametrize("leader", ["bob", "alice", None])
def test_it_refuses_a_self_inspection_not_led_by_the_principal(client, alice, bob, principal, leader):
    client.force_login(alice)
    users = {"bob": bob, "alice": alice}
    data = {"date": "2026-05-18", "areas": ["fire"]}
    if leader:
        data["leader"] = users[leader].pk

    response = client.post(CREATE, data)

    assert response.status_code == 200
    assert "leader" in response.context["form"].errors
    assert not Inspection.objects.exists()


def test_the_service_refuses_a_leader_who_is_not_the_principal(alice, bob, school):
    for leader in (alice, bob, None):
        with pytest.raises(TransitionError):
            services.inspection_start(
                school=school, by=alice, kind=InspectionKind.SELF, date=TODAY, areas=["fire"], leader=leader
            )
    assert not Inspection.objects.exists()


def test_a_school_without_a_principal_cannot_start_a_self_inspection(client, alice):
    client.force_login(alice)

    response = client.get(CREATE)

    assert response.context["form"].has_principal is False
    assert response.context["form"].fields["leader"].queryset.count() == 0


def test_it_needs_at_least_one_area(client, alice, principal):
    client.force_login(alice)

    response = client.post(CREATE, {"date": "2026-05-18", "leader": principal.pk})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["areas"]
    assert not Inspection.objects.exists()


def test_a_school_user_always_inspects_its_own_school(client, alice, principal, school, charlie):
    client.force_login(alice)
    other = charlie.membership.school
    data = {"date": "2026-05-18", "leader": principal.pk, "areas": ["fire"], "school": other.pk}

    client.post(CREATE, {**data, "kind": InspectionKind.UNANNOUNCED})

    inspection = Inspection.objects.get()
    assert (inspection.school, inspection.kind) == (school, InspectionKind.SELF)


def test_editing_a_checklist_later_does_not_change_an_inspection_begun(client, alice, bob, principal, school):
    client.force_login(alice)
    client.post(CREATE, {"date": "2026-05-18", "leader": principal.pk, "areas": ["fire"]})
    inspection = Inspection.objects.get()
    fire = ChecklistTemplate.objects.get(bureau=school.bureau, area=FocusArea.FIRE)

    client.force_login(bob)
    response = client.post(
        reverse("inspections:template_edit", args=[fire.pk]),
        {"title": "消防安全检查表（2026版）", "items": "微型消防站配备到位\n消防水池水位正常"},
    )

    assert response.status_code == 302
    assert [item.text for item in fire.items.order_by("order")] == ["微型消防站配备到位", "消防水池水位正常"]
    assert [item.text for item in inspection.items.order_by("order")] == DEFAULT_ITEMS[FocusArea.FIRE]
    # The edited items reach the inspections begun from now on.
    later = services.inspection_start(
        school=school, by=alice, kind=InspectionKind.SELF, date=TODAY, areas=["fire"], leader=principal
    )
    assert [item.text for item in later.items.order_by("order")] == ["微型消防站配备到位", "消防水池水位正常"]


@time_machine.travel(datetime.datetime(2026, 5, 18, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_the_bureau_form_offers_its_schools_and_the_inspectors_name(client, inspector, school, charlie):
    foreign = SchoolFactory(name="外区学校")
    client.force_login(inspector)

    response = client.get(CREATE)

    form = response.context["form"]
    assert form["leader_name"].value() == "赵督查"
    assert form["date"].value() == TODAY
    assert set(form.fields["school"].queryset) == {school, charlie.membership.school}
    assert foreign not in form.fields["school"].queryset


def test_the_bureau_plans_an_unannounced_visit_for_a_campaign(client, inspector, school):
    campaign = CampaignFactory(bureau=school.bureau)
    client.force_login(inspector)
    data = {
        "kind": InspectionKind.UNANNOUNCED,
        "school": school.pk,
        "date": "2026-05-20",
        "leader_name": "赵督查",
        "team": "钱科长",
        "areas": ["gate_security", "food"],
        "campaign": campaign.pk,
    }

    response = client.post(CREATE, data)

    visit = Inspection.objects.get()
    assert response.url == fill_url(visit)
    assert (visit.kind, visit.state, visit.leader, visit.leader_name) == (
        InspectionKind.UNANNOUNCED,
        InspectionState.PLANNED,
        None,
        "赵督查",
    )
    assert visit.campaign == campaign
    assert visit.date == datetime.date(2026, 5, 20)
    texts = [item.text for item in visit.items.order_by("order")]
    assert texts == DEFAULT_ITEMS[FocusArea.GATE_SECURITY] + DEFAULT_ITEMS[FocusArea.FOOD]


def test_the_bureau_cannot_start_an_inspection_elsewhere_or_a_self_inspection(client, bob, school):
    foreign = SchoolFactory(name="外区学校")
    client.force_login(bob)
    base = {"date": "2026-05-20", "leader_name": "李安办", "areas": ["fire"]}

    outside = client.post(CREATE, {**base, "kind": InspectionKind.BUREAU, "school": foreign.pk})
    self_kind = client.post(CREATE, {**base, "kind": InspectionKind.SELF, "school": school.pk})

    assert list(outside.context["form"].errors) == ["school"]
    assert list(self_kind.context["form"].errors) == ["kind"]
    assert not Inspection.objects.exists()


@pytest.mark.parametrize("username", ["duty", "viewer"])
def test_duty_staff_and_viewers_cannot_start_inspections(client, school, bureau, username):
    user = member(Role.DUTY_STAFF, school) if username == "duty" else member(Role.BUREAU_VIEWER, bureau)
    client.force_login(user)

    assert client.get(CREATE).status_code == 403
