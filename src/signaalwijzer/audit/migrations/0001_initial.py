# The audit table, and the triggers that make it append-only in the database itself (ADR 0006).
#
# The trigger SQL lives here, frozen with this migration. On SQLite, any later migration that makes Django
# rebuild this table (most ALTERs) drops the triggers with the old table: such a migration must create them
# again. `signaalwijzer audit verify` reports a missing or disabled trigger.

from django.db import migrations, models

TABLE = "audit_auditentry"

SQLITE_CREATE = [
    f"""CREATE TRIGGER audit_auditentry_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only: UPDATE refused'); END""",
    f"""CREATE TRIGGER audit_auditentry_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only: DELETE refused'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_auditentry_no_update",
    "DROP TRIGGER IF EXISTS audit_auditentry_no_delete",
]

# restrict_violation (23001) is an integrity-constraint error, as SQLite's RAISE(ABORT) is: callers see
# django.db.IntegrityError on both databases.
POSTGRESQL_CREATE = [
    """CREATE OR REPLACE FUNCTION audit_auditentry_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit log is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
    END;
    $$""",
    f"""CREATE TRIGGER audit_auditentry_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_auditentry_refuse_change()""",
]
POSTGRESQL_DROP = [
    f"DROP TRIGGER IF EXISTS audit_auditentry_append_only ON {TABLE}",
    "DROP FUNCTION IF EXISTS audit_auditentry_refuse_change()",
]

STATEMENTS = {
    "sqlite": (SQLITE_CREATE, SQLITE_DROP),
    "postgresql": (POSTGRESQL_CREATE, POSTGRESQL_DROP),
}


def _run(schema_editor, which):
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        # Better no migration than an audit log that silently accepts edits.
        raise NotImplementedError(f"append-only audit triggers are not written for {vendor}")
    for sql in STATEMENTS[vendor][which]:
        schema_editor.execute(sql, params=None)


def triggers_create(apps, schema_editor):
    _run(schema_editor, 0)


def triggers_drop(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="AuditEntry",
            fields=[
                ("position", models.PositiveBigIntegerField(primary_key=True, serialize=False)),
                ("created_at", models.DateTimeField()),
                ("actor_id", models.BigIntegerField(blank=True, null=True)),
                ("actor_username", models.CharField(blank=True, max_length=150)),
                ("actor_organisation", models.CharField(blank=True, max_length=200)),
                ("ip_address", models.GenericIPAddressField(blank=True, null=True)),
                ("action", models.CharField(max_length=64)),
                ("object_type", models.CharField(max_length=64)),
                ("object_id", models.CharField(blank=True, max_length=100)),
                ("detail", models.JSONField(blank=True, default=dict)),
                ("previous_hash", models.CharField(max_length=64)),
                ("entry_hash", models.CharField(max_length=64)),
            ],
            options={
                "verbose_name": "audit entry",
                "verbose_name_plural": "audit entries",
                "default_permissions": ("view",),
                "indexes": [
                    models.Index(fields=["object_type", "object_id", "position"], name="audit_object_idx"),
                    models.Index(fields=["created_at"], name="audit_created_at_idx"),
                ],
            },
        ),
        migrations.RunPython(triggers_create, triggers_drop, elidable=False),
    ]
