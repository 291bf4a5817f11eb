"""The dispatcher: each occurrence once, never stale, never in quiet hours or while paused, and outages survived."""

from __future__ import annotations

import logging
import re
import threading
from datetime import UTC, date, datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test import TestCase
from django.utils import timezone

from planning.models import OutboxMessage, Reminder, ReminderDelivery, RestWeek
from planning.models.plans import week_start
from planning.models.reminders import local_moment
from planning.services.reminders import outbox_relay, outbox_relay_waiting, outbox_send, reminders_dispatch
from tests.conftest import services_down
from tests.factories import ClientFactory, GoalFactory, PlanFactory, ReminderFactory, StepFactory

pytestmark = pytest.mark.django_db


def dispatch(**kwargs) -> int:
    """Run one dispatcher pass and its relay on commit, as a real commit would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return reminders_dispatch(**kwargs)


def due(reminder: Reminder, ago: timedelta = timedelta(minutes=1)) -> Reminder:
    """Make the reminder's occurrence fall due `ago` before now."""
    moment = (timezone.now() - ago).astimezone(reminder.zone())
    reminder.at = moment.time().replace(second=0, microsecond=0)
    reminder.due_on = moment.date()
    reminder.next_due_at = local_moment(reminder.due_on, reminder.at, reminder.zone())
    reminder.save()
    return reminder


def test_a_due_reminder_is_sent_once_when_dispatched_twice():
    due(ReminderFactory())
    dispatch()
    dispatch()
    assert len(mail.outbox) == 1


def test_the_next_occurrence_is_scheduled_after_sending():
    reminder = due(ReminderFactory())
    dispatch()
    reminder.refresh_from_db()
    assert reminder.next_due_at > timezone.now()


def test_the_email_names_nothing_clinical():
    client = ClientFactory(preferred_name="Robin")
    step = StepFactory(goal=GoalFactory(plan=PlanFactory(client=client)), activity="Board-game night")
    due(ReminderFactory(client=client, practice=True, step=step, check_in=False))
    dispatch()
    text = (mail.outbox[0].subject + " " + mail.outbox[0].body).lower()
    assert "something waiting in stepwise" in text
    assert not {"robin", "board", "game", "practice", "step", "check", "distress", "therapy"} & set(
        re.findall(r"\w+", text)
    )


def test_a_reminder_hours_late_is_dropped_not_sent():
    reminder = due(ReminderFactory(), ago=timedelta(hours=4))
    dispatch()
    assert not mail.outbox
    assert reminder.deliveries.get().status == ReminderDelivery.Status.STALE


def test_nothing_is_sent_in_quiet_hours():
    now = timezone.now()
    quiet = {"quiet_start": (now - timedelta(hours=1)).time(), "quiet_end": (now + timedelta(hours=1)).time()}
    reminder = due(ReminderFactory(**quiet), ago=timedelta(minutes=30))
    dispatch()
    assert not mail.outbox
    assert reminder.deliveries.get().status == ReminderDelivery.Status.QUIET


def test_a_paused_reminder_is_not_sent():
    due(ReminderFactory(paused=True))
    dispatch()
    assert not mail.outbox


def test_a_practice_reminder_with_no_step_open_sends_nothing():
    reminder = due(ReminderFactory(practice=True, check_in=False))
    dispatch()
    assert not mail.outbox
    assert reminder.deliveries.get().status == ReminderDelivery.Status.NOTHING_WAITING


def test_a_practice_reminder_in_a_rest_week_sends_nothing():
    client = ClientFactory()
    plan = PlanFactory(client=client)
    step = StepFactory(goal=GoalFactory(plan=plan))
    reminder = due(ReminderFactory(client=client, practice=True, step=step, check_in=False))
    RestWeek.objects.create(plan=plan, week_start=week_start(reminder.due_on))
    dispatch()
    assert not mail.outbox
    assert reminder.deliveries.get().status == ReminderDelivery.Status.NOTHING_WAITING


def test_a_practice_reminder_the_week_before_a_rest_week_is_sent():
    client = ClientFactory()
    plan = PlanFactory(client=client)
    step = StepFactory(goal=GoalFactory(plan=plan))
    reminder = due(ReminderFactory(client=client, practice=True, step=step, check_in=False))
    RestWeek.objects.create(plan=plan, week_start=week_start(reminder.due_on) + timedelta(weeks=1))
    dispatch()
    assert len(mail.outbox) == 1


def test_a_check_in_reminder_still_comes_in_a_rest_week():
    client = ClientFactory()
    plan = PlanFactory(client=client)
    reminder = due(ReminderFactory(client=client, practice=False, check_in=True))
    RestWeek.objects.create(plan=plan, week_start=week_start(reminder.due_on))
    dispatch()
    assert len(mail.outbox) == 1


def test_changing_the_time_after_todays_reminder_does_not_send_a_second_one_that_day():
    reminder = due(ReminderFactory(), ago=timedelta(minutes=10))
    dispatch()
    due(reminder, ago=timedelta(minutes=1))  # the client moved today's time a little later
    dispatch()
    assert len(mail.outbox) == 1


def test_with_the_broker_down_the_message_waits_in_the_outbox_and_goes_out_when_it_returns():
    due(ReminderFactory())
    with services_down():
        dispatch()
    assert not mail.outbox
    dispatch(now=timezone.now() + timedelta(minutes=3))
    assert len(mail.outbox) == 1


def test_an_outbox_message_is_sent_once_however_often_it_is_relayed():
    message = OutboxMessage.objects.create(kind="reminder", recipient="someone@example.test")
    outbox_relay([str(message.public_id)] * 3)
    assert outbox_send(message_ids=[str(message.public_id)]) == 0
    assert len(mail.outbox) == 1


def test_when_the_mail_server_refuses_a_message_it_is_logged_and_waits_for_the_next_pass(monkeypatch, caplog):
    caplog.set_level(logging.WARNING, logger="planning.services.reminders")  # as production logs
    message = OutboxMessage.objects.create(kind="reminder", recipient="someone@example.test")
    monkeypatch.setattr("planning.services.reminders.send_mail", mock.Mock(side_effect=ConnectionRefusedError))
    assert outbox_send(message_ids=[str(message.public_id)]) == 0
    assert [r.outbox_message for r in caplog.records] == [message.pk]
    monkeypatch.undo()
    assert outbox_send(message_ids=[str(message.public_id)]) == 1  # control: the next pass sends it
    assert len(mail.outbox) == 1


def test_an_outbox_message_held_past_its_time_is_dropped_not_sent():
    expired = timezone.now() - timedelta(minutes=1)
    OutboxMessage.objects.create(kind="reminder", recipient="someone@example.test", expires_at=expired)
    outbox_relay_waiting(now=timezone.now() + timedelta(minutes=3))
    assert not mail.outbox
    assert OutboxMessage.objects.get().dropped_at is not None


def test_a_time_in_the_spring_forward_gap_moves_to_the_next_minute_that_exists():
    moment = local_moment(date(2026, 3, 8), time(2, 30), ZoneInfo("America/New_York"))
    assert moment.astimezone(UTC) == datetime(2026, 3, 8, 7, 0, tzinfo=UTC)  # 03:00 EDT


def test_a_time_that_happens_twice_when_the_clocks_go_back_is_sent_once():
    zone = ZoneInfo("America/New_York")
    reminder = ReminderFactory(time_zone="America/New_York", at=time(1, 30))
    reminder.schedule_after(datetime(2026, 11, 1, 4, 0, tzinfo=UTC))  # midnight local, the night of the change
    reminder.save()
    first = datetime(2026, 11, 1, 1, 30, tzinfo=zone)  # 05:30 UTC; 01:30 comes again at 06:30 UTC
    for now in (first + timedelta(minutes=1), first + timedelta(hours=1, minutes=1)):
        dispatch(now=now)
    assert list(reminder.deliveries.values_list("on_date", flat=True)) == [date(2026, 11, 1)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks with skip_locked need PostgreSQL (CI)")
@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_at_once_send_each_reminder_once():
    for _ in range(40):
        due(ReminderFactory())
    start = threading.Barrier(2)

    def dispatcher() -> None:
        start.wait()
        try:
            reminders_dispatch(batch=5)
        finally:
            connection.close()

    threads = [threading.Thread(target=dispatcher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(mail.outbox) == 40
    assert len({m.to[0] for m in mail.outbox}) == 40
