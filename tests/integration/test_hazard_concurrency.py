"""Twenty inspectors verify one hazard at the same moment on PostgreSQL: exactly one succeeds.

The control test runs the same race through a naive read-check-write and shows that without the
compare-and-set the race is real (several "successful" verifications, several events).
"""

import time
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection

from hazards import services
from hazards.enums import HazardAction, HazardState
from hazards.models import Hazard, HazardEvent
from plans.services import TransitionError
from schools.enums import Role
from tests.factories import SchoolFactory, hazard, member

pytestmark = pytest.mark.integration
WORKERS = 20


def _guarded_verify(pk, user, barrier):
    barrier.wait()
    try:
        services.hazard_verify(hazard=Hazard.objects.get(pk=pk), by=user)
        return True
    except TransitionError:
        return False
    finally:
        connection.close()


def _naive_verify(pk, user, barrier):
    """What a view without the guard would do: read, check, then write."""
    barrier.wait()
    try:
        found = Hazard.objects.get(pk=pk)
        if found.state != HazardState.AWAITING_VERIFICATION:
            return False
        time.sleep(0.05)  # the time a real request spends between its read and its write
        Hazard.objects.filter(pk=pk).update(state=HazardState.CLOSED)
        HazardEvent.objects.create(hazard=found, action=HazardAction.VERIFIED, by=user)
        return True
    finally:
        connection.close()


def _race(verify):
    school = SchoolFactory()
    target = hazard(school, state="awaiting")
    inspectors = [member(Role.BUREAU_INSPECTOR, school.bureau) for _ in range(WORKERS)]
    barrier = Barrier(WORKERS)
    with ThreadPoolExecutor(WORKERS) as pool:
        wins = list(pool.map(verify, [target.pk] * WORKERS, inspectors, [barrier] * WORKERS))
    verified = HazardEvent.objects.filter(hazard=target, action=HazardAction.VERIFIED).count()
    return wins.count(True), verified


def test_twenty_simultaneous_verifications_let_exactly_one_through(transactional_db, postgres):
    assert _race(_guarded_verify) == (1, 1)


def test_control_without_the_guard_the_race_is_real(transactional_db, postgres):
    wins, verified = _race(_naive_verify)
    assert wins > 1 and verified > 1
