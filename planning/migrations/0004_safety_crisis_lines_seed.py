"""Give every existing clinic its own copy of the default crisis lines.

Clinics created later get the same defaults from planning.services.crisis_lines (shown until the
clinic saves its own, and copied by crisis_lines_seed). The list is repeated here on purpose:
a migration must not change when the application code does.
"""

from __future__ import annotations

from datetime import date

from django.db import migrations

CHECKED = date(2026, 11, 1)
LINES = [
    ("United States", "Emergency services", "call", "911", "", True),
    ("United States", "988 Suicide & Crisis Lifeline", "call", "988", "", False),
    ("United States", "988 Suicide & Crisis Lifeline", "text", "988", "", False),
    ("United States", "988 Suicide & Crisis Lifeline", "chat", "988lifeline.org", "", False),
    ("United States", "Crisis Text Line", "text", "741741", "Text HOME", False),
    ("Canada", "Emergency services", "call", "911", "", True),
    ("Canada", "9-8-8 Suicide Crisis Helpline", "call", "9-8-8", "", False),
    ("Canada", "9-8-8 Suicide Crisis Helpline", "text", "9-8-8", "", False),
    ("United Kingdom", "Emergency services", "call", "999", "", True),
    ("United Kingdom", "Samaritans", "call", "116 123", "", False),
    ("United Kingdom", "SHOUT", "text", "85258", "Text SHOUT", False),
]


def seed(apps, schema_editor):
    Organization = apps.get_model("planning", "Organization")
    CrisisLine = apps.get_model("planning", "CrisisLine")
    for organization in Organization.objects.all():
        if CrisisLine.objects.filter(organization=organization).exists():
            continue
        CrisisLine.objects.bulk_create(
            CrisisLine(
                organization=organization,
                country=country,
                name=name,
                channel=channel,
                number=number,
                instructions=instructions,
                is_emergency=emergency,
                position=position,
                last_checked=CHECKED,
            )
            for position, (country, name, channel, number, instructions, emergency) in enumerate(LINES)
        )


class Migration(migrations.Migration):
    dependencies = [("planning", "0003_safety_models")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
