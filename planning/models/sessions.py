"""The 50-minute session: the clinician's session notes and the agenda the client adds to beforehand.

A session note is the care team's own record of a session: the client never sees it (its access
helper answers 404 to them). Agenda items are the client's, or the clinician's, things to talk
about next time; the care team marks them discussed in session.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.db import models
from django.utils import timezone

from .people import Client, User
from .records import ClientRecord


class SessionNoteQuerySet(models.QuerySet["SessionNote"]):
    def before(self, day: date) -> SessionNoteQuerySet:
        """Notes of sessions held before a day, the most recent first."""
        return self.filter(held_on__lt=day).order_by("-held_on", "-created_at")


class SessionNote(ClientRecord, models.Model):
    """What a session covered and what was agreed, written by a clinician for the care team only."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="session_notes")
    held_on = models.DateField(default=timezone.localdate)
    worked_on = models.TextField(max_length=4000)
    agreed = models.TextField(max_length=4000, blank=True)
    next_time = models.TextField(max_length=4000, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = SessionNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-created_at"]
        indexes = [models.Index(fields=["client", "-held_on"], name="session_note_client_recent")]

    def __str__(self) -> str:
        return f"Session note {self.public_id}"


class AgendaItemQuerySet(models.QuerySet["AgendaItem"]):
    def open(self) -> AgendaItemQuerySet:
        """Items still waiting to be talked about, oldest first."""
        return self.filter(discussed_at__isnull=True).order_by("created_at")


class AgendaItem(ClientRecord, models.Model):
    """One thing to talk about at the next session, in the words of whoever added it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="agenda_items")
    text = models.CharField(max_length=300)
    added_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    discussed_at = models.DateTimeField(null=True, blank=True)
    discussed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["client", "discussed_at"], name="agenda_item_client_open")]

    def __str__(self) -> str:
        return f"Agenda item {self.public_id}"

    @property
    def is_discussed(self) -> bool:
        return self.discussed_at is not None
