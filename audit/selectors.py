"""Reads of the audit trail, scoped to the bureau of the bureau admin who asks."""

import datetime
import ipaddress

from auditlog import get_logentry_model
from auditlog.registry import auditlog
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst

from schools.selectors import membership_of

from .models import AccessEvent


def _bureau_id(user):
    membership = membership_of(user)
    return membership.bureau_id if membership is not None and membership.is_bureau else None


def log_entries_for_user(user):
    """The entries of the user's bureau (stored with each entry when it was written); none otherwise."""
    bureau_id = _bureau_id(user)
    if bureau_id is None:
        return get_logentry_model().objects.none()
    return get_logentry_model().objects.filter(additional_data__bureau=bureau_id)


def access_events_for_user(user):
    bureau_id = _bureau_id(user)
    if bureau_id is None:
        return AccessEvent.objects.none()
    return AccessEvent.objects.filter(bureau_id=bureau_id)


def record_types():
    """(value, label) of every audited model, by label: the log's "record type" filter."""
    choices = [
        (f"{model._meta.app_label}.{model._meta.model_name}", capfirst(model._meta.verbose_name))
        for model in auditlog.get_models()
    ]
    return sorted(choices, key=lambda choice: str(choice[1]))


def _day_range(queryset, field, date_from, date_to):
    """Whole days in Beijing time, both ends included."""
    if date_from:
        start = timezone.make_aware(datetime.datetime.combine(date_from, datetime.time.min))
        queryset = queryset.filter(**{f"{field}__gte": start})
    if date_to:
        end = timezone.make_aware(
            datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min)
        )
        queryset = queryset.filter(**{f"{field}__lt": end})
    return queryset


def _address(queryset, address):
    """A whole address matches exactly; anything else is a prefix, e.g. "10.12." for a subnet."""
    if not address:
        return queryset
    try:
        return queryset.filter(remote_addr=str(ipaddress.ip_address(address)))
    except ValueError:
        return queryset.filter(remote_addr__startswith=address)


def log_entries(*, user, person="", record_type="", action=None, date_from=None, date_to=None, address=""):
    entries = log_entries_for_user(user).select_related("content_type", "actor")
    if person:
        entries = entries.filter(Q(actor__username__icontains=person) | Q(actor__full_name__icontains=person))
    if record_type:
        app_label, _dot, model = record_type.partition(".")
        entries = entries.filter(content_type__app_label=app_label, content_type__model=model)
    if action is not None:
        entries = entries.filter(action=action)
    entries = _address(_day_range(entries, "timestamp", date_from, date_to), address)
    return entries.order_by("-timestamp", "-pk")


def access_events(*, user, person="", kind="", date_from=None, date_to=None, address=""):
    events = access_events_for_user(user).select_related("user")
    if person:
        events = events.filter(Q(username__icontains=person) | Q(user__full_name__icontains=person))
    if kind:
        events = events.filter(kind=kind)
    events = _address(_day_range(events, "at", date_from, date_to), address)
    return events.order_by("-at", "-pk")
