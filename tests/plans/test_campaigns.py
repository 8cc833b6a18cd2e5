import datetime

import time_machine
from django.urls import reverse
from django.utils import timezone

from plans.enums import DeliverableKind
from plans.models import Campaign
from tests.factories import CampaignFactory, SchoolFactory, member

TEMPLATE = {"template": "two_sessions", "start_date": "2026-05-15", "opening_date": "2026-05-22",
            "closing_date": "2026-05-28"}  # fmt: skip


def _form_data(**overrides):
    data = {
        "name": "两会安全专项", "start_date": "2026-05-15", "opening_date": "2026-05-22",
        "closing_date": "2026-05-28", "inspection_start": "2026-05-15", "inspection_end": "2026-06-14",
        "scope": "all", "focus_areas": ["fire", "food"], "work_plan_due": "2026-05-20T23:59",
        "duty_roster_due": "2026-05-20T23:59", "summary_due": "2026-06-04T23:59",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_the_two_sessions_template_fills_in_the_plans_own_dates(client, bob):
    client.force_login(bob)
    initial = client.get(reverse("plans:campaign_create"), TEMPLATE).context["form"].initial
    local = timezone.localtime
    assert local(initial["work_plan_due"]).date() == datetime.date(2026, 5, 20)
    assert local(initial["duty_roster_due"]).date() == datetime.date(2026, 5, 20)
    assert local(initial["summary_due"]).date() == datetime.date(2026, 6, 4)
    assert initial["inspection_start"] == datetime.date(2026, 5, 15)
    assert initial["inspection_end"] == datetime.date(2026, 6, 14)
    assert len(initial["focus_areas"]) == 10


def test_a_campaign_covers_all_schools_or_the_chosen_kinds(client, bob, bureau):
    SchoolFactory.create_batch(2, bureau=bureau, kind="primary")
    junior = SchoolFactory(bureau=bureau, kind="junior")
    SchoolFactory(kind="junior")  # another bureau's school is never covered
    client.force_login(bob)
    client.post(reverse("plans:campaign_create"), _form_data(name="全部"))
    client.post(
        reverse("plans:campaign_create"), _form_data(name="初中", scope="kinds", school_kinds=["junior"])
    )
    assert Campaign.objects.get(name="全部").schools.count() == 3
    assert list(Campaign.objects.get(name="初中").schools.all()) == [junior]


def test_due_moments_are_read_in_beijing_time(client, bob, bureau):
    client.force_login(bob)
    client.post(reverse("plans:campaign_create"), _form_data())
    due = Campaign.objects.get().deliverables.get(kind=DeliverableKind.WORK_PLAN).due_at
    assert due == datetime.datetime(2026, 5, 20, 15, 59, tzinfo=datetime.UTC)


def test_inconsistent_dates_are_refused_and_the_form_keeps_its_values(client, bob, bureau):
    client.force_login(bob)
    response = client.post(
        reverse("plans:campaign_create"),
        _form_data(closing_date="2026-05-21", work_plan_due="2026-05-10T12:00", name="我的专项"),
    )
    errors = response.context["form"].errors
    assert set(errors) >= {"closing_date", "work_plan_due"}
    assert "我的专项" in response.content.decode()
    assert not Campaign.objects.exists()


def test_editing_a_campaign_moves_its_due_moments(client, bob, school):
    campaign = CampaignFactory(bureau=school.bureau)
    client.force_login(bob)
    client.post(
        reverse("plans:campaign_update", args=[campaign.pk]), _form_data(work_plan_due="2026-05-21T18:00")
    )
    due = campaign.deliverables.get(kind=DeliverableKind.WORK_PLAN).due_at
    assert timezone.localtime(due).strftime("%m-%d %H:%M") == "05-21 18:00"


def test_a_school_sees_only_campaigns_covering_it(client, alice, school, bureau):
    covering = CampaignFactory(bureau=bureau, name="覆盖本校")
    other_school = SchoolFactory(bureau=bureau)
    CampaignFactory(bureau=bureau, name="不覆盖本校", covers=[other_school])
    client.force_login(alice)
    names = [c.name for c in client.get(reverse("plans:campaign_list")).context["page"]]
    assert names == [covering.name]


@time_machine.travel("2026-05-18 09:00 +0800", tick=False)
def test_the_summary_cannot_be_started_before_the_sessions_close(client, alice, school, bureau):
    campaign = CampaignFactory(bureau=bureau)
    client.force_login(alice)
    response = client.post(reverse("plans:deliverable_open", args=[campaign.pk, DeliverableKind.SUMMARY]))
    assert response.url == reverse("plans:campaign_detail", args=[campaign.pk])
    assert not campaign.deliverables.get(kind=DeliverableKind.SUMMARY).submissions.exists()


def test_starting_a_work_plan_opens_its_form_once(client, alice, school, bureau):
    campaign = CampaignFactory(bureau=bureau)
    client.force_login(alice)
    url = reverse("plans:deliverable_open", args=[campaign.pk, DeliverableKind.WORK_PLAN])
    first, second = client.post(url), client.post(url)
    submission = campaign.deliverables.get(kind=DeliverableKind.WORK_PLAN).submissions.get()
    assert first.url == second.url == reverse("plans:work_plan_edit", args=[submission.pk])


def test_duty_staff_see_the_campaign_but_cannot_start_a_deliverable(client, school, bureau):
    campaign = CampaignFactory(bureau=bureau)
    duty = member("duty_staff", school)
    client.force_login(duty)
    assert client.get(reverse("plans:campaign_detail", args=[campaign.pk])).status_code == 200
    url = reverse("plans:deliverable_open", args=[campaign.pk, DeliverableKind.WORK_PLAN])
    assert client.post(url).status_code == 403
