"""Backup and restore (`manage.py backup` / `manage.py restore`) on SQLite.

Real records with real files — a school, a hazard with its photos, an incident's written report with
an attachment — are backed up, wiped (every row and every file), restored and compared: the row count
of every table and the SHA-256 of every uploaded file. tests/integration/test_backup_postgres.py does
the same on PostgreSQL with these helpers.
"""

import hashlib
import io
import json
import shutil
import tarfile
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from duty import services as duty_services
from hazards.models import Hazard
from tests.factories import hazard

pytestmark = pytest.mark.django_db(transaction=True)

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


# --- Helpers shared with the PostgreSQL test ----------------------------------------------------------


def make_records(school, officer):
    """A hazard awaiting verification (with its rectification photo and thumbnail) and an incident
    whose written report carries a PDF attachment, all made through the services."""
    found = hazard(school, by=officer, state="awaiting")
    now = timezone.now()
    incident = duty_services.incident_report_first(
        school=school, by=officer, category="fire", severity="general",
        occurred_at=now - timedelta(minutes=20), summary="实验室冒烟", reported_at=now,
    )  # fmt: skip
    duty_services.incident_write(
        incident=incident, by=officer, cause="电线老化", casualties="无", measures="切断电源", follow_up="",
        attachments=[SimpleUploadedFile("事故报告.pdf", MINIMAL_PDF, content_type="application/pdf")],
    )  # fmt: skip
    return SimpleNamespace(
        hazard=found, photo=found.photos.get(), attachment=incident.attachments.get(), incident=incident
    )


def table_counts():
    """The number of rows in every table of the database, Django's own included."""
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def file_checksums(root):
    root = Path(root)
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def back_up(folder):
    out = io.StringIO()
    call_command("backup", "--to", str(folder), stdout=out)
    (archive,) = Path(folder).glob("campus-safety-*.tar.gz")
    assert f"Backed up to {archive}" in out.getvalue()
    return archive


def wipe(media_root):
    """Lose everything: every row of every model's table, and every uploaded file."""
    call_command("flush", "--noinput", verbosity=0)
    shutil.rmtree(media_root)


def restore(archive):
    out = io.StringIO()
    call_command("restore", str(archive), "--yes", stdout=out)
    return out.getvalue()


def assert_served_as_before(client, officer, records, photo_bytes):
    """The restored records answer through the portal as before, files included."""
    client.force_login(officer)
    photo = client.get(reverse("hazards:photo", args=[records.photo.pk]))
    assert photo.status_code == 200
    assert b"".join(photo.streaming_content) == photo_bytes
    attachment = client.get(reverse("duty:incident_attachment", args=[records.attachment.pk]))
    assert attachment.status_code == 200
    assert b"".join(attachment.streaming_content) == MINIMAL_PDF


def rewrite_archive(archive, target, *, manifest=None, members=None):
    """A copy of `archive` with the manifest changed by `manifest(dict)` and members replaced."""
    members = members or {}
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
        for member in source:
            data = source.extractfile(member).read()
            if member.name == "manifest.json" and manifest:
                data = json.dumps(manifest(json.loads(data))).encode()
            data = members.get(member.name, data)
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return target


# --- SQLite ------------------------------------------------------------------------------------------


@pytest.fixture
def records(school, alice):
    return make_records(school, alice)


def test_it_backs_up_wipes_and_restores_every_row_and_file(client, settings, tmp_path, alice, records):
    rows, files = table_counts(), file_checksums(settings.MEDIA_ROOT)
    photo_bytes = Path(records.photo.image.path).read_bytes()
    assert len(files) == 3  # the photo, its thumbnail and the incident's attachment
    archive = back_up(tmp_path / "backups")

    wipe(settings.MEDIA_ROOT)
    assert not Hazard.objects.exists()
    assert table_counts() != rows

    out = restore(archive)
    assert table_counts() == rows
    assert file_checksums(settings.MEDIA_ROOT) == files
    assert "all match" in out
    assert_served_as_before(client, alice, records, photo_bytes)


def test_the_manifest_lists_rows_migrations_and_file_checksums(settings, tmp_path, records):
    settings.VAR_DIR = tmp_path
    call_command("backup", stdout=io.StringIO())
    (archive,) = (tmp_path / "backups").glob("*.tar.gz")
    with tarfile.open(archive, "r:gz") as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    assert archive.stat().st_mode & 0o077 == 0  # it holds every person's data: the owner's alone
    assert manifest["database"]["vendor"] == "sqlite"
    assert "database.sqlite3" in names
    assert manifest["tables"]["hazards_hazard"] == 1
    assert manifest["tables"]["duty_incidentattachment"] == 1
    assert "hazards.0001_initial" in manifest["migrations"]
    files = file_checksums(settings.MEDIA_ROOT)
    assert {name: item["sha256"] for name, item in manifest["media"].items()} == files
    assert {f"media/{name}" for name in files} <= names


def test_it_names_the_archive_by_the_moment_in_beijing_time_and_never_overwrites(tmp_path, records):
    moment = datetime(2026, 5, 22, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=False):
        call_command("backup", "--to", str(tmp_path / "backups"), stdout=io.StringIO())
        call_command("backup", "--to", str(tmp_path / "backups"), stdout=io.StringIO())
    assert sorted(path.name for path in (tmp_path / "backups").iterdir()) == [
        "campus-safety-20260522-100000-2.tar.gz",
        "campus-safety-20260522-100000.tar.gz",
    ]


def test_it_refuses_to_restore_without_yes(settings, tmp_path, school, alice, records):
    archive = back_up(tmp_path / "backups")
    later = hazard(school, by=alice, state="reported")
    files = file_checksums(settings.MEDIA_ROOT)
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive))
    assert Hazard.objects.filter(pk=later.pk).exists()
    assert file_checksums(settings.MEDIA_ROOT) == files


@pytest.mark.parametrize("damage", ["bytes flipped", "cut short", "not an archive"])
def test_it_refuses_a_damaged_archive_and_changes_nothing(settings, tmp_path, school, alice, records, damage):
    archive = back_up(tmp_path / "backups")
    data = bytearray(archive.read_bytes())
    if damage == "bytes flipped":
        data[len(data) // 2 : len(data) // 2 + 16] = b"\x00" * 16
    elif damage == "cut short":
        data = data[: len(data) // 2]
    else:
        data = bytearray(b"these are not the bytes you are looking for")
    archive.write_bytes(bytes(data))
    later = hazard(school, by=alice, state="reported")
    rows, files = table_counts(), file_checksums(settings.MEDIA_ROOT)

    with pytest.raises(CommandError, match=r"Nothing was restored\..*damaged or not a backup archive"):
        restore(archive)
    assert table_counts() == rows
    assert Hazard.objects.filter(pk=later.pk).exists()
    assert file_checksums(settings.MEDIA_ROOT) == files


def test_it_refuses_an_archive_whose_file_does_not_match_its_checksum(settings, tmp_path, records):
    archive = back_up(tmp_path / "backups")
    photo = f"media/{records.photo.image.name}"
    tampered = rewrite_archive(archive, tmp_path / "tampered.tar.gz", members={photo: b"not the photo"})
    rows = table_counts()
    wipe_files_only = file_checksums(settings.MEDIA_ROOT)

    with pytest.raises(CommandError, match=f"damaged: {photo} does not match its checksum"):
        restore(tampered)
    assert table_counts() == rows
    assert file_checksums(settings.MEDIA_ROOT) == wipe_files_only


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        (lambda m: {**m, "migrations": [*m["migrations"], "hazards.9999_from_the_future"]}, "newer version"),
        (lambda m: {**m, "database": {**m["database"], "vendor": "postgresql"}}, "configured for sqlite"),
    ],
    ids=["newer portal", "other database"],
)
def test_it_refuses_a_backup_this_portal_cannot_take(tmp_path, school, alice, records, change, refusal):
    archive = rewrite_archive(back_up(tmp_path / "backups"), tmp_path / "other.tar.gz", manifest=change)
    later = hazard(school, by=alice, state="reported")
    with pytest.raises(CommandError, match=refusal):
        restore(archive)
    assert Hazard.objects.filter(pk=later.pk).exists()


def test_it_reports_restored_data_that_differ_from_the_manifest(tmp_path, records):
    def one_more_hazard(manifest):
        manifest["tables"]["hazards_hazard"] += 1
        return manifest

    archive = back_up(tmp_path / "backups")
    archive = rewrite_archive(archive, tmp_path / "odd.tar.gz", manifest=one_more_hazard)
    with pytest.raises(CommandError, match="table hazards_hazard has 1 rows, the backup 2"):
        restore(archive)


def test_it_removes_files_uploaded_after_the_backup(settings, tmp_path, school, alice, records):
    archive = back_up(tmp_path / "backups")
    files = file_checksums(settings.MEDIA_ROOT)
    later = hazard(school, by=alice, state="awaiting")  # a new photo and thumbnail on disk
    assert len(file_checksums(settings.MEDIA_ROOT)) == len(files) + 2

    restore(archive)
    assert not Hazard.objects.filter(pk=later.pk).exists()
    assert file_checksums(settings.MEDIA_ROOT) == files
