"""The access rule: views reach client-linked records only through planning.access.

A view module that writes `SomeClientLinkedModel.objects` would bypass the care-team check,
so this test reads the view modules' source and fails if any does.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.apps import apps
from django.db import models

from planning.models import Client

VIEWS_DIR = Path(__file__).resolve().parents[2] / "planning" / "views"


def _client_linked_models() -> set[type[models.Model]]:
    """Client, and every model with a chain of foreign keys that leads to Client."""
    linked: set[type[models.Model]] = {Client}
    changed = True
    while changed:
        changed = False
        for model in apps.get_app_config("planning").get_models():
            if model in linked:
                continue
            for field in model._meta.get_fields():
                if (field.many_to_one or field.one_to_one) and field.concrete and field.related_model in linked:
                    linked.add(model)
                    changed = True
                    break
    return linked


def test_the_rule_knows_the_client_linked_models():
    names = {model.__name__ for model in _client_linked_models()}
    assert {"Client", "CareTeamMember", "Invitation", "AuditEvent"} <= names


def test_views_never_query_client_linked_models_directly():
    pattern = re.compile(r"\b(" + "|".join(m.__name__ for m in _client_linked_models()) + r")\.objects\b")
    offenders = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(VIEWS_DIR.glob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line) and "access-checked" not in line
    ]
    assert not offenders, "Use planning.access helpers instead:\n" + "\n".join(offenders)
