"""Integration tests run against the real PostgreSQL and Redis that `make test` points them at.

Where one is missing they skip with the reason; `.ci/run` turns any skip into a failure.
"""

import os
from urllib.parse import quote

import pytest
import redis
from django.db import connection

pytestmark = pytest.mark.integration


@pytest.fixture
def postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL not configured: run through `make test`, which sets DATABASE_URL")
    return connection


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL", "")
    if not url:
        pytest.skip("Redis not configured: run through `make test`, which sets REDIS_URL")
    try:
        client = redis.Redis.from_url(url, socket_timeout=3)
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis at {url} does not answer: {error}")
    client.flushdb()
    yield url
    client.flushdb()


def database_url_of_test_db():
    """The URL of the test database pytest-django created, for processes the test starts."""
    cfg = connection.settings_dict
    host = quote(cfg["HOST"] or "", safe="")
    user = quote(cfg["USER"] or "", safe="")
    password = f":{quote(cfg['PASSWORD'], safe='')}" if cfg["PASSWORD"] else ""
    port = f":{cfg['PORT']}" if cfg["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{cfg['NAME']}"
