"""The operator's Django admin shows the audit trail and cannot change or delete any of it."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from audit import services
from audit.enums import AccessKind
from audit.models import AccessEvent
from tests.factories import hazard


@pytest.fixture
def operator(admin_client, alice, school):
    hazard(school, by=alice)
    services.access_event_record(kind=AccessKind.LOGIN, user=alice)
    return admin_client


@pytest.mark.parametrize("model", [LogEntry, AccessEvent])
def test_the_admin_shows_but_cannot_change_or_delete(operator, model):
    row = model.objects.first()
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}"

    assert operator.get(reverse(f"{name}_changelist")).status_code == 200
    operator.post(reverse(f"{name}_change", args=[row.pk]), {"object_repr": "forged", "username": "forged"})
    deleted = operator.post(reverse(f"{name}_delete", args=[row.pk]), {"post": "yes"})
    selected = {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"}
    bulk = operator.post(reverse(f"{name}_changelist"), selected)

    assert deleted.status_code == 403
    assert bulk.status_code in (200, 302)
    fresh = model.objects.get(pk=row.pk)
    assert getattr(fresh, "object_repr", None) != "forged" and getattr(fresh, "username", None) != "forged"
    assert operator.get(reverse(f"{name}_add")).status_code == 403
