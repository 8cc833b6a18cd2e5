"""Retention: entries older than AUDIT_RETENTION_DAYS go, the rest stay; never less than six months."""

import datetime
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from audit import services, tasks
from audit.enums import AccessKind
from audit.models import AccessEvent
from tests.factories import hazard

OLD = datetime.datetime(2023, 3, 1, 12, 0, tzinfo=datetime.UTC)
NOW = datetime.datetime(2026, 5, 20, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def old_and_new(alice, school, time_machine):
    """One hazard and one log-in three years and more ago, and the same today."""
    time_machine.move_to(OLD)
    old_hazard = hazard(school, by=alice, description="三年前的隐患")
    services.access_event_record(kind=AccessKind.LOGIN, user=alice, username="old-login")
    time_machine.move_to(NOW)
    new_hazard = hazard(school, by=alice, description="今天的隐患")
    services.access_event_record(kind=AccessKind.LOGIN, user=alice, username="new-login")
    return old_hazard, new_hazard


def _prune(*args):
    out = StringIO()
    call_command("prune_audit", *args, stdout=out)
    return out.getvalue()


def test_it_deletes_what_is_past_retention_and_keeps_the_rest(old_and_new, settings):
    settings.AUDIT_RETENTION_DAYS = 3 * 365
    output = _prune()

    reprs = set(LogEntry.objects.values_list("object_repr", flat=True))
    assert not any("三年前" in r for r in reprs) and any("今天" in r for r in reprs)
    assert set(AccessEvent.objects.values_list("username", flat=True)) == {"new-login"}
    assert "Deleted" in output and "1 access events" in output


def test_a_dry_run_deletes_nothing(old_and_new, settings):
    settings.AUDIT_RETENTION_DAYS = 3 * 365
    entries = LogEntry.objects.count()

    output = _prune("--dry-run")

    assert LogEntry.objects.count() == entries and AccessEvent.objects.count() == 2
    assert "Would delete" in output and "1 access events" in output


def test_zero_days_keeps_everything(old_and_new, settings):
    settings.AUDIT_RETENTION_DAYS = 0
    entries = LogEntry.objects.count()
    _prune()
    assert LogEntry.objects.count() == entries and AccessEvent.objects.count() == 2


def test_less_than_six_months_is_refused(old_and_new, settings):
    settings.AUDIT_RETENTION_DAYS = 90
    with pytest.raises(ImproperlyConfigured):
        _prune()
    assert AccessEvent.objects.count() == 2


def test_the_daily_task_prunes_too(old_and_new, settings):
    settings.AUDIT_RETENTION_DAYS = 365
    tasks.prune()
    assert set(AccessEvent.objects.values_list("username", flat=True)) == {"new-login"}
