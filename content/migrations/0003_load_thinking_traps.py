"""Load the library again so existing databases get the new glossary entry on thinking traps.

load_library is idempotent: unchanged items stay as they are and a clinic's local edits are kept.
"""

from __future__ import annotations

from django.db import migrations


def load(apps, schema_editor):
    from content.loader import load_library

    load_library(apps.get_model("content", "Item"))


class Migration(migrations.Migration):
    dependencies = [("content", "0002_load_library")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
