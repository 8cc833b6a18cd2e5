"""On PostgreSQL the database itself keeps the audit trail append-only (audit migration 0002)."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.db import DatabaseError, connection, transaction

from audit import services
from audit.enums import AccessKind
from audit.models import AccessEvent
from tests.factories import hazard
from tests.integration.conftest import postgres  # noqa: F401  (the fixture)

pytestmark = pytest.mark.integration


@pytest.fixture
def trail(postgres, alice, school):  # noqa: F811
    hazard(school, by=alice, description="配电箱未上锁")
    services.access_event_record(kind=AccessKind.LOGIN, user=alice)
    return LogEntry.objects.first(), AccessEvent.objects.get()


def _refused(sql, params):
    refused = pytest.raises(DatabaseError, match="append-only")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_an_update_of_an_entry_is_refused(trail):
    entry, event = trail
    _refused("UPDATE auditlog_logentry SET object_repr = 'forged' WHERE id = %s", [entry.pk])
    _refused("UPDATE audit_accessevent SET username = 'forged' WHERE id = %s", [event.pk])
    assert LogEntry.objects.get(pk=entry.pk).object_repr == entry.object_repr


def test_a_delete_of_an_entry_is_refused_even_through_the_orm(trail):
    entry, event = trail
    _refused("DELETE FROM auditlog_logentry WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).delete()
    assert LogEntry.objects.filter(pk=entry.pk).exists() and AccessEvent.objects.filter(pk=event.pk).exists()


def _age(years):
    """Backdate every row by `years`, as the database owner could; the trigger is off meanwhile."""
    with connection.cursor() as cursor:
        for table, column in (("auditlog_logentry", "timestamp"), ("audit_accessevent", "at")):
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
            cursor.execute(f"UPDATE {table} SET {column} = {column} - interval '{years} years'")
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only")


@pytest.mark.django_db(transaction=True)  # real transactions: the permission must end with them
def test_pruning_is_the_one_way_through_and_only_for_old_rows(trail):
    entry, _event = trail
    now = datetime.datetime.now(datetime.UTC)

    # Asked to delete everything up to now, the trigger still refuses rows younger than six months.
    with pytest.raises(DatabaseError, match="append-only"):
        services.prune(cutoff=now)
    assert LogEntry.objects.filter(pk=entry.pk).exists()

    _age(4)
    counts = services.prune(cutoff=now - datetime.timedelta(days=3 * 365))
    assert counts["access_events"] == 1 and counts["log_entries"] >= 1
    assert not LogEntry.objects.filter(pk=entry.pk).exists()

    # The permission ended with the prune's transactions.
    services.access_event_record(kind=AccessKind.LOGIN_FAILED, username="x")
    _age(4)
    _refused("DELETE FROM audit_accessevent", [])
