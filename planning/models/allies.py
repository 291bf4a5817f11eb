"""Allies: trusted people a client invites to a small view of what the client picks, and nothing else.

An ally is a friend, relative or peer mentor. They see the client's "how to support me this week",
the steps the client names them on (with when, and the exit plan if the client shares it), the exit
signal, and, only if the client allows, the people to call and crisis lines from the safety plan.
Never the journal, triggers, measures, check-ins or distress ratings.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from .records import ClientRecord

if TYPE_CHECKING:
    from .plans import Step
    from .safety import CrisisLine


class AllyQuerySet(models.QuerySet["Ally"]):
    def active(self) -> AllyQuerySet:
        """Allies who accepted and whose access the client has not ended, of clients still in care.

        A client who closed their account takes their allies' pages with them: the ally is not told why.
        """
        return self.filter(status=Ally.Status.ACTIVE, client__is_active=True, client__closure_requested_at__isnull=True)

    def current(self) -> AllyQuerySet:
        """Allies the client still has: invited or active, not ended."""
        return self.exclude(status=Ally.Status.ENDED)


class Ally(ClientRecord, models.Model):
    """One client's trusted person, and what the client lets them see. Only the client changes it."""

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACTIVE = "active", "Can see your page for them"
        ENDED = "ended", "Access ended"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("planning.Client", on_delete=models.CASCADE, related_name="allies")
    user = models.ForeignKey(
        "planning.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="ally_links"
    )
    name = models.CharField(max_length=80, help_text="What you call them, for example: Jo, or my sister.")
    email = models.EmailField(max_length=254, help_text="Where their invitation goes.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.INVITED)
    support_note = models.TextField(
        max_length=2000,
        blank=True,
        help_text="How they can support you this week, in your own words.",
    )
    exit_signal = models.TextField(
        max_length=500,
        blank=True,
        help_text="For example: if I text 'pineapple', call me with a reason to leave.",
    )
    share_safety_contacts = models.BooleanField(
        default=False, help_text="Show them the people to call and the crisis lines from your safety plan."
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    accepted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey("planning.User", on_delete=models.SET_NULL, null=True, related_name="+")

    objects = AllyQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(name="active_ally_has_user", condition=~Q(status="active") | Q(user__isnull=False)),
            models.UniqueConstraint(
                fields=["client", "user"],
                condition=~Q(status="ended") & Q(user__isnull=False),
                name="ally_once_per_client",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def shown_steps(self) -> models.QuerySet[Step]:
        """Return the open steps the client named this ally on, soonest planned first: all the plan an ally sees."""
        from .plans import Plan, Step

        rows = Step.objects.filter(ally=self, goal__plan__client_id=self.client_id, status__in=Step.OPEN_STATUSES)
        rows = rows.exclude(goal__plan__status=Plan.Status.COMPLETED)
        soonest = models.F("together_on").asc(nulls_last=True)
        return rows.order_by(soonest, "together_time", "goal__position", "position")

    def safety_contacts(self) -> tuple[list[dict[str, Any]], list[CrisisLine]]:
        """Return the people to call and the crisis lines of the client's safety plan, if the client shares them."""
        if not self.share_safety_contacts:
            return [], []
        from ..services.crisis_lines import crisis_lines_for

        _plan, version = self.client.current_safety_plan()
        people = version.people_to_call() if version else []
        return people, crisis_lines_for(self.client.organization)


class AllyThanks(ClientRecord, models.Model):
    """A thank-you line the client sent an ally after a practice: the only words of theirs an email carries."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("planning.Client", on_delete=models.CASCADE, related_name="+")
    ally = models.ForeignKey(Ally, on_delete=models.CASCADE, related_name="thanks")
    practice = models.ForeignKey("planning.Practice", on_delete=models.CASCADE, related_name="ally_thanks")
    text = models.TextField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["practice", "ally"], name="ally_thanks_once_per_practice")]

    def __str__(self) -> str:
        return f"Thanks {self.public_id}"
