"""The audit trail: who did what to which record, and when. Never free text."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

if TYPE_CHECKING:
    from .people import Client, User

# A private journal entry's events keep no client (services/audit.py, `private`); the admin's log shows them
# only as "a private record" of their author, on a day (docs/architecture.md, "The audit log").
PRIVATE_RECORD_TYPES = frozenset({"journalentry", "copingrun"})

# A care-team member opening a page of a client's record writes "<kind>.viewed" (access.audited_read).
READ_SUFFIX = ".viewed"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def made_by(self, user: User) -> AuditEventQuerySet:
        return self.filter(actor=user)

    def about(self, client: Client) -> AuditEventQuerySet:
        """Events about one client: on their record, on the client row itself, or by them on their private records."""
        kept_off_trail = Q(client__isnull=True) & (
            Q(target_type="client", target_id=client.public_id) | Q(actor__client_profile=client)
        )
        return self.filter(Q(client=client) | kept_off_trail)

    def changes(self) -> AuditEventQuerySet:
        """Events that changed something: reads of a record left out (activity, digests, "since you last looked")."""
        return self.exclude(action__endswith=READ_SUFFIX)

    def reads(self) -> AuditEventQuerySet:
        """Events where a care-team member opened a page of a client's record."""
        return self.filter(action__endswith=READ_SUFFIX)

    def looks_by_day(self) -> models.QuerySet[Any]:
        """Reads grouped as (day, who, what, times), newest day first: for "who looked at my record"."""
        return (
            self.reads()
            .annotate(day=TruncDate("created_at"))
            .values("day", "actor__full_name", "action")
            .annotate(times=Count("id"))
            .order_by("-day", "actor__full_name", "action")
        )

    def between(self, start: date | None, end: date | None) -> AuditEventQuerySet:
        """Events on or after `start` and on or before `end` (local dates; either may be open)."""
        rows = self
        if start is not None:
            rows = rows.filter(created_at__date__gte=start)
        if end is not None:
            rows = rows.filter(created_at__date__lte=end)
        return rows


class AuditEvent(models.Model):
    """One recorded change, or one page of a client's record read by their care team. Written by services."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey("planning.Organization", on_delete=models.CASCADE, related_name="audit_events")
    client = models.ForeignKey(
        "planning.Client", on_delete=models.CASCADE, null=True, blank=True, related_name="audit_events"
    )
    actor = models.ForeignKey("planning.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=64, help_text='What happened, such as "client.invited".')
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.UUIDField(null=True, blank=True)
    # Names of the fields that changed; their values stay out of the trail on purpose.
    changed_fields = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["client", "-created_at"], name="audit_client_recent")]

    def __str__(self) -> str:
        return f"{self.action} at {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_private_record(self) -> bool:
        """Say whether this is about a client's private journal, which the organisation admin sees only as a day."""
        return self.client_id is None and self.target_type in PRIVATE_RECORD_TYPES
