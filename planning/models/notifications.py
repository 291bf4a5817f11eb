"""In-app notifications and each clinician's weekly digest setting.

A notification stores no words of its own: its text is one fixed sentence per kind, and its target
is a URL name plus a public id. For a clinician the list names the client by preferred name (it is
read from the client row at display time, inside the signed-in app, never stored or emailed).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from .people import CareTeamMember, Client, User
from .records import ClientRecord


class NotificationQuerySet(models.QuerySet["Notification"]):
    def for_recipient(self, user: Any) -> NotificationQuerySet:
        """The user's own notifications about clients they still stand with (themself, or on the care team)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        on_team = CareTeamMember.objects.filter(client=OuterRef("client"), clinician=user)
        return self.filter(recipient=user, client__is_active=True).filter(Q(client__user=user) | Exists(on_team))

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(ClientRecord, models.Model):
    """Something new for one person, about one client: a fixed sentence and a link, read or unread."""

    class Kind(models.TextChoices):
        # For the client
        STEP_PROPOSED = "step_proposed", "Your clinician proposed a step for you."
        SAFETY_PLAN_REVIEWED = "safety_plan_reviewed", "Your clinician went through your safety plan."
        QUESTIONNAIRE_READY = "questionnaire_ready", "A questionnaire is ready for you."
        COMMENT_ADDED = "comment_added", "Your clinician wrote a comment beside your words."
        ALLY_COMING = "ally_coming", "Your ally said they'll be there for one of your steps."
        RECORD_COPY_READY = "record_copy_ready", "Your copy of your record is ready to download."
        # For the care team
        JOURNAL_SHARED = "journal_shared", "shared a journal entry with you."
        CHECK_IN_NOTE_SHARED = "check_in_note_shared", "shared a check-in note with you."
        RISK_FLAG = "risk_flag", "may need a look: a flag waits for the care team."
        ACCOUNT_CLOSURE_ASKED = "account_closure_asked", "asked to close their Stepwise account."

    FOR_CARE_TEAM = (Kind.JOURNAL_SHARED, Kind.CHECK_IN_NOTE_SHARED, Kind.RISK_FLAG, Kind.ACCOUNT_CLOSURE_ASKED)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    target_name = models.CharField(max_length=64, help_text='A URL name, such as "planning:step_detail".')
    target_id = models.UUIDField(null=True, blank=True, help_text="The public id the URL takes, if any.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_recipient_read")]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"

    def sentence(self) -> str:
        """Say what happened in one fixed sentence; the care team's names the client (inside the app only)."""
        if self.kind in self.FOR_CARE_TEAM:
            return f"{self.client.preferred_name} {self.get_kind_display()}"
        return str(self.get_kind_display())

    def target_url(self) -> str:
        """Return where opening this notification leads."""
        kind_of_id = _TARGET_ARGUMENT.get(self.target_name)
        if kind_of_id is None or self.target_id is None:
            return reverse(self.target_name)
        return reverse(self.target_name, kwargs={kind_of_id: self.target_id})


# Which URL argument each target takes; a target without one takes no id.
_TARGET_ARGUMENT = {
    "planning:step_detail": "step_id",
    "planning:practice_detail": "practice_id",
    "planning:journal_detail": "entry_id",
    "planning:check_in_list": "client_id",
    "planning:risk_flag": "flag_id",
    "planning:client_overview": "client_id",
}


class DigestSetting(models.Model):
    """A clinician's weekly digest: on which weekday, or off. Without a row it comes on Mondays."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    clinician = models.OneToOneField(User, on_delete=models.CASCADE, related_name="digest_setting")
    enabled = models.BooleanField(default=True)
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, default=Weekday.MONDAY)
    last_sent_at = models.DateTimeField(null=True, blank=True, help_text="When the last digest went out.")

    class Meta:
        constraints = [models.CheckConstraint(name="digest_weekday_0_6", condition=Q(weekday__lte=6))]

    def __str__(self) -> str:
        return f"Digest of {self.clinician_id}"
