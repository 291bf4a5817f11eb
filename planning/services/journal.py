"""Writes to the journal. Private entries leave no trace a clinician could see: their audit entries
are not linked to the client, so they do not move the caseload's "last activity" either.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from ..models import JournalEntry, Trigger, User
from .audit import audit_record
from .notifications import notify_journal_shared


def journal_entry_save(
    *, actor: User, entry: JournalEntry, triggers: Iterable[Trigger], changed: list[str]
) -> JournalEntry:
    """Create or update a journal entry (a validated form's instance) and the triggers it mentions."""
    creating = entry.pk is None
    with transaction.atomic():
        entry.updated_at = timezone.now()
        entry.save()
        entry.triggers.set([t for t in triggers if t.client_id == entry.client_id])
        audit_record(
            actor=actor,
            action="journal_entry.created" if creating else "journal_entry.updated",
            target=entry,
            changed_fields=changed,
            private=not entry.shared_with_care_team,
        )
        notify_journal_shared(actor=actor, entry=entry, creating=creating, changed=changed)
    return entry
