import os

import pytest

from schools.enums import Role
from tests.factories import BureauFactory, SchoolFactory, member

# `.ci/run` sets this: a test skipped because PostgreSQL, Redis or Chromium is missing must fail CI.
NO_SKIPS = os.environ.get("CAMPUS_SAFETY_NO_SKIPS") == "1"


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if NO_SKIPS and skipped:
        reporter.write_line(f"{len(skipped)} test(s) skipped, and skips are failures here.", red=True)
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    # A cached dashboard must not outlive the test (and the database rows) it was built from.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def bureau(db):
    return BureauFactory(name="示范区教育局")


@pytest.fixture
def school(bureau):
    return SchoolFactory(bureau=bureau, name="示范区第一小学")


@pytest.fixture
def alice(school):
    """Alice is the safety officer of `school`."""
    return member(Role.SAFETY_OFFICER, school, username="alice", full_name="张安全")


@pytest.fixture
def bob(bureau):
    """Bob is the bureau admin."""
    return member(Role.BUREAU_ADMIN, bureau, username="bob", full_name="李安办")


@pytest.fixture
def charlie(bureau):
    """Charlie is the safety officer of another school of the same bureau."""
    other = SchoolFactory(bureau=bureau, name="示范区第二小学")
    return member(Role.SAFETY_OFFICER, other, username="charlie", full_name="陈安全")


@pytest.fixture
def principal(school):
    """Wang is the principal of `school`."""
    return member(Role.PRINCIPAL, school, username="wang", full_name="王校长")


@pytest.fixture
def inspector(bureau):
    """Zhao is a bureau inspector."""
    return member(Role.BUREAU_INSPECTOR, bureau, username="zhao", full_name="赵督查")
