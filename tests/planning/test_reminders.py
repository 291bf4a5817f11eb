"""The client's reminder page: choosing reminders, clear messages for bad input, pause and off in one tap."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from planning.models import Reminder
from planning.services.plans import practice_start
from planning.services.reminders import reminders_dispatch
from tests.conftest import services_down
from tests.factories import GoalFactory, PlanFactory, ReminderFactory, StepFactory

URL = "/me/reminders/"
GOOD = {"check_in": "on", "weekdays": ["0", "2", "4"], "at": "18:30", "time_zone": "Europe/London"}


def post(http, **changes):
    return http.post(URL, {**GOOD, **changes})


def errors(response) -> str:
    return " ".join(message for messages in response.context["form"].errors.values() for message in messages)


def test_the_client_saves_reminders_and_the_next_one_is_scheduled(client_http, world):
    assert post(client_http).status_code == 302
    reminder = Reminder.objects.get(client=world.client)
    assert reminder.weekdays == [0, 2, 4]
    assert reminder.next_due_at > timezone.now()


def test_the_page_shows_what_the_client_chose(client_http, world):
    post(client_http)
    assert "Reminders are on" in client_http.get(URL).content.decode()


def test_a_time_in_the_spring_forward_hour_gets_a_clear_message(client_http):
    response = post(client_http, at="02:30", time_zone="America/New_York")
    assert response.status_code == 200
    assert "does not happen in America/New_York" in errors(response)


def test_an_unknown_time_zone_gets_a_clear_message(client_http):
    response = post(client_http, time_zone="Mars/Olympus_Mons")
    assert "We don't know that time zone" in errors(response)


def test_a_path_is_not_taken_for_a_time_zone(client_http):
    assert post(client_http, time_zone="../../etc/passwd").status_code == 200


def test_quiet_hours_may_span_midnight(client_http, world):
    assert post(client_http, quiet_start="22:00", quiet_end="07:00").status_code == 302
    assert Reminder.objects.get(client=world.client).quiet_start.hour == 22


def test_a_reminder_time_inside_quiet_hours_gets_a_clear_message(client_http):
    response = post(client_http, at="23:15", quiet_start="22:00", quiet_end="07:00")
    assert "inside your quiet hours" in errors(response)


def test_half_of_a_quiet_window_gets_a_clear_message(client_http):
    assert "Give both ends" in errors(post(client_http, quiet_start="22:00"))


def test_a_weekday_out_of_range_gets_a_clear_message(client_http):
    response = post(client_http, weekdays=["9"])
    assert "Choose days from Monday to Sunday" in errors(response)


def test_a_step_of_another_client_gets_a_clear_message_and_is_not_saved(client_http, world):
    other_step = StepFactory(goal=GoalFactory(plan=PlanFactory(client=world.other_client)))
    response = post(client_http, practice="on", step=str(other_step.public_id))
    assert "Choose one of your own steps" in errors(response)
    assert not Reminder.objects.exists()


def test_the_client_may_tie_the_reminder_to_their_own_step(client_http, world):
    step = StepFactory(goal=GoalFactory(plan=PlanFactory(client=world.client)))
    post(client_http, practice="on", step=str(step.public_id))
    assert Reminder.objects.get(client=world.client).step == step


def test_a_garbled_time_gets_a_clear_message(client_http):
    assert "Enter a time such as 18:30" in errors(post(client_http, at="half six"))


def test_pausing_takes_one_tap_and_nothing_is_scheduled(client_http, world):
    post(client_http)
    assert client_http.post(URL + "pause/").status_code == 302
    assert Reminder.objects.get(client=world.client).next_due_at is None


def test_resuming_schedules_the_next_reminder(client_http, world):
    ReminderFactory(client=world.client, paused=True)
    client_http.post(URL + "resume/")
    assert Reminder.objects.get(client=world.client).next_due_at is not None


def test_turning_all_reminders_off_takes_one_tap_and_asks_nothing(client_http, world):
    post(client_http)
    response = client_http.post(URL + "off/", follow=True)
    assert "Reminders are off. Nothing will be sent." in response.content.decode()
    assert not Reminder.objects.get(client=world.client).is_on()


def test_the_client_home_links_to_reminders(client_http):
    assert URL in client_http.get("/me/").content.decode()


def test_a_clinician_cannot_open_a_clients_reminders(clinician_http):
    assert clinician_http.get(URL).status_code == 403


@pytest.mark.usefixtures("dead_services")
def test_reminders_and_a_practice_save_with_the_broker_down(client_http, world):
    step = StepFactory(goal=GoalFactory(plan=PlanFactory(client=world.client)))
    assert post(client_http, practice="on").status_code == 302
    practice_start(actor=world.client.user, step=step, expected_distress=40, feared_outcome="x", feared_likelihood=50)
    assert Reminder.objects.get(client=world.client).is_on()


def test_a_reminder_saved_with_the_broker_down_goes_out_when_it_returns(client_http, world):
    with services_down():
        post(client_http)
        Reminder.objects.update(next_due_at=timezone.now() - timedelta(minutes=1))  # its time comes in the outage
        with TestCase.captureOnCommitCallbacks(execute=True):
            reminders_dispatch()
    assert not mail.outbox
    reminders_dispatch(now=timezone.now() + timedelta(minutes=3))
    assert len(mail.outbox) == 1
