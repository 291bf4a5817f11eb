"""What puts a client near the top of a clinician's caseload: named, per-clinic rules, and what each clinician has seen.

Each rule is one QuerySet annotation (planning.models.people.ClientQuerySet.with_needs), so the
caseload's query count never grows with the number of clients. A clinician can mark a reason as
seen; it comes back only when something newer happens.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from .people import Client, Organization, User
from .records import ClientRecord


class Need(models.TextChoices):
    """The reasons, most pressing first: the caseload sorts by this order, then by time."""

    RISK_FLAG = "risk_flag", "Needs a look"
    MEASURE_WORSE = "measure_worse", "A questionnaire reliably worse"
    HIGH_PEAK = "high_peak", "A hard practice"
    SAFETY_REVIEW = "safety_review", "Safety plan due a review"
    QUIET = "quiet", "Quiet for a while"
    MASTERY_READY = "mastery_ready", "A step may feel manageable"
    NEW_SHARED = "new_shared", "Something new shared"


NEED_ORDER = list(Need.values)


class CaseloadRules(models.Model):
    """A clinic's tuning of the caseload's reasons. Without a row, the defaults apply."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="caseload_rules")
    high_peak_at_least = models.PositiveSmallIntegerField(
        default=85, help_text="A practice whose peak distress reaches this (0-100) asks for a look."
    )
    safety_review_days = models.PositiveSmallIntegerField(
        default=90, help_text="A safety plan not reviewed for this many days is due a review."
    )
    quiet_weeks = models.PositiveSmallIntegerField(
        default=3, help_text="No activity (and no rest week) for this many weeks reads as quiet."
    )
    show_mastery_ready = models.BooleanField(default=True)
    show_new_shared = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "caseload rules"
        constraints = [
            models.CheckConstraint(name="caseload_rules_peak_0_100", condition=Q(high_peak_at_least__lte=100)),
            models.CheckConstraint(
                name="caseload_rules_review_7_to_730_days",
                condition=Q(safety_review_days__gte=7, safety_review_days__lte=730),
            ),
            models.CheckConstraint(
                name="caseload_rules_quiet_1_to_26_weeks", condition=Q(quiet_weeks__gte=1, quiet_weeks__lte=26)
            ),
        ]

    def __str__(self) -> str:
        return f"Caseload rules of {self.organization}"


class NeedSeen(ClientRecord, models.Model):
    """A clinician marked one reason as seen for one client; it returns only when something newer happens."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="needs_seen")
    clinician = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    need = models.CharField(max_length=16, choices=Need.choices)
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "clinician", "need"], name="need_seen_once"),
        ]

    def __str__(self) -> str:
        return f"{self.need} seen"
