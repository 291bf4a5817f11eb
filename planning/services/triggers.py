"""Writes to the trigger list: add and change (versioned), audited with field names only.

Removing one (with an undo) is services.removals.record_remove.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..models import Client, Trigger, User
from ..versioning import save_if_current
from .audit import audit_record


def trigger_create(
    *,
    actor: User,
    client: Client,
    name: str,
    kind: str,
    strength: int,
    warning_signs: str = "",
    what_helps: str = "",
    helpful_strategies: list[str] | None = None,
) -> Trigger:
    """Add a trigger to the client's list."""
    with transaction.atomic():
        trigger = Trigger.objects.create(
            client=client,
            name=name,
            kind=kind,
            strength=strength,
            warning_signs=warning_signs,
            what_helps=what_helps,
            helpful_strategies=helpful_strategies or [],
            updated_at=timezone.now(),
            updated_by=actor,
        )
        audit_record(actor=actor, action="trigger.created", target=trigger)
    return trigger


def trigger_update(
    *,
    actor: User,
    trigger: Trigger,
    based_on: int,
    name: str,
    kind: str,
    strength: int,
    warning_signs: str,
    what_helps: str,
    helpful_strategies: list[str],
) -> Trigger:
    """Change a trigger unless someone saved it since `based_on`."""
    changes = {
        "name": name,
        "kind": kind,
        "strength": strength,
        "warning_signs": warning_signs,
        "what_helps": what_helps,
        "helpful_strategies": helpful_strategies,
    }
    return save_if_current(actor=actor, record=trigger, based_on=based_on, changes=changes, action="trigger.updated")
