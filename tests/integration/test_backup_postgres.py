"""Backup and restore on the real PostgreSQL test database: pg_dump, a wipe, pg_restore, and the same
comparison of every table's row count and every file's checksum as on SQLite (tests/ops/test_backup.py).
"""

import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError

from hazards.models import Hazard
from tests.factories import hazard
from tests.ops.test_backup import (
    assert_served_as_before,
    back_up,
    file_checksums,
    make_records,
    restore,
    table_counts,
    wipe,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def records(postgres, school, alice):
    return make_records(school, alice)


def test_it_backs_up_wipes_and_restores_postgresql(client, settings, tmp_path, alice, records):
    rows, files = table_counts(), file_checksums(settings.MEDIA_ROOT)
    photo_bytes = Path(records.photo.image.path).read_bytes()
    archive = back_up(tmp_path / "backups")
    with tarfile.open(archive, "r:gz") as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert tar.extractfile("database.pgdump").read(5) == b"PGDMP"  # pg_dump's custom format
    assert manifest["database"]["vendor"] == "postgresql"
    assert manifest["tables"] == rows

    wipe(settings.MEDIA_ROOT)
    assert not Hazard.objects.exists()

    out = restore(archive)
    assert table_counts() == rows
    assert file_checksums(settings.MEDIA_ROOT) == files
    assert "all match" in out
    assert_served_as_before(client, alice, records, photo_bytes)


def test_a_damaged_postgresql_archive_changes_nothing(settings, tmp_path, school, alice, records):
    archive = back_up(tmp_path / "backups")
    data = bytearray(archive.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 16] = b"\x00" * 16
    archive.write_bytes(bytes(data))
    later = hazard(school, by=alice, state="reported")
    rows = table_counts()

    with pytest.raises(CommandError, match=r"Nothing was restored\..*damaged"):
        restore(archive)
    assert table_counts() == rows
    assert Hazard.objects.filter(pk=later.pk).exists()
