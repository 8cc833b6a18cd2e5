"""On PostgreSQL: the audit trail is append-only in the database itself, and scoped by an index.

A trigger refuses every UPDATE and DELETE of auditlog's entries and of access events, whatever
runs the statement — the portal, the Django admin, a shell. The one way through is the retention
command (`prune_audit`), which sets `audit.prune_before` for its own transaction; even then only
rows older than that moment *and* older than six months may go (《网络安全法》第二十一条).
TRUNCATE is not covered: it needs the table's owner, who could drop the trigger anyway.

SQLite has no such triggers here: the test suite and the embedded default rely on the portal
having no path that changes or deletes an entry (there is none; the admin is read-only).
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    allowed_before timestamptz;
    row_time timestamptz;
BEGIN
    IF TG_OP = 'DELETE' THEN
        allowed_before := NULLIF(current_setting('audit.prune_before', true), '')::timestamptz;
        row_time := (to_jsonb(OLD) ->> TG_ARGV[0])::timestamptz;
        IF allowed_before IS NOT NULL
           AND row_time < LEAST(allowed_before, now() - interval '6 months') THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""

TABLES = (("auditlog_logentry", "timestamp"), ("audit_accessevent", "at"))


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)  # its "%" are plpgsql's, not placeholders
    for table, time_column in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION audit_append_only('{time_column}')"
        )
    # A bureau's log: entries filtered by the bureau stored with each, newest first.
    schema_editor.execute(
        "CREATE INDEX auditlog_logentry_bureau_time ON auditlog_logentry "
        "((additional_data -> 'bureau'), \"timestamp\" DESC)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS auditlog_logentry_bureau_time")
    for table, _time_column in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS audit_append_only()")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
