"""What lands in the audit trail: each app's changes and transitions, with who, when and from where.

The workflow's transitions are compare-and-set `update()`s, which send no model signal: these tests
fail without audit/bulk.py, and the address tests without audit/middleware.py.
"""

import datetime
import json

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audit import registry
from duty import services as duty_services
from hazards import services as hazard_services
from hazards.models import HazardEvent
from inspections import services as inspection_services
from plans.models import SubmissionEvent
from plans.services import TransitionError
from schools import services as school_services
from schools.models import School
from tests.audit.conftest import complete_work_plan, entries_for, latest_change
from tests.factories import DEFAULT_PASSWORD, BureauFactory, hazard

ADDRESS = "10.20.30.40"


def test_it_records_a_submission_sent_through_the_view_with_who_and_from_where(
    client, alice, principal, work_plan_submission
):
    complete_work_plan(work_plan_submission, signer=principal)
    client.force_login(alice)

    client.post(reverse("plans:submission_submit", args=[work_plan_submission.pk]), REMOTE_ADDR=ADDRESS)

    entry = latest_change(work_plan_submission)
    assert entry.changes["state"] == ["draft", "submitted"]
    assert (entry.actor, entry.remote_addr) == (alice, ADDRESS)
    assert entry.additional_data == {"bureau": work_plan_submission.school.bureau_id}
    event = SubmissionEvent.objects.get(submission=work_plan_submission, action="submitted")
    assert entries_for(event, LogEntry.Action.CREATE).get().actor == alice


def test_it_records_a_hazard_verified_through_the_view(client, alice, bob, school):
    found = hazard(school, by=alice, state="awaiting")
    client.force_login(bob)

    client.post(reverse("hazards:verify", args=[found.pk]), {"decision": "verify"}, REMOTE_ADDR=ADDRESS)

    entry = latest_change(found)
    assert entry.changes["state"] == ["awaiting", "closed"]
    assert (entry.actor, entry.remote_addr) == (bob, ADDRESS)
    event = HazardEvent.objects.filter(hazard=found).last()
    assert entries_for(event, LogEntry.Action.CREATE).get().actor == bob


def test_it_records_an_inspection_filled_and_finished_through_the_views(client, alice, principal, school):
    inspection_services.templates_install_defaults(bureau=school.bureau)
    inspection = inspection_services.inspection_start(
        school=school,
        by=alice,
        kind="self",
        date=datetime.date(2026, 5, 18),
        areas=["fire"],
        leader=principal,
    )
    item = inspection.items.first()
    client.force_login(alice)

    results = {f"r{i.pk}": "pass" for i in inspection.items.all()}
    client.post(reverse("inspections:fill", args=[inspection.pk]), results, REMOTE_ADDR=ADDRESS)
    client.post(reverse("inspections:finish", args=[inspection.pk]), {"summary": "良好"}, REMOTE_ADDR=ADDRESS)

    item_entry = latest_change(item)
    assert item_entry.changes["result"] == ["", "pass"]
    assert (item_entry.actor, item_entry.remote_addr) == (alice, ADDRESS)
    finished = latest_change(inspection)
    assert finished.changes["state"] == ["in_progress", "done"]
    assert (finished.actor, finished.remote_addr) == (alice, ADDRESS)


def test_it_records_an_incident_acknowledged_through_the_view(client, bob, school):
    incident = duty_services.incident_report_first(
        school=school,
        by=None,
        category="injury",
        severity="general",
        occurred_at=timezone.now(),
        summary="摔伤",
    )
    client.force_login(bob)

    client.post(reverse("duty:incident_acknowledge", args=[incident.pk]), REMOTE_ADDR=ADDRESS)

    entry = latest_change(incident)
    assert set(entry.changes) == {"acknowledged_at", "acknowledged_by"}
    assert entry.changes["acknowledged_by"] == [None, bob.pk]
    assert (entry.actor, entry.remote_addr) == (bob, ADDRESS)


def test_it_records_a_password_set_by_the_admin_but_never_the_hash(client, alice, bob):
    client.force_login(bob)
    new = "Fresh#Pass-2026"

    client.post(
        reverse("schools:member_password", args=[alice.membership.pk]),
        {"new_password1": new, "new_password2": new},
        REMOTE_ADDR=ADDRESS,
    )

    alice.refresh_from_db()
    entry = latest_change(alice)
    assert entry.changes == {"password": [registry.SECRET_MARK, registry.SECRET_MARK]}
    assert (entry.actor, entry.remote_addr) == (bob, ADDRESS)
    stored = json.dumps(list(LogEntry.objects.values("changes", "changes_text", "serialized_data")))
    assert alice.password not in stored and alice.password.split("$")[-1] not in stored


def test_a_log_in_does_not_log_a_change_of_last_login(client, alice):
    before = entries_for(alice).count()
    client.post(reverse("accounts:login"), {"username": "alice", "password": DEFAULT_PASSWORD})
    alice.refresh_from_db()
    assert alice.last_login is not None
    assert entries_for(alice).count() == before


def test_it_records_a_school_import_row_by_row_in_the_importing_bureau(bureau):
    kept = School.objects.create(bureau=bureau, code="S1", name="旧名", kind="primary")
    row = {"kind": "primary", "address": "", "principal_name": "", "phone": "", "reopened": True}

    school_services.schools_import(
        bureau=bureau, rows=[{**row, "code": "S1", "name": "新名"}, {**row, "code": "S2", "name": "新校"}]
    )

    assert latest_change(kept).changes["name"] == ["旧名", "新名"]
    created = School.objects.get(code="S2")
    entry = entries_for(created, LogEntry.Action.CREATE).get()
    # No request, so no actor: the bureau comes from the record itself.
    assert (entry.actor, entry.additional_data) == (None, {"bureau": bureau.pk})


def test_it_records_the_days_of_a_roster_saved_in_bulk(alice, campaign, school):
    from duty import coverage
    from plans.enums import DeliverableKind
    from tests.factories import open_submission

    roster = open_submission(campaign, school, DeliverableKind.DUTY_ROSTER).duty_roster
    shift = coverage.Shift("张值班", "13800138001", datetime.time(8), datetime.time(8))
    day = coverage.Day(date=roster.start_date, leader="王校长", leader_phone="13900000004", shifts=[shift])
    duty_services.roster_save(
        roster=roster, start_date=roster.start_date, end_date=roster.end_date, days=[day]
    )

    saved = roster.days.get()
    created = entries_for(saved, LogEntry.Action.CREATE).get()
    assert created.changes["leader"] == [None, "王校长"]
    assert created.additional_data == {"bureau": school.bureau_id}
    assert entries_for(saved.shifts.get(), LogEntry.Action.CREATE).exists()


def test_a_transition_that_lost_its_race_logs_nothing(alice, bob, school):
    found = hazard(school, by=alice, state="awaiting")
    hazard_services.hazard_verify(hazard=found, by=bob)
    changes = entries_for(found, LogEntry.Action.UPDATE).count()

    stale = type(found).objects.get(pk=found.pk)
    stale.state = "awaiting"  # what a second reviewer's page still shows
    with pytest.raises(TransitionError):
        hazard_services.hazard_verify(hazard=stale, by=bob)

    assert entries_for(found, LogEntry.Action.UPDATE).count() == changes


def test_a_change_rolled_back_leaves_no_entry(alice, bob, school):
    found = hazard(school, by=alice, state="awaiting")
    entries = entries_for(found).count()

    with pytest.raises(RuntimeError), transaction.atomic():
        hazard_services.hazard_verify(hazard=found, by=bob)
        raise RuntimeError("the request failed after the transition")

    found.refresh_from_db()
    assert (found.state, entries_for(found).count()) == ("awaiting", entries)


# --- The address and the actor -----------------------------------------------------------------


def test_a_forwarded_for_header_sent_by_the_client_is_not_the_address(
    client, alice, principal, work_plan_submission
):
    complete_work_plan(work_plan_submission, signer=principal)
    client.force_login(alice)

    client.post(
        reverse("plans:submission_submit", args=[work_plan_submission.pk]),
        REMOTE_ADDR=ADDRESS,
        HTTP_X_FORWARDED_FOR="6.6.6.6",
    )

    assert latest_change(work_plan_submission).remote_addr == ADDRESS


def test_behind_a_proxy_the_configured_header_is_the_address(
    client, alice, principal, work_plan_submission, settings
):
    settings.AUDIT_IP_META_KEY = "HTTP_X_REAL_IP"
    complete_work_plan(work_plan_submission, signer=principal)
    client.force_login(alice)

    client.post(
        reverse("plans:submission_submit", args=[work_plan_submission.pk]),
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_REAL_IP="203.0.113.9",
    )

    assert latest_change(work_plan_submission).remote_addr == "203.0.113.9"


def test_one_request_does_not_lend_its_actor_to_work_done_after_it(client, alice, bob, school):
    found = hazard(school, by=alice, state="awaiting")
    client.force_login(alice)
    client.get(reverse("hazards:detail", args=[found.pk]), REMOTE_ADDR=ADDRESS)

    hazard_services.hazard_verify(hazard=found, by=bob)  # e.g. a task, after the request

    entry = latest_change(found)
    assert (entry.actor, entry.remote_addr, entry.cid) == (None, None, None)


def test_the_entries_of_one_request_share_its_correlation_id(client, alice, principal, work_plan_submission):
    complete_work_plan(work_plan_submission, signer=principal)
    client.force_login(alice)

    client.post(reverse("plans:submission_submit", args=[work_plan_submission.pk]))

    event = SubmissionEvent.objects.get(submission=work_plan_submission, action="submitted")
    cid = latest_change(work_plan_submission).cid
    assert cid and entries_for(event).get().cid == cid


# --- What is registered ------------------------------------------------------------------------


def test_no_tipoff_model_is_ever_audited():
    assert [m for m in auditlog.get_models() if m._meta.app_label == "tipoffs"] == []
    tipoff_models = list(apps.get_app_config("tipoffs").get_models())
    label = tipoff_models[0]._meta.label if tipoff_models else "tipoffs.Tipoff"
    with pytest.raises(ImproperlyConfigured):
        registry.register_all({label: {"bureau": "pk"}})


def test_the_core_records_of_every_app_are_audited():
    labels = {model._meta.label for model in auditlog.get_models()}
    assert labels >= {
        "plans.Submission", "plans.WorkPlan", "plans.Summary", "duty.DutyRoster", "duty.Incident",
        "inspections.Inspection", "hazards.Hazard", "accounts.User", "schools.Membership",
    }  # fmt: skip


def test_another_bureau_is_not_the_bureau_of_an_entry(client, bob, alice, school):
    other = BureauFactory()
    found = hazard(school, by=alice, state="awaiting")
    client.force_login(bob)
    client.post(reverse("hazards:verify", args=[found.pk]), {"decision": "verify"})
    assert latest_change(found).additional_data == {"bureau": school.bureau_id} != {"bureau": other.pk}
