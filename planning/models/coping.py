"""Coping skills done step by step: each run is the client's own record, shared only if they choose.

A run keeps which skill and, if the client gave them, the distress before and after (0-100). What
the client typed in the steps is never stored.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Avg, Count, F, Q
from django.utils import timezone

from .records import ClientRecord


@dataclass(frozen=True)
class HelpedBefore:
    """How a skill has gone for the client: runs with both ratings and the average drop in distress."""

    runs: int
    average_drop: int

    @property
    def has_helped(self) -> bool:
        """Say whether the client's own runs show it helps (the thresholds are COPING_HELPED_* in settings)."""
        return self.runs >= settings.COPING_HELPED_MIN_RUNS and self.average_drop >= settings.COPING_HELPED_MIN_DROP


class CopingRunQuerySet(models.QuerySet["CopingRun"]):
    def seen_by_care_team(self) -> CopingRunQuerySet:
        return self.filter(shared_with_care_team=True)

    def of_item(self, item_id: int) -> CopingRunQuerySet:
        return self.filter(item_id=item_id)

    def helped_before(self) -> HelpedBefore:
        """Count the runs rated before and after, and their average drop, in one query."""
        rated = self.filter(distress_before__isnull=False, distress_after__isnull=False)
        totals = rated.aggregate(runs=Count("pk"), drop=Avg(F("distress_before") - F("distress_after")))
        return HelpedBefore(runs=totals["runs"], average_drop=round(totals["drop"] or 0))


class CopingRun(ClientRecord, models.Model):
    """One time the client did a coping skill step by step, with their distress before and after if given."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("planning.Client", on_delete=models.CASCADE, related_name="coping_runs")
    # A clinic may remove its own skill later; the client's record of having done it stays.
    item = models.ForeignKey("content.Item", on_delete=models.SET_NULL, null=True, related_name="+")
    skill_title = models.CharField(max_length=120)
    distress_before = models.PositiveSmallIntegerField(null=True, blank=True)
    distress_after = models.PositiveSmallIntegerField(null=True, blank=True)
    shared_with_care_team = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = CopingRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="coping_run_before_0_100",
                condition=Q(distress_before__isnull=True) | Q(distress_before__lte=100),
                violation_error_message="Distress runs from 0 to 100.",
            ),
            models.CheckConstraint(
                name="coping_run_after_0_100",
                condition=Q(distress_after__isnull=True) | Q(distress_after__lte=100),
                violation_error_message="Distress runs from 0 to 100.",
            ),
        ]

    def __str__(self) -> str:
        return f"Coping run {self.public_id}"

    @property
    def drop(self) -> int | None:
        """Return how far distress came down (negative if it went up), when both were given."""
        if self.distress_before is None or self.distress_after is None:
            return None
        return self.distress_before - self.distress_after
