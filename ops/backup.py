"""Backups of the portal: the database and the uploaded files in one archive, and their restore.

An archive is one gzip'd tar, `campus-safety-YYYYMMDD-HHMMSS.tar.gz` (Beijing time), holding:

    database.sqlite3   SQLite: a copy made with SQLite's online backup API (safe while the portal runs)
    database.pgdump    PostgreSQL: `pg_dump --format=custom` of the configured database
    media/…            every file under MEDIA_ROOT
    manifest.json      when, the database's vendor and applied migrations, the row count of every
                       table, and the SHA-256 and size of the dump and of every uploaded file

The row counts describe the dump itself, not the live database a moment later: SQLite's are counted
in the copy, PostgreSQL's in a snapshot that `pg_dump --snapshot` then dumps. Files are read after
that snapshot, so every file a row of the dump points at is in the archive unless it was deleted in
between. The archive is written under a temporary name and renamed when complete.

A restore first reads the whole archive and checks every member against the manifest, so a damaged
archive is refused before anything is replaced. Then it replaces the database (SQLite: the backup API
again, in one transaction, so open connections see the restored data at once; PostgreSQL:
`pg_restore --clean --if-exists --single-transaction`), makes MEDIA_ROOT hold exactly the archived
files, and compares the restored rows and files with the manifest.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from glob import glob
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
SQLITE_DUMP = "database.sqlite3"
POSTGRES_DUMP = "database.pgdump"
# Extraction folders inside MEDIA_ROOT (same file system, so files move into place atomically).
RESTORING = ".restoring-"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Why a backup or a restore could not be done; the message is meant for the operator."""


@dataclass
class Restored:
    """What a restore did, and any difference between the restored data and the manifest."""

    tables: int
    rows: int
    files: int
    differences: list[str] = field(default_factory=list)
    pending_migrations: list[str] = field(default_factory=list)


def default_directory():
    return Path(settings.VAR_DIR) / "backups"


# --- Back up -------------------------------------------------------------------------------------


def backup_create(*, to=None) -> Path:
    """Write one archive of the database and the uploaded files into `to` and return its path."""
    directory = Path(to) if to else default_directory()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    database = _database()
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    partial = directory / f".campus-safety-{stamp}-{os.getpid()}.partial"
    try:
        with tempfile.TemporaryDirectory(dir=directory, prefix=".backup-") as work:
            dump = Path(work) / database.dump_name
            snapshot = database.dump(dump)
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "django": django.get_version(),
                "database": {
                    "vendor": database.vendor,
                    "file": database.dump_name,
                    "sha256": _sha256_of(dump),
                    "size": dump.stat().st_size,
                },
                "migrations": snapshot["migrations"],
                "tables": snapshot["tables"],
            }
            # Readable by the portal's own user only: the archive holds every person's data.
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                tar.add(dump, arcname=database.dump_name)
                manifest["media"] = _add_media(tar)
                _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False).encode())
        return _publish(partial, directory, stamp)
    finally:
        partial.unlink(missing_ok=True)


def _publish(partial, directory, stamp):
    """Give the finished archive its name, never replacing another backup's (a link fails if taken)."""
    for n in range(1, 1000):
        suffix = "" if n == 1 else f"-{n}"
        archive = directory / f"campus-safety-{stamp}{suffix}.tar.gz"
        try:
            os.link(partial, archive)
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links: check, then rename
            if archive.exists():
                continue
            os.replace(partial, archive)
        return archive
    raise BackupError(f"Too many backups named campus-safety-{stamp} in {directory}.")


def _media_files():
    """Every regular file under MEDIA_ROOT as (relative POSIX path, absolute path), sorted."""
    root = Path(settings.MEDIA_ROOT)
    found = []
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(name for name in folders if not name.startswith(RESTORING))
        for name in files:
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append((path.relative_to(root).as_posix(), path))
    return sorted(found)


class _Hashing:
    """A file object that hashes what is read through it (so each file is read once)."""

    def __init__(self, raw):
        self.raw, self.sha256 = raw, hashlib.sha256()

    def read(self, size=-1):
        data = self.raw.read(size)
        self.sha256.update(data)
        return data


def _add_media(tar):
    media = {}
    for name, path in _media_files():
        try:
            handle = path.open("rb")
        except FileNotFoundError:  # deleted since the folder was listed: it is gone from the data too
            continue
        with handle:
            info = tar.gettarinfo(fileobj=handle, arcname=f"{MEDIA}/{name}")
            reader = _Hashing(handle)
            tar.addfile(info, reader)
        media[name] = {"sha256": reader.sha256.hexdigest(), "size": info.size}
    return media


def _add_bytes(tar, name, data):
    import io

    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o644
    tar.addfile(info, io.BytesIO(data))


def _sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- Restore -------------------------------------------------------------------------------------


def backup_restore(*, archive) -> Restored:
    """Replace the database and the uploaded files with those of `archive`, then compare.

    Raises BackupError, with nothing changed, when the archive is unreadable or damaged, or was made
    by a kind of database or a version of the portal this one cannot take.
    """
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive}: no such file.")
    database = _database()
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root, prefix=RESTORING) as work:
        work = Path(work)
        manifest = _unpack(archive, work)
        pending = _check_compatible(manifest, database, archive)
        database.load(work / manifest["database"]["file"])
        _replace_media(work / MEDIA, manifest["media"], media_root)
    return Restored(
        tables=len(manifest["tables"]),
        rows=sum(manifest["tables"].values()),
        files=len(manifest["media"]),
        differences=differences(manifest),
        pending_migrations=pending,
    )


def _unpack(archive, work):
    """Extract the archive into `work` after checking every member against the manifest."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            extracted = _extract_members(tar, work, archive)
            # Read to the end of the gzip stream, so that its CRC is checked even where damage made
            # the tar end early.
            while tar.fileobj.read(CHUNK):
                pass
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise BackupError(
            f"{archive} cannot be read: it is damaged or not a backup archive ({error})."
        ) from error
    if MANIFEST not in extracted:
        raise BackupError(
            f"{archive} has no {MANIFEST}: it is not a backup of this portal, or it is damaged."
        )
    try:
        manifest = json.loads((work / MANIFEST).read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError(
                f"{archive} is in backup format {manifest.get('format')}; this portal reads {FORMAT}."
            )
        expected = {manifest["database"]["file"]: manifest["database"]} | {
            f"{MEDIA}/{name}": item for name, item in manifest["media"].items()
        }
        if not isinstance(manifest["tables"], dict) or not isinstance(manifest["migrations"], list):
            raise TypeError("tables or migrations")
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise BackupError(f"{archive}: {MANIFEST} is damaged ({error!r}).") from error
    problems = [f"{name} is missing" for name in sorted(set(expected) - set(extracted))]
    unlisted = set(extracted) - set(expected) - {MANIFEST}
    problems += [f"{name} is not listed in the manifest" for name in sorted(unlisted)]
    problems += [
        f"{name} does not match its checksum"
        for name, item in sorted(expected.items())
        if name in extracted and extracted[name] != item["sha256"]
    ]
    if problems:
        raise BackupError(f"{archive} is damaged: " + "; ".join(problems[:10]) + ".")
    return manifest


def _extract_members(tar, work, archive):
    """Write each member under `work` (never outside it) and return {name: sha256}."""
    extracted = {}
    for member in tar:
        if member.isdir():
            continue
        name = _safe_name(member, archive)
        target = work / name
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        source = tar.extractfile(member)
        with source, open(target, "wb") as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
        extracted[name] = digest.hexdigest()
    return extracted


def _safe_name(member, archive):
    path = PurePosixPath(member.name)
    allowed = member.isfile() and not path.is_absolute() and ".." not in path.parts
    known = member.name in (MANIFEST, SQLITE_DUMP, POSTGRES_DUMP)
    allowed = allowed and (known or (path.parts[0] == MEDIA and len(path.parts) > 1))
    if not allowed:
        raise BackupError(f"{archive} holds {member.name!r}, which no backup of this portal holds.")
    return path.as_posix()


def _check_compatible(manifest, database, archive):
    """Refuse another vendor's dump or a newer portal's schema; return the migrations still to run."""
    vendor = manifest["database"]["vendor"]
    if vendor != database.vendor:
        raise BackupError(
            f"{archive} holds a {vendor} database but the portal is configured for {database.vendor}: "
            "restore it into a portal that uses the same kind of database."
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    backed_up = {tuple(name.split(".", 1)) for name in manifest["migrations"]}
    newer = sorted(backed_up - known)
    if newer:
        listed = ", ".join(f"{app}.{name}" for app, name in newer[:5])
        raise BackupError(
            f"{archive} was made by a newer version of the portal (migrations unknown here: {listed}): "
            "update the portal first."
        )
    return [f"{app}.{name}" for app, name in sorted(known - backed_up)]


def _replace_media(extracted, listed, media_root):
    """Make MEDIA_ROOT hold exactly the archived files: move each into place, delete the others."""
    for name in sorted(listed):
        target = media_root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(extracted / name, target)
    for name, path in _media_files():
        if name not in listed:
            path.unlink(missing_ok=True)


def differences(manifest):
    """How the live database and MEDIA_ROOT differ from the manifest (empty when they match)."""
    found = []
    live = _database().row_counts(list(manifest["tables"]))
    for table, rows in sorted(manifest["tables"].items()):
        if live.get(table) is None:
            found.append(f"table {table} is missing")
        elif live[table] != rows:
            found.append(f"table {table} has {live[table]} rows, the backup {rows}")
    files = dict(_media_files())
    for name, item in sorted(manifest["media"].items()):
        if name not in files:
            found.append(f"file {name} is missing")
        elif _sha256_of(files[name]) != item["sha256"]:
            found.append(f"file {name} differs from the backup")
    found += [f"file {name} is not in the backup" for name in sorted(set(files) - set(manifest["media"]))]
    return found


# --- The two kinds of database -------------------------------------------------------------------


def _database():
    vendor = connection.vendor
    if vendor == "sqlite":
        return SQLite(connection.settings_dict)
    if vendor == "postgresql":
        return PostgreSQL(connection.settings_dict)
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")


def _count_rows(cursor, tables, quote):
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _quote(name):
    return '"' + name.replace('"', '""') + '"'


class SQLite:
    vendor = "sqlite"
    dump_name = SQLITE_DUMP

    def __init__(self, settings_dict):
        self.name = str(settings_dict["NAME"])
        self.timeout = settings_dict.get("OPTIONS", {}).get("timeout", 20)

    def _connect(self, name=None):
        return sqlite3.connect(name or self.name, uri=name is None, timeout=self.timeout)

    def dump(self, target):
        """Copy the live database with the online backup API; count what the copy holds."""
        if not self.name.startswith("file:") and not Path(self.name).is_file():
            raise BackupError(f"There is no database at {self.name}: nothing to back up.")
        live, copy = self._connect(), sqlite3.connect(target)
        try:
            live.backup(copy)
            return {"tables": self._counts(copy), "migrations": self._migrations(copy)}
        except sqlite3.Error as error:
            raise BackupError(f"Could not back up {self.name}: {error}") from error
        finally:
            copy.close()
            live.close()

    def load(self, dump):
        """Write the dump over the live database in one transaction of the backup API."""
        copy = sqlite3.connect(dump)
        try:
            if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"The archive's database ({dump.name}) fails SQLite's integrity check.")
            live = self._connect()
            try:
                copy.backup(live)
            except sqlite3.Error as error:
                raise BackupError(f"Could not write the database {self.name}: {error}") from error
            finally:
                live.close()
        finally:
            copy.close()

    def row_counts(self, tables):
        live = self._connect()
        try:
            existing = self._tables(live)
            return _count_rows(live.cursor(), [t for t in tables if t in existing], _quote)
        finally:
            live.close()

    @staticmethod
    def _tables(db):
        rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        return sorted(name for (name,) in rows)

    def _counts(self, db):
        return _count_rows(db.cursor(), self._tables(db), _quote)

    @staticmethod
    def _migrations(db):
        rows = db.execute("SELECT app, name FROM django_migrations ORDER BY 1, 2")
        return [f"{app}.{name}" for app, name in rows]


class PostgreSQL:
    vendor = "postgresql"
    dump_name = POSTGRES_DUMP

    def __init__(self, settings_dict):
        self.settings_dict = settings_dict

    def _environment(self):
        """libpq's variables for pg_dump and pg_restore (the password never on a command line)."""
        cfg = self.settings_dict
        values = {
            "PGHOST": cfg.get("HOST"),
            "PGPORT": str(cfg.get("PORT") or ""),
            "PGUSER": cfg.get("USER"),
            "PGPASSWORD": cfg.get("PASSWORD"),
            "PGDATABASE": cfg["NAME"],
            "PGSSLMODE": cfg.get("OPTIONS", {}).get("sslmode"),
        }
        return {**os.environ, **{key: value for key, value in values.items() if value}}

    def _connect(self):
        import psycopg

        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        try:
            return psycopg.connect(**params)
        except psycopg.Error as error:
            raise BackupError(f"Could not connect to PostgreSQL: {error}") from error

    def dump(self, target):
        """pg_dump of a snapshot in which the rows were counted, held open until the dump is done."""
        import psycopg

        pg_dump = find_tool("pg_dump")
        with self._connect() as db:
            db.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            db.read_only = True
            with db.cursor() as cursor:
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
                counts = _count_rows(cursor, self._tables(cursor), self._quote)
                cursor.execute("SELECT app, name FROM django_migrations ORDER BY 1, 2")
                migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
                self._run(
                    [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"], "pg_dump"
                )
            db.rollback()
        return {"tables": counts, "migrations": migrations}

    def load(self, dump):
        pg_restore = find_tool("pg_restore")
        # Our own idle connection holds no locks, but close it so nothing sees the tables go.
        if not connection.in_atomic_block:
            connection.close()
        self._run(
            [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
             "--exit-on-error", f"--dbname={self.settings_dict['NAME']}", str(dump)],
            "pg_restore",
        )  # fmt: skip

    def row_counts(self, tables):
        with self._connect() as db, db.cursor() as cursor:
            existing = set(self._tables(cursor))
            return _count_rows(cursor, [t for t in tables if t in existing], self._quote)

    @staticmethod
    def _tables(cursor):
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1")
        return [name for (name,) in cursor.fetchall()]

    @staticmethod
    def _quote(name):
        return _quote(name)

    def _run(self, command, what):
        result = subprocess.run(command, env=self._environment(), capture_output=True, text=True)
        if result.returncode != 0:
            raise BackupError(f"{what} failed (exit {result.returncode}): {result.stderr.strip()}")


def find_tool(name):
    """`name` (pg_dump, pg_restore) from PATH, else from the newest /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_version_key)
    if candidates:
        return candidates[-1]
    raise BackupError(
        f"{name} was not found on PATH or under /usr/lib/postgresql: install PostgreSQL's client tools "
        "(Debian and Ubuntu: apt-get install postgresql-client), of the server's major version or newer."
    )


def _version_key(path):
    version = Path(path).parent.parent.name
    return int(version) if version.isdigit() else 0
