"""Retention: a closed account's records are kept for the clinic's chosen years, then erased with an audit line."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from planning.audit_log import sentence
from planning.models import (
    AuditEvent,
    CheckIn,
    Client,
    Comment,
    CopingRun,
    Plan,
    SafetyPlan,
    SafetyPlanVersion,
    SessionNote,
    Step,
    Trigger,
)
from planning.services.audit import audit_record
from planning.services.retention import years_before
from tests.factories import (
    CheckInFactory,
    ClientFactory,
    JournalEntryFactory,
    MeasureResponseFactory,
    PracticeFactory,
    SafetyPlanVersionFactory,
    TriggerFactory,
)


def _closed(client: Client, *, years_ago: float) -> Client:
    client.closure_requested_at = timezone.now() - timedelta(days=365.25 * years_ago)
    client.save(update_fields=["closure_requested_at"])
    return client


def _full_record(client: Client) -> None:
    practice = PracticeFactory(step__goal__plan__client=client)
    Comment.objects.create(client=client, practice=practice, text="Well done for staying the whole hour")
    SafetyPlanVersionFactory(plan__client=client)
    TriggerFactory(client=client)
    JournalEntryFactory(client=client)
    CheckInFactory(client=client)
    MeasureResponseFactory(assignment__client=client)
    SessionNote.objects.create(client=client, worked_on="Practised asking for a seat by the door")
    CopingRun.objects.create(client=client, skill_title="Slow breathing")


@pytest.fixture
def past_retention(world) -> Client:
    world.clinic.closed_records_kept_years = 7
    world.clinic.save()
    _full_record(world.client)
    audit_record(actor=world.clinician, action="trigger.created", target=Trigger.objects.get(client=world.client))
    return _closed(world.client, years_ago=7.1)


def _erase(*args: str) -> str:
    out = StringIO()
    call_command("erase_past_retention", *args, stdout=out)
    return out.getvalue()


def test_a_client_past_retention_has_their_clinical_record_erased(past_retention):
    _erase()
    assert not Plan.objects.filter(client=past_retention).exists()
    assert not Step.objects.exists() and not Trigger.objects.exists() and not SessionNote.objects.exists()
    assert not CopingRun.objects.exists() and not past_retention.journal_entries.exists()
    assert not SafetyPlan.objects.exists() and not SafetyPlanVersion.objects.exists() and not CheckIn.objects.exists()


def test_the_kept_row_is_anonymised_and_cannot_sign_in(past_retention):
    user = past_retention.user
    _erase()
    past_retention.refresh_from_db()
    user.refresh_from_db()
    assert past_retention.preferred_name == "Former client" and past_retention.erased_at is not None
    assert "@erased.invalid" in past_retention.email and not user.is_active and not user.has_usable_password()


def test_one_audit_entry_says_what_kinds_were_erased_and_how_many(past_retention):
    _erase()
    event = AuditEvent.objects.get(action="client.records_erased")
    assert event.client == past_retention and event.actor is None
    assert {"practice (1)", "safetyplanversion (1)", "sessionnote (1)", "journalentry (1)"} <= set(event.changed_fields)
    assert sentence(event, event.client).startswith("Former client's closed account was erased")


def test_the_earlier_audit_trail_survives(past_retention):
    _erase()
    assert AuditEvent.objects.filter(action="trigger.created", client=past_retention).exists()


def test_a_client_within_retention_is_kept(world, past_retention):
    _full_record(world.other_client)
    _closed(world.other_client, years_ago=6.9)
    _erase()
    assert Plan.objects.filter(client=world.other_client).exists()
    assert world.other_client.triggers.exists() and not AuditEvent.objects.filter(client=world.other_client).exists()


def test_an_open_account_is_kept_however_old(world, past_retention):
    _full_record(world.other_client)
    _erase()
    assert Plan.objects.filter(client=world.other_client).exists()


def test_a_clinic_that_has_not_chosen_keeps_everything(world, past_retention):
    world.clinic.closed_records_kept_years = None
    world.clinic.save()
    assert "0 closed account(s)" in _erase()
    assert Plan.objects.filter(client=past_retention).exists()


def test_a_dry_run_lists_without_erasing(past_retention):
    out = _erase("--dry-run")
    assert f"would erase client {past_retention.public_id}" in out and "Robin" not in out
    assert Plan.objects.filter(client=past_retention).exists()
    assert not AuditEvent.objects.filter(action="client.records_erased").exists()


def test_running_it_again_erases_nothing_more(past_retention):
    _erase()
    assert "0 closed account(s)" in _erase()
    assert AuditEvent.objects.filter(action="client.records_erased").count() == 1


def test_another_clinics_client_follows_their_own_clinics_setting(world, past_retention):
    elsewhere = ClientFactory(organization=world.other_clinic)
    _full_record(elsewhere)
    _closed(elsewhere, years_ago=20)
    _erase()
    assert Plan.objects.filter(client=elsewhere).exists()


def test_years_before_handles_a_leap_day():
    moment = timezone.now().replace(year=2028, month=2, day=29)
    assert (years_before(moment, 1).month, years_before(moment, 1).day) == (2, 28)


# The admin's setting


def test_the_admin_sets_how_many_years(world, admin_http):
    response = admin_http.post(reverse("planning:org_retention"), {"years": "8"})
    world.clinic.refresh_from_db()
    assert response.status_code == 302 and world.clinic.closed_records_kept_years == 8
    assert AuditEvent.objects.filter(action="clinic.retention_updated", actor=world.org_admin).exists()


def test_the_admin_can_leave_it_empty_to_keep_records_until_they_choose(world, admin_http):
    world.clinic.closed_records_kept_years = 5
    world.clinic.save()
    admin_http.post(reverse("planning:org_retention"), {"years": ""})
    world.clinic.refresh_from_db()
    assert world.clinic.closed_records_kept_years is None


def test_zero_years_gets_a_kind_message_and_keeps_what_was_typed(world, admin_http):
    response = admin_http.post(reverse("planning:org_retention"), {"years": "0"})
    page = response.content.decode()
    assert response.status_code == 200 and "Everything you typed is still here" in page and 'value="0"' in page
    world.clinic.refresh_from_db()
    assert world.clinic.closed_records_kept_years is None


def test_a_clinician_cannot_change_it(world, clinician_http):
    assert clinician_http.post(reverse("planning:org_retention"), {"years": "1"}).status_code == 403
    world.clinic.refresh_from_db()
    assert world.clinic.closed_records_kept_years is None
