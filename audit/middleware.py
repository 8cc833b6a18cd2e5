"""Ties each request's changes to the person and the address they came from.

Replaces django-auditlog's own middleware, which takes the address from the first entry of
X-Forwarded-For whenever that header is present — a header any client can send, so anyone could
write any address into the audit trail. Here the address is REMOTE_ADDR, the peer of the
connection, unless `AUDIT_REMOTE_ADDR_HEADER` names a header that *your* proxy sets and overwrites
(e.g. nginx's `proxy_set_header X-Real-IP $remote_addr;` → `AUDIT_REMOTE_ADDR_HEADER=X-Real-IP`).
The correlation id (auditlog's `cid`) is made here for each request, never taken from the client,
so the entries written by one request can be told apart from the rest.
"""

import ipaddress
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model

from .context import acting


def client_address(request):
    """The client's IP address as this deployment is configured to trust it, or None."""
    key = getattr(settings, "AUDIT_IP_META_KEY", None) or "REMOTE_ADDR"
    value = str(request.META.get(key, "")).split(",")[0].strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _actor(request):
    user = getattr(request, "user", None)
    if isinstance(user, get_user_model()) and user.is_authenticated:
        return user
    return None


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting(actor=_actor(request), remote_addr=client_address(request), cid=uuid.uuid4().hex):
            return self.get_response(request)
