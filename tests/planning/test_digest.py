"""The clinician's weekly digest: the chosen day, counts only, once, and a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planning.models import AuditEvent, CareTeamMember, DigestSetting
from planning.services.notifications import digest_send_due, digest_setting_save
from planning.tasks import send_weekly_digests
from tests.factories import ClientFactory, DigestSettingFactory, RiskFlagFactory

SETTINGS = reverse("planning:digest_settings")


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run the digest (today, unless told) and return the emails sent so far."""

    def run(today=None):
        with django_capture_on_commit_callbacks(execute=True):
            digest_send_due(today=today)
        return mail.outbox

    return run


@pytest.fixture
def on_their_day(world):
    """The treating clinician's digest comes today; every other clinician has theirs off."""
    for clinician in (world.readonly_clinician, world.bystander_clinician, world.outside_clinician):
        DigestSettingFactory(clinician=clinician, enabled=False)
    return DigestSettingFactory(clinician=world.clinician, weekday=timezone.localdate().weekday())


def _activity(client, actor, when=None):
    AuditEvent.objects.create(organization=client.organization, client=client, actor=actor, action="check_in.created",
                              created_at=when or timezone.now())  # fmt: skip


def _body(outbox):
    return outbox[0].body


# The day


def test_a_clinician_gets_the_digest_on_their_day(world, on_their_day, send):
    assert [m.to for m in send()] == [["ada@example.test"]]


def test_no_digest_on_another_day(world, on_their_day, send):
    assert send(today=timezone.localdate() + timedelta(days=1)) == []


def test_without_a_choice_the_digest_comes_on_mondays(world, send):
    today = timezone.localdate()
    monday = today + timedelta(days=7 - today.weekday())
    assert "ada@example.test" in [m.to[0] for m in send(today=monday)]


def test_turned_off_means_no_email(world, on_their_day, send):
    DigestSetting.objects.filter(pk=on_their_day.pk).update(enabled=False)
    assert send() == []


def test_a_second_run_the_same_day_sends_nothing(world, on_their_day, send):
    send()
    assert len(send()) == 1


def test_the_next_week_sends_again(world, on_their_day, send):
    send()
    on_their_day.refresh_from_db()
    DigestSetting.objects.filter(pk=on_their_day.pk).update(last_sent_at=on_their_day.last_sent_at - timedelta(days=7))
    assert len(send()) == 2


def test_the_beat_task_runs_the_digest(world, on_their_day, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_weekly_digests()
    assert "ada@example.test" in [m.to[0] for m in mail.outbox]


# The counts, and nothing more


def test_it_counts_clients_with_something_new_and_waiting_flags(world, on_their_day, send):
    _activity(world.client, world.client.user)
    RiskFlagFactory(client=world.client)
    assert "1 client has something new; 1 flag waits for you." in _body(send())


def test_it_never_names_a_client(world, on_their_day, send):
    _activity(world.client, world.client.user)
    body = _body(send())
    assert "Robin" not in body and "Robin" not in mail.outbox[0].subject


def test_the_clinicians_own_changes_are_not_new(world, on_their_day, send):
    _activity(world.client, world.clinician)
    assert "No client has anything new" in _body(send())


def test_a_colleagues_change_is_new(world, on_their_day, send):
    _activity(world.client, world.readonly_clinician)
    assert "1 client has something new" in _body(send())


def test_clients_off_the_care_team_are_not_counted(world, on_their_day, send):
    _activity(world.other_client, world.other_client.user)
    RiskFlagFactory(client=world.other_client)
    assert "No client has anything new; no flag waits for you." in _body(send())


def test_an_acknowledged_flag_does_not_wait(world, on_their_day, send):
    RiskFlagFactory(client=world.client, acknowledged_at=timezone.now())
    assert "no flag waits for you" in _body(send())


def test_activity_before_the_previous_digest_is_not_new(world, on_their_day, send):
    _activity(world.client, world.client.user, when=timezone.now() - timedelta(days=2))
    DigestSetting.objects.filter(pk=on_their_day.pk).update(last_sent_at=timezone.now() - timedelta(days=1))
    assert "No client has anything new" in _body(send())


def test_the_digest_makes_the_same_queries_for_5_and_200_clients(world, on_their_day):
    def queries_with(n):
        clients = ClientFactory.create_batch(n, organization=world.clinic, user=None)
        CareTeamMember.objects.bulk_create(CareTeamMember(client=c, clinician=world.clinician) for c in clients)
        AuditEvent.objects.bulk_create(
            AuditEvent(organization=world.clinic, client=c, action="check_in.created") for c in clients
        )
        DigestSetting.objects.update(last_sent_at=None)
        with CaptureQueriesContext(connection) as captured:
            digest_send_due()
        return len(captured)

    assert queries_with(5) == queries_with(195) == 6


# The settings page


def test_a_clinician_chooses_the_day(clinician_http, world):
    clinician_http.post(SETTINGS, {"enabled": "on", "weekday": 4})
    assert DigestSetting.objects.get(clinician=world.clinician).weekday == 4


def test_a_clinician_turns_the_digest_off(clinician_http, world):
    clinician_http.post(SETTINGS, {"weekday": 4})
    assert DigestSetting.objects.get(clinician=world.clinician).enabled is False


@pytest.mark.parametrize("day", ["7", "-1", "friday", ""])
def test_a_day_out_of_range_gets_a_clear_message(clinician_http, world, day):
    response = clinician_http.post(SETTINGS, {"enabled": "on", "weekday": day})
    assert "Please choose a day from Monday to Sunday." in response.content.decode()


def test_a_day_out_of_range_saves_nothing(clinician_http, world):
    clinician_http.post(SETTINGS, {"enabled": "on", "weekday": 9})
    assert not DigestSetting.objects.exists()


def test_the_service_refuses_a_day_out_of_range(world):
    with pytest.raises(ValueError):
        digest_setting_save(actor=world.clinician, enabled=True, weekday=7)


def test_the_page_shows_the_saved_day(clinician_http, world):
    DigestSettingFactory(clinician=world.clinician, weekday=5)
    assert '<option value="5" selected>' in clinician_http.get(SETTINGS).content.decode()
