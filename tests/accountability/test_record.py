"""Recording an action against a school (R9.2): the school first, then its records offered as evidence,
stored as real links and shown on the entry as links to those records."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from accountability import services
from accountability.models import Entry, EntryEvent
from plans import services as plan_services
from plans.services import TransitionError
from tests.accountability.conftest import NOW, SHANGHAI
from tests.factories import SchoolFactory, open_submission
from tests.plans.conftest import complete_work_plan

CREATE = reverse("accountability:create")


def _step_two(school, campaign=None):
    query = f"?school={school.pk}" + (f"&campaign={campaign.pk}" if campaign else "")
    return CREATE + query


def _choices(response, name):
    return list(response.context["form"].fields[name].queryset)


def test_it_asks_for_the_school_first(client, inspector, school, campaign):
    client.force_login(inspector)
    response = client.get(CREATE)
    assert response.context["target"] is not None
    assert 'name="kind"' not in response.content.decode()  # no step two yet
    schools = list(response.context["target"].fields["school"].queryset)
    assert school in schools


def test_it_offers_the_schools_own_records_that_count_against_it(
    client, inspector, school, campaign, records
):
    client.force_login(inspector)
    response = client.get(_step_two(school, campaign))
    assert _choices(response, "hazards") == [records.overdue]  # not the one in time, closed, or elsewhere
    assert _choices(response, "submissions") == [records.late_plan]
    assert _choices(response, "missed_deliverables") == [records.roster]  # the summary is not due yet
    assert _choices(response, "incidents") == [records.unreported]
    assert set(_choices(response, "inspections")) == {records.self_check, records.visit}
    page = response.content.decode()
    assert reverse("hazards:detail", args=[records.overdue.pk]) in page
    assert reverse("plans:submission_detail", args=[records.late_plan.pk]) in page
    assert reverse("duty:incident_detail", args=[records.unreported.pk]) in page
    assert reverse("inspections:detail", args=[records.self_check.pk]) in page
    assert "超期未整改的消防通道" in page and "期限内的隐患" not in page


def test_an_on_time_submission_is_not_offered(client, inspector, school, campaign, principal, time_machine):
    submission = open_submission(campaign, school)
    complete_work_plan(submission, signer=principal)
    time_machine.move_to(datetime.datetime(2026, 5, 19, 9, 0, tzinfo=SHANGHAI), tick=False)
    plan_services.submission_submit(submission=submission, by=principal)
    time_machine.move_to(NOW, tick=False)
    client.force_login(inspector)
    assert _choices(client.get(_step_two(school, campaign)), "submissions") == []


def test_it_records_the_entry_with_real_links_to_its_evidence(client, inspector, school, campaign, records):
    client.force_login(inspector)
    response = client.post(
        _step_two(school, campaign),
        {
            "kind": "interview", "date": "2026-05-22", "text": "  未报告学生受伤事件，约谈校长  ",
            "hazards": [records.overdue.pk], "submissions": [records.late_plan.pk],
            "missed_deliverables": [records.roster.pk], "incidents": [records.unreported.pk],
            "inspections": [records.self_check.pk],
        },
    )  # fmt: skip
    entry = Entry.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("accountability:detail", args=[entry.pk])
    assert (entry.school, entry.campaign, entry.kind, entry.date) == (
        school, campaign, "interview", datetime.date(2026, 5, 22),
    )  # fmt: skip
    assert entry.text == "未报告学生受伤事件，约谈校长"
    assert (entry.recorded_by, entry.state) == (inspector, "in_force")
    assert list(entry.hazards.all()) == [records.overdue]
    assert list(entry.submissions.all()) == [records.late_plan]
    assert list(entry.missed_deliverables.all()) == [records.roster]
    assert list(entry.incidents.all()) == [records.unreported]
    assert list(entry.inspections.all()) == [records.self_check]
    event = EntryEvent.objects.get(entry=entry)
    assert (event.action, event.by, event.to_state) == ("recorded", inspector, "in_force")


def test_the_entry_shows_its_evidence_as_links(client, bob, school, campaign, records):
    entry = services.entry_record(
        school=school, by=bob, campaign=campaign, kind="notice", date=datetime.date(2026, 5, 21),
        text="逾期报送", submissions=[records.late_plan], missed_deliverables=[records.roster],
        hazards=[records.overdue],
    )  # fmt: skip
    client.force_login(bob)
    page = client.get(reverse("accountability:detail", args=[entry.pk])).content.decode()
    assert f'href="{reverse("hazards:detail", args=[records.overdue.pk])}"' in page
    assert f'href="{reverse("plans:submission_detail", args=[records.late_plan.pk])}"' in page
    school_page = reverse("reports:school_page", kwargs={"pk": campaign.pk, "school_pk": school.pk})
    assert f'href="{school_page}"' in page  # a deliverable never started has no page of its own
    assert "逾期报送" in page


def test_what_was_typed_comes_back_with_the_error(client, inspector, school, campaign, records):
    client.force_login(inspector)
    response = client.post(
        _step_two(school, campaign),
        {
            "kind": "warning",
            "date": "2026-05-23",
            "text": "隐患逾期未整改，予以警示",
            "hazards": [records.overdue.pk],
        },
    )
    assert response.status_code == 200
    assert Entry.objects.count() == 0
    form = response.context["form"]
    assert form.errors["date"] == [gettext("The date cannot be in the future.")]
    page = response.content.decode()
    assert "隐患逾期未整改，予以警示" in page
    assert re.search(rf'name="hazards" value="{records.overdue.pk}"[^>]*checked', page)


def test_it_refuses_another_schools_record_as_evidence(client, inspector, school, campaign, records):
    client.force_login(inspector)
    response = client.post(
        _step_two(school, campaign),
        {"kind": "warning", "date": "2026-05-22", "text": "警示", "hazards": [records.elsewhere.pk]},
    )
    assert response.status_code == 200
    assert "hazards" in response.context["form"].errors
    assert Entry.objects.count() == 0


def test_the_service_refuses_evidence_of_another_school(bob, school, records):
    with pytest.raises(TransitionError):
        services.entry_record(
            school=school, by=bob, kind="warning", date=datetime.date(2026, 5, 22), text="警示",
            hazards=[records.elsewhere],
        )  # fmt: skip
    assert Entry.objects.count() == 0


def test_a_campaign_that_does_not_cover_the_school_is_refused(client, inspector, outside, campaign):
    client.force_login(inspector)
    response = client.get(_step_two(outside.membership.school, campaign))
    assert 'name="kind"' not in response.content.decode()
    assert response.context["target"].errors["campaign"] == [
        gettext("This campaign does not cover the school.")
    ]


def test_a_school_of_another_bureau_cannot_be_chosen(client, inspector):
    foreign = SchoolFactory()
    client.force_login(inspector)
    response = client.get(_step_two(foreign))
    assert 'name="kind"' not in response.content.decode()
    assert "school" in response.context["target"].errors


def test_an_empty_text_is_refused(client, inspector, school, campaign):
    client.force_login(inspector)
    response = client.post(
        _step_two(school, campaign), {"kind": "notice", "date": "2026-05-22", "text": "   "}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    assert Entry.objects.count() == 0


def test_the_school_does_not_see_what_an_unpublished_visit_found(
    client, bob, alice, school, campaign, records
):
    entry = services.entry_record(
        school=school, by=bob, campaign=campaign, kind="exposure", date=datetime.date(2026, 5, 22),
        text="暗访发现问题", inspections=[records.visit, records.self_check],
    )  # fmt: skip
    url = reverse("accountability:detail", args=[entry.pk])
    visit = reverse("inspections:detail", args=[records.visit.pk])
    client.force_login(bob)
    assert visit in client.get(url).content.decode()
    client.force_login(alice)
    page = client.get(url).content.decode()
    assert visit not in page
    assert reverse("inspections:detail", args=[records.self_check.pk]) in page
