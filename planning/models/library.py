"""Library links: coping skills and conversation ideas attached to a client's step, trigger or safety plan.

`planning` may depend on `content` (never the reverse), so the link lives here. Each link points
at exactly one target; the safety plan's own-coping list is plain text in versions, so a link to
the safety plan sits beside that list as a whole.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone


class LibraryLink(models.Model):
    """A library item a clinician (or the client) attached to a step, a trigger or the safety plan."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    item = models.ForeignKey("content.Item", on_delete=models.CASCADE, related_name="+")
    step = models.ForeignKey(
        "planning.Step", on_delete=models.CASCADE, null=True, blank=True, related_name="library_links"
    )
    trigger = models.ForeignKey(
        "planning.Trigger", on_delete=models.CASCADE, null=True, blank=True, related_name="library_links"
    )
    safety_plan = models.ForeignKey(
        "planning.SafetyPlan", on_delete=models.CASCADE, null=True, blank=True, related_name="library_links"
    )
    added_by = models.ForeignKey("planning.User", on_delete=models.SET_NULL, null=True, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="library_link_has_one_target",
                condition=(
                    Q(step__isnull=False, trigger__isnull=True, safety_plan__isnull=True)
                    | Q(step__isnull=True, trigger__isnull=False, safety_plan__isnull=True)
                    | Q(step__isnull=True, trigger__isnull=True, safety_plan__isnull=False)
                ),
            ),
            models.UniqueConstraint(fields=["step", "item"], name="library_link_once_per_step"),
            models.UniqueConstraint(fields=["trigger", "item"], name="library_link_once_per_trigger"),
            models.UniqueConstraint(fields=["safety_plan", "item"], name="library_link_once_per_safety_plan"),
        ]

    def __str__(self) -> str:
        return f"Library link {self.public_id}"
