"""Store each library item's weighted search document, kept by the database, with a GIN index on PostgreSQL.

Search used to run to_tsvector over every item on every query. SQLite keeps its word match (the
column stays NULL there) and gets no index: GIN is PostgreSQL's.
"""

import content.search
import django.contrib.postgres.search
from django.db import migrations, models


def add_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE INDEX item_search_document ON content_item USING gin (search_document)")


def drop_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS item_search_document")


class Migration(migrations.Migration):

    dependencies = [
        ('content', '0003_load_thinking_traps'),
    ]

    operations = [
        migrations.AddField(
            model_name='item',
            name='search_document',
            field=models.GeneratedField(db_persist=True, expression=content.search.OnPostgreSQL(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector('title', config='english', weight='A'), '||', django.contrib.postgres.search.SearchVector('summary', config='english', weight='B'), django.contrib.postgres.search.SearchConfig('english')), '||', django.contrib.postgres.search.SearchVector('body', config='english', weight='C'), django.contrib.postgres.search.SearchConfig('english'))), output_field=django.contrib.postgres.search.SearchVectorField(null=True)),
        ),
        migrations.RunPython(add_gin_index, drop_gin_index),
    ]
