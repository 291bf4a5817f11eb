"""Tracking how a client is doing: check-ins, validated measures and the risk safety net.

Measures are scored only by planning.measures.score (the instruments' published rules). A risk
flag is raised by services the moment an answer or a clinic rule signals risk; it stays at the
top of the care team's caseload until a clinician acknowledges it with what they did.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from .. import measures
from .people import Client, Organization, User
from .records import ClientRecord

MEASURE_CHOICES = [(code, code) for code in measures.codes()]


class CheckInQuerySet(models.QuerySet["CheckIn"]):
    def notes_visible_to(self, user: Any) -> CheckInQuerySet:
        """Check-ins whose note this user may read: all of the client's own; only shared ones for others."""
        if getattr(user, "is_client", False):
            return self
        return self.filter(note_shared=True)


class CheckIn(ClientRecord, models.Model):
    """How the client's week with people went: the numbers are shared, the note is private unless shared."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="check_ins")
    day = models.DateField(default=timezone.localdate)
    comfort = models.PositiveSmallIntegerField(help_text="Comfort with people this week, 0-10.")
    connection = models.PositiveSmallIntegerField(help_text="Sense of connection, 0-10.")
    contacts_in_person = models.PositiveSmallIntegerField(default=0)
    contacts_online = models.PositiveSmallIntegerField(default=0)
    is_rest_week = models.BooleanField(default=False)
    note = models.TextField(max_length=1000, blank=True)
    note_shared = models.BooleanField(default=False)
    note_urgent = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "-created_at"]
        constraints = [
            models.CheckConstraint(name="check_in_comfort_0_10", condition=Q(comfort__gte=0, comfort__lte=10)),
            models.CheckConstraint(name="check_in_connection_0_10", condition=Q(connection__gte=0, connection__lte=10)),
            models.CheckConstraint(
                name="check_in_contacts_at_most_500",
                condition=Q(contacts_in_person__lte=500, contacts_online__lte=500),
            ),
        ]
        indexes = [models.Index(fields=["client", "-day"], name="check_in_client_recent")]

    def __str__(self) -> str:
        return f"Check-in {self.public_id}"


class MeasureAssignmentQuerySet(models.QuerySet["MeasureAssignment"]):
    def ready(self, today: date) -> list[MeasureAssignment]:
        """Active questionnaires ready to fill in today, each with its draft in progress (or None)."""
        last = models.Max("responses__submitted_at", filter=Q(responses__status="submitted"))
        drafts = models.Prefetch("responses", queryset=MeasureResponse.objects.filter(status="draft"), to_attr="drafts")
        rows = self.filter(is_active=True).annotate(last_submitted=last).prefetch_related(drafts)
        ready = []
        for assignment in rows:
            last_day = assignment.last_submitted.date() if assignment.last_submitted else None  # type: ignore[attr-defined]
            assignment.draft = assignment.drafts[0] if assignment.drafts else None  # type: ignore[attr-defined]
            if assignment.due_on(last_day) <= today or assignment.draft:  # type: ignore[attr-defined]
                ready.append(assignment)
        return ready


class MeasureAssignment(ClientRecord, models.Model):
    """A questionnaire the care team asked the client to fill in every so many days."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="measure_assignments")
    code = models.CharField(max_length=16, choices=MEASURE_CHOICES)
    every_days = models.PositiveSmallIntegerField(default=14)
    starts_on = models.DateField(default=timezone.localdate)
    is_active = models.BooleanField(default=True)
    assigned_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MeasureAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "code"], condition=Q(is_active=True), name="measure_assignment_active_once"
            ),
            models.CheckConstraint(
                name="measure_assignment_every_7_to_365_days", condition=Q(every_days__gte=7, every_days__lte=365)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} every {self.every_days} days"

    @property
    def instrument(self) -> measures.Instrument:
        return measures.get(self.code)

    def due_on(self, last_submitted: date | None) -> date:
        """Say when the questionnaire is next ready: at the start, then every `every_days` after the last answer."""
        return (
            self.starts_on
            if last_submitted is None
            else max(self.starts_on, last_submitted + timedelta(days=self.every_days))
        )


class MeasureResponse(ClientRecord, models.Model):
    """One filling-in of a questionnaire: a draft while the client answers, then submitted and never edited."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Started"
        SUBMITTED = "submitted", "Submitted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="measure_responses")
    assignment = models.ForeignKey(MeasureAssignment, on_delete=models.PROTECT, related_name="responses")
    code = models.CharField(max_length=16, choices=MEASURE_CHOICES)
    answers = models.JSONField(
        default=list, blank=True, help_text="One int per item, in item order; None while unanswered."
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    started_at = models.DateTimeField(default=timezone.now, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveSmallIntegerField(null=True, blank=True)
    band = models.CharField(max_length=80, blank=True)
    risk = models.BooleanField(default=False)
    # The latest submitted response per client and instrument, and how it compares with the first.
    is_latest = models.BooleanField(default=False)
    change_from_first = models.CharField(max_length=24, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    withdrawn_reason = models.TextField(max_length=500, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "code"],
                condition=Q(is_latest=True),
                name="measure_response_latest_once",
            ),
            models.UniqueConstraint(
                fields=["assignment"], condition=Q(status="draft"), name="measure_response_one_draft"
            ),
        ]
        indexes = [models.Index(fields=["client", "code", "submitted_at"], name="measure_response_history")]

    def __str__(self) -> str:
        return f"{self.code} response {self.public_id}"

    @property
    def instrument(self) -> measures.Instrument:
        return measures.get(self.code)

    @property
    def band_label(self) -> str:
        """The band as the instrument publishes it (scores keep it in lower case for matching)."""
        return next((band.label for band in self.instrument.bands if band.key == self.band), self.band)

    def item_answers(self) -> list[tuple[measures.Item, str]]:
        """Pair each question with the label of the answer given (blank while unanswered)."""
        labels = {option.value: option.label or str(option.value) for option in self.instrument.options}
        return [(item, labels.get(self.answer_for(i), "")) for i, item in enumerate(self.instrument.items)]  # type: ignore[arg-type]

    def answer_for(self, index: int) -> int | None:
        """Return the saved answer to one item (0-based), or None while unanswered."""
        return self.answers[index] if index < len(self.answers) else None


class RiskRules(models.Model):
    """A clinic's own risk rules, beside the fixed ones in the instruments (PHQ-9 item 9)."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="risk_rules")
    practice_peak_at_least = models.PositiveSmallIntegerField(
        null=True, blank=True, default=95, help_text="Flag a practice whose peak distress reaches this (0-100)."
    )
    urgent_check_in_notes = models.BooleanField(
        default=True, help_text="Flag a check-in whose note the client marks as urgent."
    )

    class Meta:
        verbose_name_plural = "risk rules"
        constraints = [
            models.CheckConstraint(
                name="risk_rules_peak_0_100",
                condition=Q(practice_peak_at_least__isnull=True) | Q(practice_peak_at_least__lte=100),
            ),
        ]

    def __str__(self) -> str:
        return f"Risk rules of {self.organization}"


class RiskFlagQuerySet(models.QuerySet["RiskFlag"]):
    def open(self) -> RiskFlagQuerySet:
        return self.filter(acknowledged_at__isnull=True)


class RiskFlag(ClientRecord, models.Model):
    """Something that signalled risk, for every clinician on the care team to see until one acknowledges it."""

    class Source(models.TextChoices):
        MEASURE = "measure", "A questionnaire answer"
        URGENT_NOTE = "urgent_note", "A check-in marked urgent"
        PRACTICE_PEAK = "practice_peak", "A very high distress rating in a practice"

    class Action(models.TextChoices):
        CONTACTED = "contacted", "I contacted the client"
        REVIEWED = "reviewed", "I reviewed the safety plan with the client"
        OTHER = "other", "Something else"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="risk_flags")
    source = models.CharField(max_length=16, choices=Source.choices)
    response = models.ForeignKey(MeasureResponse, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # A flag outlives the practice that raised it: the care team still needs to see it if the practice is removed.
    practice = models.ForeignKey(
        "planning.Practice", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    emailed_at = models.DateTimeField(null=True, blank=True, help_text="When the care team was told by email.")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=16, choices=Action.choices, blank=True)
    action_note = models.CharField(max_length=300, blank=True)

    objects = RiskFlagQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["client", "acknowledged_at"], name="risk_flag_client_open")]

    def __str__(self) -> str:
        return f"Risk flag {self.public_id}"
