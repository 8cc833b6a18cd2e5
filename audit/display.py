"""The changes of log entries in people's words: field names as the forms show them, choices by
their label, times in Beijing time, related records by name, secrets as "changed".

`describe(entries)` reads every related record a page mentions with one query per kind of record,
so a page costs the same number of queries however many entries it shows.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from . import registry

EMPTY = "—"


@dataclass
class Change:
    label: str
    old: str
    new: str
    kind: str = "value"  # value, secret, added, removed


def _field(model, name):
    try:
        return model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None


def _is_reference(field):
    return field is not None and field.concrete and (field.many_to_one or field.one_to_one)


def _references(entries):
    """{related model: {pk: name}} for every record the page's changes point at."""
    wanted = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class()
        for name, values in (entry.changes or {}).items():
            field = _field(model, name)
            if _is_reference(field) and isinstance(values, list):
                wanted[field.related_model].update(str(v) for v in values if v not in (None, "None", ""))
    names = {}
    for model, pks in wanted.items():
        pk_field = model._meta.pk
        keys = [pk_field.to_python(pk) for pk in pks]
        names[model] = {
            str(obj.pk): str(obj) for obj in model._base_manager.select_related().filter(pk__in=keys)
        }
    return names


def _datetime(value):
    try:
        moment = datetime.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if timezone.is_naive(moment):  # auditlog stores times as naive UTC
        moment = moment.replace(tzinfo=datetime.UTC)
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i")


def _value(field, value, names):
    if value is None or value == "None" or value == "":
        return EMPTY
    if field is None:
        return str(value)
    if _is_reference(field):
        return names.get(field.related_model, {}).get(str(value)) or _("#%(pk)s (deleted)") % {"pk": value}
    if field.choices:
        labels = {str(key): label for key, label in field.flatchoices}
        return str(labels.get(str(value), value))
    if isinstance(field, models.BooleanField):
        return _("yes") if value in (True, "True") else _("no")
    if isinstance(field, models.DateTimeField):
        return _datetime(value)
    if isinstance(field, models.TimeField):
        return str(value)[:5]
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or EMPTY
    return str(value)


def _changes(entry, names):
    model = entry.content_type.model_class()
    secrets = registry.secret_fields(model) if model else ()
    rows = []
    for name, values in (entry.changes or {}).items():
        field = _field(model, name)
        m2m = isinstance(values, dict) and values.get("type") == "m2m"
        if field is not None and (getattr(field, "primary_key", False) or not (field.concrete or m2m)):
            continue  # the id, and the reverse relations auditlog lists on create and delete
        label = capfirst(str(field.verbose_name)) if field is not None else name
        if m2m:
            kind = "added" if values.get("operation") == "add" else "removed"
            rows.append(Change(label, "", ", ".join(values.get("objects", [])), kind))
        elif name in secrets:
            rows.append(Change(label, "", _("changed"), "secret"))
        elif isinstance(values, list) and len(values) == 2:
            rows.append(Change(label, _value(field, values[0], names), _value(field, values[1], names)))
    return rows


def describe(entries):
    """Give each entry `record_type` and `change_rows` ([Change]); returns the entries."""
    entries = list(entries)
    names = _references(entries)
    for entry in entries:
        model = entry.content_type.model_class()
        entry.record_type = capfirst(model._meta.verbose_name) if model else entry.content_type.model
        entry.change_rows = _changes(entry, names)
    return entries
