"""Reminders the client controls, the dispatcher that sends each occurrence once, and the outbox relay.

Exactly once: the dispatcher claims due reminders under `select_for_update(skip_locked=True)`
(PostgreSQL; SQLite has one writer at a time and ignores the clause), writes the occurrence's
`ReminderDelivery` (unique per reminder and local date) and its `OutboxMessage` in one
transaction, and moves the reminder on to its next occurrence. The message is relayed to Celery on
commit, and again by later passes if the broker was down; sending claims the message with a
conditional update, so however often it is relayed it is sent once. Nothing here raises because
the broker is down.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ..models import Client, MeasureAssignment, OutboxMessage, Reminder, ReminderDelivery, RestWeek, Step, User
from ..models.plans import week_start
from ..models.reminders import STALE_AFTER, in_quiet_hours
from .audit import audit_record

logger = logging.getLogger(__name__)

SETTINGS_FIELDS = ("practice", "step", "check_in", "measure", "weekdays", "at", "time_zone", "quiet_start", "quiet_end")
# A message whose relay on commit did not get through is relayed again by a pass this much later.
RELAY_AGAIN_AFTER = timedelta(minutes=2)
# Messages go to a worker in chunks: one task and one commit per chunk, not per email.
RELAY_CHUNK = 100


def reminder_of(client: Client) -> Reminder:
    """Return the client's reminder settings, or unsaved defaults (nothing chosen) when they have none."""
    return Reminder.objects.filter(client=client).first() or Reminder(client=client, time_zone=settings.TIME_ZONE)


def _saved(*, actor: User, reminder: Reminder, action: str, changed: Iterable[str]) -> Reminder:
    reminder.updated_at = timezone.now()
    reminder.schedule_after(reminder.updated_at)
    reminder.save()
    # Reminder settings are the client's own business: kept off the trail the care team reads.
    audit_record(actor=actor, action=action, target=reminder, changed_fields=changed, private=True)
    return reminder


def reminder_save(
    *,
    actor: User,
    client: Client,
    practice: bool,
    step: Step | None,
    check_in: bool,
    measure: bool,
    weekdays: Sequence[int],
    at: time,
    time_zone: str,
    quiet_start: time | None,
    quiet_end: time | None,
) -> Reminder:
    """Save what the client wants reminding of and when; the next occurrence follows from it."""
    new = {
        "practice": practice,
        "step": step,
        "check_in": check_in,
        "measure": measure,
        "weekdays": sorted(set(weekdays)),
        "at": at,
        "time_zone": time_zone,
        "quiet_start": quiet_start,
        "quiet_end": quiet_end,
    }
    with transaction.atomic():
        reminder = Reminder.objects.select_for_update().filter(client=client).first() or Reminder(client=client)
        changed = [name for name, value in new.items() if getattr(reminder, name) != value]
        for name, value in new.items():
            setattr(reminder, name, value)
        return _saved(actor=actor, reminder=reminder, action="reminder.updated", changed=changed)


def reminder_set_paused(*, actor: User, client: Client, paused: bool) -> Reminder:
    """Pause or resume every reminder; resuming starts from the next occurrence, with no catching up."""
    with transaction.atomic():
        reminder = Reminder.objects.select_for_update().filter(client=client).first() or Reminder(client=client)
        reminder.paused = paused
        action = "reminder.paused" if paused else "reminder.resumed"
        return _saved(actor=actor, reminder=reminder, action=action, changed=["paused"])


def reminder_turn_off(*, actor: User, client: Client) -> Reminder:
    """Turn every reminder off at once: nothing is chosen any more, and nothing asks them to turn it back on."""
    with transaction.atomic():
        reminder = Reminder.objects.select_for_update().filter(client=client).first() or Reminder(client=client)
        reminder.practice = reminder.check_in = reminder.measure = reminder.paused = False
        changed = ["practice", "check_in", "measure"]
        return _saved(actor=actor, reminder=reminder, action="reminder.turned_off", changed=changed)


# The dispatcher


def _waiting(reminders: list[Reminder]) -> set[int]:
    """Return the ids of reminders with something waiting today, in a fixed number of queries."""
    practice_clients = {r.client_id for r in reminders if r.practice and r.step_id is None}
    chosen_steps = {r.step_id for r in reminders if r.practice and r.step_id is not None}
    open_steps = Step.objects.filter(status__in=Step.OPEN_STATUSES).exclude(goal__plan__status="completed")
    with_open_step = set(
        open_steps.filter(goal__plan__client_id__in=practice_clients).values_list("goal__plan__client_id", flat=True)
    )
    still_open = set(open_steps.filter(pk__in=chosen_steps).values_list("pk", flat=True))
    # A rest week asks for nothing: no nudge to practise in a week the client chose to rest.
    practising = {r.client_id for r in reminders if r.practice and r.due_on}
    resting = set(
        RestWeek.objects.filter(
            plan__client_id__in=practising, week_start__in={week_start(r.due_on) for r in reminders if r.due_on}
        )
        .exclude(plan__status="completed")
        .values_list("plan__client_id", "week_start")
    )
    measure_days = {r.due_on for r in reminders if r.measure and r.due_on}
    measure_clients = {r.client_id for r in reminders if r.measure}
    ready: set[tuple[int, date]] = set()
    for day in measure_days:
        rows = MeasureAssignment.objects.filter(client_id__in=measure_clients)
        ready |= {(a.client_id, day) for a in rows.ready(day)}
    waiting = set()
    for r in reminders:
        practice = r.practice and (r.step_id in still_open if r.step_id else r.client_id in with_open_step)
        practice = practice and not (r.due_on and (r.client_id, week_start(r.due_on)) in resting)
        if r.check_in or practice or (r.measure and (r.client_id, r.due_on) in ready):
            waiting.add(r.pk)
    return waiting


def _outcome(reminder: Reminder, scheduled: datetime, now: datetime, waiting: set[int]) -> str:
    if now - scheduled > STALE_AFTER:
        return ReminderDelivery.Status.STALE
    if in_quiet_hours(now.astimezone(reminder.zone()).time(), reminder.quiet_start, reminder.quiet_end):
        return ReminderDelivery.Status.QUIET
    if reminder.pk not in waiting:
        return ReminderDelivery.Status.NOTHING_WAITING
    return ReminderDelivery.Status.SENT


def _dispatch_batch(now: datetime, batch: int) -> int:
    """Claim up to `batch` due reminders and settle each occurrence once; return how many were claimed."""
    with transaction.atomic():
        due = list(
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(next_due_at__lte=now, paused=False)
            .select_related("client__user")
            .order_by("next_due_at")[:batch]
        )
        if not due:
            return 0
        waiting = _waiting(due)
        settled = set(
            ReminderDelivery.objects.filter(reminder__in=due, on_date__in={r.due_on for r in due}).values_list(
                "reminder_id", "on_date"
            )
        )
        deliveries, outbox = [], []
        for reminder in due:
            if (reminder.pk, reminder.due_on) in settled:  # settings changed after today's went out: once a day
                reminder.schedule_after(now)
                continue
            scheduled = reminder.scheduled_at() or now
            status = _outcome(reminder, scheduled, now, waiting)
            on_date = reminder.due_on or scheduled.date()
            deliveries.append(
                ReminderDelivery(
                    reminder=reminder, on_date=on_date, status=status, scheduled_at=scheduled, created_at=now
                )
            )
            recipient = reminder.client.user.email if reminder.client.user else ""
            if status == ReminderDelivery.Status.SENT and recipient:
                expires = scheduled + STALE_AFTER
                outbox.append(
                    OutboxMessage(
                        kind=OutboxMessage.Kind.REMINDER, recipient=recipient, created_at=now, expires_at=expires
                    )
                )
            reminder.schedule_after(max(now, scheduled))
        ReminderDelivery.objects.bulk_create(deliveries, batch_size=500)
        OutboxMessage.objects.bulk_create(outbox, batch_size=500)
        Reminder.objects.bulk_update(due, ["due_on", "next_due_at"], batch_size=500)
        ids = [str(message.public_id) for message in outbox]
        transaction.on_commit(lambda: outbox_relay(ids))
        return len(due)


def reminders_dispatch(*, now: datetime | None = None, batch: int = 500) -> int:
    """Settle every due occurrence once (sent, or dropped when stale or in quiet hours) and relay what waits.

    Two passes at once never settle one occurrence twice: each claims rows the other has not
    locked, and the delivery's unique key refuses a second record of the same occurrence.
    """
    now = now or timezone.now()
    claimed, clashes = 0, 0
    while clashes < 3:
        try:
            count = _dispatch_batch(now, batch)
        except IntegrityError:  # another pass settled these first (SQLite has no skip_locked)
            logger.info("reminder occurrences already settled by another pass")
            clashes += 1
            continue
        claimed += count
        if count < batch:
            break
    outbox_relay_waiting(now=now)
    return claimed


# The outbox


def outbox_relay(message_ids: Iterable[str]) -> None:
    """Hand messages to Celery; with the broker down, leave them for the next dispatcher pass."""
    from ..tasks import send_outbox_messages

    ids = list(message_ids)
    for start in range(0, len(ids), RELAY_CHUNK):
        try:
            send_outbox_messages.delay(ids[start : start + RELAY_CHUNK])
        except Exception:  # the broker is down: the outbox rows wait, nothing is lost
            logger.warning("outbox messages not queued; the dispatcher will relay them")
            return


def outbox_relay_waiting(*, now: datetime | None = None, limit: int = 1000) -> int:
    """Relay again the messages whose relay on commit did not get through (broker or worker down)."""
    now = now or timezone.now()
    expired = OutboxMessage.objects.filter(sent_at__isnull=True, dropped_at__isnull=True, expires_at__lt=now)
    expired.update(dropped_at=now)
    waiting = OutboxMessage.objects.waiting(older_than=now - RELAY_AGAIN_AFTER).order_by("created_at")
    ids = [str(public_id) for public_id in waiting.values_list("public_id", flat=True)[:limit]]
    outbox_relay(ids)
    return len(ids)


def outbox_send(*, message_ids: Sequence[str]) -> int:
    """Send these outbox messages once each: rows are locked while sending, so a message relayed twice,
    or taken by two workers, goes out once; one held past its time is dropped, not sent late."""
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(public_id__in=message_ids, sent_at=None, dropped_at=None)
            .order_by("pk")
        )
        late = [m.pk for m in rows if m.expires_at is not None and m.expires_at < now]
        sent: list[int] = []
        for message in rows:
            if message.pk in late:
                continue
            try:
                _send(message)
            except Exception:  # keep what went out; the rest waits for the next pass
                logger.warning(
                    "outbox message not sent; the dispatcher will relay it", extra={"outbox_message": message.pk}
                )
                break
            sent.append(message.pk)
        OutboxMessage.objects.filter(pk__in=late).update(dropped_at=now)
        OutboxMessage.objects.filter(pk__in=sent).update(claimed_at=now, sent_at=timezone.now())
    return len(sent)


def _send(message: OutboxMessage) -> None:
    """Send the kind's fixed words: nothing clinical, no name, just a reason to sign in."""
    site = settings.SITE_URL.rstrip("/")
    context: dict[str, Any] = {
        "link": site + reverse("planning:home"),
        "settings_link": site + reverse("planning:reminders"),
    }
    send_mail(
        subject="You have something waiting in Stepwise",
        message=render_to_string(f"emails/{message.kind}.txt", context),
        from_email=None,
        recipient_list=[message.recipient],
    )
