"""The patrol log (R6.2): recording patrols and findings, a finding entered in the hazard register
(R3.4), the list with its figures and its query count.

The clock stands at Wednesday 2026-05-20 07:30 Beijing time.
"""

import pytest
from django.urls import reverse

from hazards.enums import HazardSeverity, HazardSource, HazardState
from hazards.models import Hazard
from plans.services import TransitionError
from security import services
from security.models import Patrol, PatrolFinding
from tests.factories import CampaignFactory
from tests.security.conftest import at

LIST = reverse("security:patrol_list")
CREATE = reverse("security:patrol_create")


def patrol(school, *, findings=(), when=None, route="东门—操场—教学楼"):
    findings = [{"area": "gate_security", "description": text, "location": "北侧围墙"} for text in findings]
    return services.patrol_record(
        school=school, by=None, patrolled_by="周保安", patrolled_at=when or at(7, 0), route=route,
        findings=findings,
    )  # fmt: skip


def test_a_guard_records_a_patrol_with_what_it_found(client, guard, school):
    client.force_login(guard)
    response = client.post(
        CREATE,
        {"patrolled_by": "周保安、吴老师", "patrolled_at": "2026-05-20T07:10", "route": "东门—操场",
         "finding": "北侧围墙有一处破损", "finding_location": "北侧围墙", "finding_area": "gate_security"},
    )  # fmt: skip
    recorded = Patrol.objects.get()
    assert response.url == reverse("security:patrol_detail", args=[recorded.pk])
    assert (recorded.school, recorded.created_by, recorded.patrolled_by) == (school, guard, "周保安、吴老师")
    assert recorded.patrolled_at == at(7, 10)
    finding = recorded.findings.get()
    assert (finding.description, finding.location, finding.area) == (
        "北侧围墙有一处破损",
        "北侧围墙",
        "gate_security",
    )


def test_a_patrol_with_nothing_found_has_no_findings(client, guard):
    client.force_login(guard)
    client.get(CREATE)  # the form starts at now, with the guard's name
    client.post(CREATE, {"patrolled_by": "周保安", "patrolled_at": "2026-05-20T07:10", "route": "东门",
                         "finding_area": "gate_security"})  # fmt: skip
    assert Patrol.objects.get().findings.count() == 0


def test_a_patrol_cannot_be_in_the_future_and_the_form_keeps_what_was_typed(client, guard):
    client.force_login(guard)
    response = client.post(CREATE, {"patrolled_by": "周保安", "patrolled_at": "2026-05-20T09:00",
                                    "route": "东门—操场", "finding_area": "gate_security"})  # fmt: skip
    assert response.status_code == 200 and not Patrol.objects.exists()
    form = response.context["form"]
    assert list(form.errors) == ["patrolled_at"] and form["route"].value() == "东门—操场"


def test_a_finding_is_added_to_a_patrol(client, guard, school):
    recorded = patrol(school)
    client.force_login(guard)
    client.post(reverse("security:finding_create", args=[recorded.pk]),
                {"area": "fire", "description": "灭火器压力不足", "location": "实验楼"})  # fmt: skip
    assert recorded.findings.get().description == "灭火器压力不足"


def test_another_school_cannot_add_to_a_patrol(client, charlie, school):
    recorded = patrol(school)
    client.force_login(charlie)
    assert client.get(reverse("security:finding_create", args=[recorded.pk])).status_code == 404


# --- A finding becomes a hazard -------------------------------------------------------------------


def _escalate(client, finding, severity="general"):
    return client.post(reverse("security:finding_hazard", args=[finding.pk]), {"severity": severity})


def test_the_safety_officer_enters_a_finding_in_the_hazard_register(client, alice, school):
    campaign = CampaignFactory(bureau=school.bureau, covers=[school])
    finding = patrol(school, findings=["北侧围墙有一处破损"]).findings.get()
    client.force_login(alice)
    response = _escalate(client, finding, severity="major")
    hazard = Hazard.objects.get()
    assert response.url == reverse("hazards:detail", args=[hazard.pk])
    assert (hazard.school, hazard.campaign, hazard.state) == (school, campaign, HazardState.REPORTED)
    assert (hazard.source, hazard.severity, hazard.area) == (HazardSource.SELF_REPORT, HazardSeverity.MAJOR,
                                                             "gate_security")  # fmt: skip
    assert (hazard.description, hazard.location, hazard.found_by) == (
        "北侧围墙有一处破损",
        "北侧围墙",
        "周保安",
    )
    finding.refresh_from_db()
    assert (finding.hazard, finding.escalated_by) == (hazard, alice)


def test_a_finding_outside_any_campaign_becomes_a_hazard_without_one(client, alice, school):
    CampaignFactory(bureau=school.bureau, covers=[school])  # 5月15日 … 6月4日
    finding = patrol(school, findings=["围墙破损"], when=at(7, 0, day=10)).findings.get()
    client.force_login(alice)
    _escalate(client, finding)
    assert Hazard.objects.get().campaign is None


def test_a_finding_is_entered_only_once(client, alice, principal, school):
    finding = patrol(school, findings=["围墙破损"]).findings.get()
    client.force_login(alice)
    _escalate(client, finding)
    client.force_login(principal)
    response = _escalate(client, finding)
    assert response.url == reverse("security:patrol_detail", args=[finding.patrol_id])
    assert Hazard.objects.count() == 1


def test_a_stale_finding_entered_meanwhile_leaves_no_second_hazard(alice, school):
    finding = patrol(school, findings=["围墙破损"]).findings.get()
    stale = PatrolFinding.objects.get(pk=finding.pk)
    services.finding_to_hazard(finding=finding, by=alice)
    with pytest.raises(TransitionError):
        services.finding_to_hazard(finding=stale, by=alice)
    assert Hazard.objects.count() == 1  # the second hazard was rolled back with the refusal


def test_duty_staff_record_findings_but_do_not_enter_hazards(client, guard, school):
    finding = patrol(school, findings=["围墙破损"]).findings.get()
    client.force_login(guard)
    assert _escalate(client, finding).status_code == 403
    page = client.get(reverse("security:patrol_detail", args=[finding.patrol_id])).content.decode()
    assert reverse("security:finding_hazard", args=[finding.pk]) not in page
    assert not Hazard.objects.exists()


def test_another_school_cannot_enter_the_finding(client, charlie, school):
    finding = patrol(school, findings=["围墙破损"]).findings.get()
    client.force_login(charlie)
    assert _escalate(client, finding).status_code == 404


# --- The list -------------------------------------------------------------------------------------


def test_the_list_and_its_figures(client, bob, alice, school, charlie):
    patrol(school)
    found = patrol(school, findings=["围墙破损", "灯坏了"])
    services.finding_to_hazard(finding=found.findings.first(), by=alice)
    patrol(charlie.membership.school, route="别校路线")
    client.force_login(alice)
    response = client.get(LIST)
    assert len(response.context["page"]) == 2
    assert [figure for _label, figure, *_rest in response.context["count_cards"]] == [2, 1, 2, 1]
    assert [p.pk for p in client.get(LIST, {"findings": "1"}).context["page"]] == [found.pk]
    client.force_login(bob)
    assert len(client.get(LIST).context["page"]) == 3
    assert len(client.get(LIST, {"school": school.pk}).context["page"]) == 2


@pytest.mark.parametrize("n", [3, 30])
def test_the_list_costs_the_same_queries_for_3_or_30_patrols(
    client, bob, school, django_assert_max_num_queries, n
):  # fmt: skip
    for index in range(n):
        patrol(school, findings=["围墙破损"] * (index % 2))
    client.force_login(bob)
    # session, user, membership, schools and campaigns for the filters, figures, count, page,
    # unread notifications
    with django_assert_max_num_queries(9):
        response = client.get(LIST)
    assert len(response.context["page"]) == n
