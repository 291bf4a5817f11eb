"""Looking back at a hard practice, with curiosity rather than blame: the setback review.

A practice that ended early, peaked far above what the client expected, or that they marked as hard
is followed by an offer (never a requirement) of a short review: what made it harder, what still went
all right, and what they would like next. Nothing here resets, counts against or marks the client.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone

from .records import NestedClientRecord

# How far above the client's own expected distress a peak must go for the review to be offered unasked.
# 30 points is nearly a third of the SUDS scale: the practice was much harder than the client braced
# for, not the few points of misjudging that every ladder has (those are shown back as lessons only).
SETBACK_PEAK_ABOVE_EXPECTED = 30

# The smaller rung is proposed this many points below the hard step's expected distress (never below 0):
# about one rung's climb on a ladder that starts around 20-40 and rises in steps of 10-15.
SMALLER_STEP_EASIER_BY = 15


class SetbackReview(NestedClientRecord, models.Model):
    """The client's own look back at one hard practice, and what they chose to do next."""

    client_path = "practice__step__goal__plan__client"

    class Harder(models.TextChoices):
        CROWD = "crowd", "There were more people, or more noise, than I pictured"
        BODY = "body", "My body was already on edge (tired, unwell, heart racing)"
        REMINDER = "reminder", "Something reminded me of a hard time"
        HEAVY_DAY = "heavy_day", "It was a heavy day before I even started"
        SOMEONE = "someone", "Something someone said or did"
        BIG_JUMP = "big_jump", "The step was a bigger jump than it looked on paper"
        SUPPORT = "support", "The support I counted on wasn't there"

    class Next(models.TextChoices):
        AGAIN = "again", "Try it again as it was"
        SMALLER = "smaller", "Try a smaller version first"
        DIFFERENT = "different", "Try it somewhere else, or at another time"
        REST = "rest", "Take a rest week"
        TALK = "talk", "Talk it over with my clinician"

    class Proposal(models.TextChoices):
        NONE = "", "No smaller rung asked for"
        OPEN = "open", "A smaller rung waits for the client's yes or no"
        ACCEPTED = "accepted", "The smaller rung is on the ladder"
        DECLINED = "declined", "The client left the ladder as it was"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    practice = models.OneToOneField("planning.Practice", on_delete=models.CASCADE, related_name="setback_review")
    harder = models.JSONField(default=list, blank=True, help_text="The Harder codes the client ticked.")
    harder_words = models.TextField(max_length=2000, blank=True)
    went_all_right = models.TextField(max_length=2000, blank=True)
    next_choice = models.CharField(max_length=16, choices=Next.choices)
    # "A smaller version": the rung proposed below the hard step, until the client accepts or declines it.
    proposal = models.CharField(max_length=16, choices=Proposal.choices, blank=True, default=Proposal.NONE)
    smaller_activity = models.CharField(max_length=200, blank=True)
    smaller_expected_distress = models.PositiveSmallIntegerField(null=True, blank=True)
    smaller_step = models.ForeignKey(
        "planning.Step", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # "Talk it over": the item this review put on the next session's agenda.
    agenda_item = models.ForeignKey(
        "planning.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey("planning.User", on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey("planning.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="setback_smaller_distress_0_100",
                condition=Q(smaller_expected_distress__isnull=True)
                | Q(smaller_expected_distress__gte=0, smaller_expected_distress__lte=100),
            ),
        ]

    def __str__(self) -> str:
        return f"Setback review {self.public_id}"

    def harder_labels(self) -> list[str]:
        """Return what the client ticked as making it harder, in the words they read."""
        labels = dict(self.Harder.choices)
        return [labels[code] for code in self.harder if code in labels]

    @property
    def waits_for_answer(self) -> bool:
        """A smaller rung is proposed and the client has not said yes or no yet."""
        return self.proposal == self.Proposal.OPEN
