# The audit trail's one-row append in one round trip (planning/models/audit.py, APPEND_SQL): PostgreSQL only.

from django.db import migrations

from planning.models.audit import APPEND_SQL, DROP_APPEND_SQL


def create_append_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_SQL)


def drop_append_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_APPEND_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0033_audit_client_changes"),
    ]

    operations = [
        migrations.RunPython(create_append_function, drop_append_function),
    ]
