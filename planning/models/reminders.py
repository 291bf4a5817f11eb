"""Reminders the client controls, one delivery record per occurrence, and the outbox of outgoing email.

A client's `Reminder` says what they want a nudge about, on which weekdays, at what local time in
which IANA time zone, with quiet hours and a pause. `next_due_at` (UTC) is when its pending
occurrence (`due_on`, a local date) falls due; the dispatcher (services/reminders.py) claims due
rows under a row lock, writes one `ReminderDelivery` per occurrence (unique per reminder and
local date: a reminder can never go out twice) and an `OutboxMessage` in the same transaction.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from django.db import models
from django.db.models import Q
from django.utils import timezone

from .people import Client
from .plans import Step
from .records import ClientRecord

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]
# An occurrence this late is dropped, not sent: no one is woken at 3 a.m. by yesterday evening's reminder.
STALE_AFTER = timedelta(hours=3)


@cache
def time_zone_names() -> frozenset[str]:
    """Return the IANA time zone names this machine knows."""
    return frozenset(available_timezones())


def wall_time_exists(day: date, at: time, zone: ZoneInfo) -> bool:
    """Say whether a local time happens on that day (it does not in the spring-forward gap)."""
    local = datetime.combine(day, at, tzinfo=zone)
    round_trip = local.astimezone(ZoneInfo("UTC")).astimezone(zone)
    return round_trip.replace(tzinfo=None) == local.replace(tzinfo=None)


def local_moment(day: date, at: time, zone: ZoneInfo) -> datetime:
    """Return the instant a local time falls on that day: in a gap, the next minute that exists; when
    the clocks go back and the time happens twice, the first of the two (so it is sent once)."""
    wall = datetime.combine(day, at)
    while not wall_time_exists(wall.date(), wall.time(), zone):
        wall += timedelta(minutes=1)
    return wall.replace(tzinfo=zone, fold=0)


def missing_wall_time(at: time, zone: ZoneInfo, *, start: date, days: int = 366) -> date | None:
    """Return the first day within a year on which this local time does not exist, if any."""
    for offset in range(days):
        day = start + timedelta(days=offset)
        if not wall_time_exists(day, at, zone):
            return day
    return None


def in_quiet_hours(at: time, start: time | None, end: time | None) -> bool:
    """Say whether a local time falls inside quiet hours, which may span midnight (22:00-07:00)."""
    if start is None or end is None:
        return False
    if start <= end:
        return start <= at < end
    return at >= start or at < end


class Reminder(ClientRecord, models.Model):
    """What the client asked to be reminded of, and when; nothing goes out unless they chose it."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="reminder")
    practice = models.BooleanField(default=False)
    step = models.ForeignKey(Step, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    check_in = models.BooleanField(default=False)
    measure = models.BooleanField(default=False)
    weekdays = models.JSONField(default=list)  # 0 is Monday
    at = models.TimeField(default=time(18, 0))
    time_zone = models.CharField(max_length=64, default="UTC")
    quiet_start = models.TimeField(null=True, blank=True)
    quiet_end = models.TimeField(null=True, blank=True)
    paused = models.BooleanField(default=False)
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.EMAIL)
    due_on = models.DateField(null=True, blank=True)
    next_due_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="reminder_quiet_hours_both_or_neither",
                condition=Q(quiet_start__isnull=True, quiet_end__isnull=True)
                | Q(quiet_start__isnull=False, quiet_end__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["next_due_at"], name="reminder_next_due")]

    def __str__(self) -> str:
        return f"Reminder {self.public_id}"

    def is_on(self) -> bool:
        """Say whether anything is chosen, on some day: the client asked for at least one reminder."""
        return bool((self.practice or self.check_in or self.measure) and self.weekdays)

    def zone(self) -> ZoneInfo:
        """Return the client's time zone."""
        return ZoneInfo(self.time_zone)

    def schedule_after(self, moment: datetime) -> None:
        """Set the next occurrence strictly after `moment`; none while paused or off."""
        self.due_on, self.next_due_at = None, None
        if self.paused or not self.is_on():
            return
        zone = self.zone()
        today = moment.astimezone(zone).date()
        for offset in range(8):
            day = today + timedelta(days=offset)
            if day.weekday() in self.weekdays and local_moment(day, self.at, zone) > moment:
                self.due_on, self.next_due_at = day, local_moment(day, self.at, zone)
                return

    def scheduled_at(self) -> datetime | None:
        """Return the instant the pending occurrence was meant for."""
        return local_moment(self.due_on, self.at, self.zone()) if self.due_on else None


class ReminderDelivery(models.Model):
    """What became of one occurrence of a reminder; one row per reminder and local date, ever."""

    class Status(models.TextChoices):
        SENT = "sent", "Sent"
        NOTHING_WAITING = "nothing_waiting", "Nothing was waiting"
        STALE = "stale", "Too late, dropped"
        QUIET = "quiet", "In quiet hours, dropped"

    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="deliveries")
    on_date = models.DateField()
    status = models.CharField(max_length=16, choices=Status.choices)
    scheduled_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reminder", "on_date"], name="reminder_delivery_once_per_day")]

    def __str__(self) -> str:
        return f"{self.reminder_id}:{self.on_date}"


class OutboxMessageQuerySet(models.QuerySet["OutboxMessage"]):
    def waiting(self, *, older_than: datetime) -> OutboxMessageQuerySet:
        """Unsent, undropped messages written before `older_than`: their relay on commit did not get through."""
        return self.filter(sent_at__isnull=True, dropped_at__isnull=True, created_at__lt=older_than)


class OutboxMessage(models.Model):
    """An email to send, written in the same transaction as the change that calls for it.

    It holds an address and a kind, never any words: the text comes from the kind's template.
    """

    class Kind(models.TextChoices):
        REMINDER = "reminder", "Reminder"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    recipient = models.EmailField()
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    dropped_at = models.DateTimeField(null=True, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["created_at"], condition=Q(sent_at__isnull=True), name="outbox_unsent"),
        ]

    def __str__(self) -> str:
        return f"Outbox {self.public_id}"
