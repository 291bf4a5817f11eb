"""One tap never loses anything: what a person takes off a client's record is kept for a while so they can undo it.

A `Removal` holds a snapshot of the removed rows (the record and everything that went with it) for
`settings.UNDO_MINUTES`. After that the snapshot is emptied (`services.removals.removals_purge_expired`,
run by Celery beat), so something removed for good is gone for good.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from .records import ClientRecord


class Removal(ClientRecord, models.Model):
    """Something taken off a client's record, kept as a snapshot while it can still be undone."""

    class Kind(models.TextChoices):
        JOURNAL_ENTRY = "journal_entry", "A journal entry"
        TRIGGER = "trigger", "A trigger"
        STEP = "step", "A step"
        PRACTICE = "practice", "A practice"
        SAFETY_PLAN_LINE = "safety_plan_line", "A line of the safety plan"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("planning.Client", on_delete=models.CASCADE, related_name="removals")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    record_id = models.UUIDField(null=True, blank=True, help_text="The public id of the removed record, if a row.")
    snapshot = models.JSONField(default=dict, blank=True, help_text="What to put back; emptied after the window.")
    back_name = models.CharField(max_length=64, help_text='Where to go afterwards: a URL name, "planning:...".')
    back_id = models.UUIDField(help_text="The public id that URL takes.")
    private = models.BooleanField(default=False, help_text="A private journal entry: kept off the client's trail.")
    removed_by = models.ForeignKey("planning.User", on_delete=models.SET_NULL, null=True, related_name="+")
    removed_at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-removed_at"]
        indexes = [models.Index(fields=["purged_at", "removed_at"], name="removal_waiting_purge")]

    def __str__(self) -> str:
        return f"Removal {self.public_id}"

    @staticmethod
    def window() -> timedelta:
        return timedelta(minutes=settings.UNDO_MINUTES)

    def expires_at(self) -> datetime:
        return self.removed_at + self.window()

    def can_undo(self, now: datetime | None = None) -> bool:
        """Say whether this can still be put back: not undone, not emptied, inside the window."""
        now = now or timezone.now()
        return self.undone_at is None and self.purged_at is None and now < self.expires_at()
