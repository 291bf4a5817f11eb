"""A copy of everything Stepwise holds about a client, for them to take: a ZIP behind a one-time, expiring link.

The link carries a random token, never the client's id; only the client who asked may open it, once,
before it expires. After the download the bytes are emptied, and expired copies are deleted by the
beat task `purge_expired_record_exports` (docs/architecture.md, "The client's own copy").
"""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from .records import ClientRecord


def new_token() -> str:
    """A random, opaque token for the download link (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


class RecordExportQuerySet(models.QuerySet["RecordExport"]):
    def live(self) -> RecordExportQuerySet:
        """Copies whose link still works: not expired and not yet downloaded."""
        return self.filter(expires_at__gt=timezone.now(), downloaded_at__isnull=True)

    def expired(self) -> RecordExportQuerySet:
        return self.filter(expires_at__lte=timezone.now())

    def never_queued(self) -> RecordExportQuerySet:
        """Copies asked for while the broker was down and too large to build in the request."""
        return self.filter(ready_at__isnull=True, queued_at__isnull=True, expires_at__gt=timezone.now())


class RecordExport(ClientRecord, models.Model):
    """One copy of a client's record asked for by the client: built by a task, downloaded once, then emptied."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("planning.Client", on_delete=models.CASCADE, related_name="record_exports")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    requested_by = models.ForeignKey("planning.User", on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    queued_at = models.DateTimeField(null=True, blank=True, help_text="When the build was handed to the worker.")
    ready_at = models.DateTimeField(null=True, blank=True)
    # The ZIP itself; a few hundred kilobytes for a typical record (docs/architecture.md). Emptied once downloaded.
    body = models.BinaryField(default=b"", editable=False)
    size = models.PositiveIntegerField(default=0)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    objects = RecordExportQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["expires_at"], name="record_export_expiry")]

    def __str__(self) -> str:
        return f"Record export {self.public_id}"

    @staticmethod
    def lifetime() -> timedelta:
        return timedelta(hours=settings.RECORD_EXPORT_HOURS)

    @property
    def is_ready(self) -> bool:
        return self.ready_at is not None

    def is_expired(self) -> bool:
        """Say whether the link has run out (the copy is deleted by the next purge)."""
        return timezone.now() >= self.expires_at
