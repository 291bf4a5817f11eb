"""Load the shared library from content/data/ so a fresh install has all of it."""

from django.db import migrations


def load(apps, schema_editor):
    from content.loader import load_library

    load_library(apps.get_model("content", "Item"))


class Migration(migrations.Migration):
    dependencies = [("content", "0001_library")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
