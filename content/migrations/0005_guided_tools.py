"""Coping skills done step by step: the new guided tools, and the library loaded again so the four skills get theirs."""

from __future__ import annotations

from django.db import migrations, models


def load(apps, schema_editor):
    from content.loader import load_library

    load_library(apps.get_model("content", "Item"))


class Migration(migrations.Migration):
    dependencies = [("content", "0004_search_document")]

    operations = [
        migrations.AlterField(
            model_name="item",
            name="tool",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "None"),
                    ("breathing_pacer", "Paced-breathing pacer"),
                    ("grounding", "Guided 5-4-3-2-1 grounding"),
                    ("tense_release", "Guided tense and release"),
                    ("self_compassion", "Guided kind pause"),
                    ("opposite_action", "Guided opposite action"),
                ],
                default="",
                max_length=32,
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
