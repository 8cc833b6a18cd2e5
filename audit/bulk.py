"""Records the writes that django-auditlog cannot see: `QuerySet.update()` and `bulk_create()`.

auditlog listens to model signals, and these two send none. Yet they carry the workflow: every
state transition in the services is a compare-and-set `filter(pk=…, state=expected).update(…)`
(hazards, submissions, inspections, incidents, …), `bulk_update()` goes through `update()`, and
rosters, inspection items and school imports are written with `bulk_create()`. Without this the
log would show a hazard being created and then nothing, whatever happened to it.

`install()` (from `AuditConfig.ready()`) wraps the two QuerySet methods once. For a model that is
not audited the wrapper only checks the registry and calls the original. For an audited one it
reads the affected rows before and after the update — in the same transaction, so the change and
its entry commit or roll back together — and writes one entry per row that really changed, with
the same diff, actor, address, correlation id and bureau as auditlog's own entries. A
compare-and-set that lost its race updates no row and logs nothing. The cost is two extra queries
per update of an audited model plus one bulk insert of entries.
"""

from auditlog import get_logentry_model
from auditlog.context import auditlog_disabled
from auditlog.diff import model_instance_diff
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import QuerySet
from django.utils.encoding import smart_str

from .context import current, current_actor

_original_update = QuerySet.update
_original_bulk_create = QuerySet.bulk_create


def _audited(model):
    return auditlog.contains(model) and not auditlog_disabled.get()


def _repr(instance):
    try:
        return smart_str(instance)
    except ObjectDoesNotExist:
        return f"{instance._meta.verbose_name} #{instance.pk}"


def _entry(instance, action, changes):
    """An unsaved log entry for `instance`, stamped as auditlog stamps its own."""
    LogEntry = get_logentry_model()
    context = current()
    return LogEntry(
        content_type=ContentType.objects.get_for_model(instance),
        object_pk=smart_str(instance.pk),
        object_id=instance.pk if isinstance(instance.pk, int) else None,
        object_repr=_repr(instance),
        action=action,
        changes=changes,
        actor=current_actor(),
        remote_addr=context.get("remote_addr"),
        cid=context.get("cid"),
        additional_data=instance.get_additional_data(),
    )


def _diff(old, new, fields=None):
    return model_instance_diff(
        old, new, fields_to_check=fields, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES
    )


def update(self, **kwargs):
    if not _audited(self.model):
        return _original_update(self, **kwargs)
    manager = self.model._base_manager.db_manager(self.db)
    with transaction.atomic(using=self.db, savepoint=False):
        before = {obj.pk: obj for obj in manager.filter(pk__in=self.values("pk"))}
        rows = _original_update(self, **kwargs)
        if not rows or not before:
            return rows
        UPDATE = get_logentry_model().Action.UPDATE
        entries = [
            _entry(obj, UPDATE, changes)
            for obj in manager.filter(pk__in=before.keys())
            if (changes := _diff(before[obj.pk], obj, fields=kwargs.keys()))
        ]
        get_logentry_model().objects.using(self.db).bulk_create(entries)
    return rows


update.alters_data = True


def bulk_create(self, objs, *args, **kwargs):
    if not _audited(self.model):
        return _original_bulk_create(self, objs, *args, **kwargs)
    with transaction.atomic(using=self.db, savepoint=False):
        created = _original_bulk_create(self, objs, *args, **kwargs)
        CREATE = get_logentry_model().Action.CREATE
        # Rows skipped by ignore_conflicts come back without a primary key: nothing was created.
        entries = [_entry(obj, CREATE, _diff(None, obj)) for obj in created if obj.pk is not None]
        get_logentry_model().objects.using(self.db).bulk_create(entries)
    return created


bulk_create.alters_data = True


def install():
    QuerySet.update = update
    QuerySet.bulk_create = bulk_create
