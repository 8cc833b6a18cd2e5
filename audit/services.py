"""Every write of the audit app: access events, and pruning what is past its retention.

Nothing else writes here: entries are never changed, and deleted only by `prune`.
"""

import datetime
import logging

from auditlog import get_logentry_model
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone

from schools.models import Membership

from .enums import AccessKind
from .middleware import client_address
from .models import AccessEvent

logger = logging.getLogger(__name__)

# 《网络安全法》第二十一条: network logs are kept for no less than six months. Six calendar months
# are at most 184 days; the PostgreSQL trigger checks the same floor as "6 months" on its own.
MIN_RETENTION_DAYS = 184
PRUNE_BATCH = 5000


def _bureau_of(user):
    membership = Membership.objects.filter(user=user).select_related("school").first()
    return membership.home_bureau_id if membership else None


def access_event_record(*, kind, request=None, user=None, username="") -> AccessEvent:
    """Record a log-in, log-out or failed log-in. Only the login name typed is kept, never a password."""
    if user is None and username:
        user = get_user_model()._default_manager.filter(**{get_user_model().USERNAME_FIELD: username}).first()
    if user is not None and not username:
        username = user.get_username()
    headers = request.headers if request is not None else {}
    return AccessEvent.objects.create(
        kind=kind,
        username=username[:150],
        user=user,
        bureau_id=_bureau_of(user) if user is not None else None,
        remote_addr=client_address(request) if request is not None else None,
        user_agent=headers.get("User-Agent", "")[:300],
    )


def failed_kind(request):
    """django-axes marks a request refused by a lock-out, or whose failure caused one."""
    return AccessKind.LOCKED_OUT if getattr(request, "axes_locked_out", False) else AccessKind.LOGIN_FAILED


def retention_cutoff(now=None, days=None):
    """Entries older than this are past retention; None when retention is unlimited (0 days)."""
    days = settings.AUDIT_RETENTION_DAYS if days is None else days
    if not days:
        return None
    if days < MIN_RETENTION_DAYS:
        raise ImproperlyConfigured(
            f"AUDIT_RETENTION_DAYS must be 0 (keep forever) or at least {MIN_RETENTION_DAYS}."
        )
    return (now or timezone.now()) - datetime.timedelta(days=days)


def _allow_prune_before(cutoff):
    """The one deliberate way past the append-only trigger on PostgreSQL: for this transaction only,
    DELETE is allowed for rows older than `cutoff` (and older than six months, whatever is asked)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('audit.prune_before', %s, true)", [cutoff.isoformat()])


def _prune_model(queryset, cutoff):
    """Delete the rows of `queryset`, a batch per transaction so that locks stay short."""
    total = 0
    while True:
        with transaction.atomic():
            _allow_prune_before(cutoff)
            pks = list(queryset.values_list("pk", flat=True)[:PRUNE_BATCH])
            if not pks:
                return total
            deleted, _detail = queryset.model._base_manager.filter(pk__in=pks).delete()
            total += deleted


def prune(*, cutoff) -> dict:
    """Delete log entries and access events older than `cutoff`. Returns how many of each."""
    LogEntry = get_logentry_model()
    counts = {
        "log_entries": _prune_model(LogEntry._base_manager.filter(timestamp__lt=cutoff), cutoff),
        "access_events": _prune_model(AccessEvent._base_manager.filter(at__lt=cutoff), cutoff),
    }
    logger.warning("Audit trail pruned before %s: %s", cutoff.isoformat(), counts)
    return counts
