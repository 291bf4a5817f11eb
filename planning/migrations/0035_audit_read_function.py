# A care-team read appended from the access check's own query (planning/models/audit.py, READ_SQL): PostgreSQL only.

from django.db import migrations

from planning.models.audit import DROP_READ_SQL, READ_SQL


def create_read_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(READ_SQL)


def drop_read_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_READ_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0034_audit_append_function"),
    ]

    operations = [
        migrations.RunPython(create_read_function, drop_read_function),
    ]
