"""Who is acting and from where, for every entry of the audit trail.

`AuditMiddleware` wraps each request in `acting(...)`; a Celery task or a management command that
changes records on someone's behalf may do the same. Inside it, django-auditlog stamps its entries
with the actor, address and port, and the audit app reads the same values for the entries it
writes itself (bulk writes, access events). Outside it there is no actor and no address.

auditlog keeps its own context in a ContextVar it never resets after a request; ours is reset on
the way out, so a value from one request can never leak into work done after it.
"""

import contextlib
from contextvars import ContextVar

from auditlog.context import set_extra_data
from django.contrib.auth import get_user_model

_acting = ContextVar("audit_acting", default=None)


@contextlib.contextmanager
def acting(*, actor=None, remote_addr=None, cid=None):
    data = {"actor": actor, "remote_addr": remote_addr, "cid": cid}
    token = _acting.set(data)
    try:
        # auditlog copies these onto the entries it writes from model signals (cid through
        # AUDITLOG_CID_GETTER = current_cid below).
        with set_extra_data(context_data={"actor": actor, "remote_addr": remote_addr}):
            yield
    finally:
        _acting.reset(token)


def current():
    """The current {actor, remote_addr, cid}, or {} outside `acting`."""
    return _acting.get() or {}


def current_actor():
    actor = current().get("actor")
    if isinstance(actor, get_user_model()) and actor.is_authenticated:
        return actor
    return None


def current_cid():
    """auditlog's AUDITLOG_CID_GETTER: the id of the request that wrote the entry."""
    return current().get("cid")


def current_bureau_id():
    """The acting user's bureau (its own, or its school's); None without an actor or membership."""
    from schools.selectors import membership_of

    actor = current_actor()
    membership = membership_of(actor) if actor is not None else None
    return membership.home_bureau_id if membership is not None else None
