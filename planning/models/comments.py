"""A care-team clinician's comment beside the client's own words: a practice, or a journal entry they shared.

The client's account stays theirs: a clinician never edits it, and writes beside it instead.
Comments are versioned like every other record; only their author changes one.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils import timezone

from .records import ClientRecord

if TYPE_CHECKING:
    from .plans import Practice
    from .safety import JournalEntry


class Comment(ClientRecord, models.Model):
    """A clinician's note beside a practice or a shared journal entry, in their own name."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("planning.Client", on_delete=models.CASCADE, related_name="comments")
    practice = models.ForeignKey(
        "planning.Practice", on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    journal_entry = models.ForeignKey(
        "planning.JournalEntry", on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    text = models.TextField(max_length=2000)
    author = models.ForeignKey("planning.User", on_delete=models.SET_NULL, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey("planning.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="comment_beside_one_record",
                condition=Q(practice__isnull=False, journal_entry__isnull=True)
                | Q(practice__isnull=True, journal_entry__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"Comment {self.public_id}"

    @property
    def beside(self) -> Practice | JournalEntry:
        """Return the record this comment sits beside."""
        beside = self.practice or self.journal_entry
        assert beside is not None  # the constraint comment_beside_one_record
        return beside
