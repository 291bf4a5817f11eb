"""The social-experience journal: private entries stay the client's alone, everywhere."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from planning.models import AuditEvent, JournalEntry
from tests.factories import JournalEntryFactory, TriggerFactory


def _url(name, w, **kwargs):
    return reverse(f"planning:{name}", kwargs=kwargs or {"client_id": w.client.public_id})


def _write(http, w, **data):
    return http.post(_url("journal_add", w), {"happened_on": "2026-11-20", "situation": "Lunch with Kim", **data})


def test_a_new_entry_is_private_unless_the_client_shares_it(client_http, world):
    _write(client_http, world)
    assert world.client.journal_entries.get().shared_with_care_team is False


def test_a_client_records_feelings_with_their_intensity(client_http, world):
    _write(client_http, world, feeling_0="nervous", intensity_0="70", feeling_1="hopeful", intensity_1="30")
    feelings = world.client.journal_entries.get().feelings
    assert feelings == [{"name": "nervous", "intensity": 70}, {"name": "hopeful", "intensity": 30}]


def test_an_intensity_over_100_gets_a_clear_message_and_keeps_the_text(client_http, world):
    response = _write(client_http, world, feeling_0="nervous", intensity_0="130")
    body = response.content.decode()
    assert "from 0 to 100" in body and "Lunch with Kim" in body


def test_an_entry_notes_triggers_from_the_clients_own_list(client_http, world):
    trigger = TriggerFactory(client=world.client, name="Loud laughter")
    _write(client_http, world, triggers=[trigger.pk], thinking_trap="mind_reading")
    entry = world.client.journal_entries.get()
    assert list(entry.triggers.all()) == [trigger] and entry.thinking_trap == "mind_reading"


def test_another_clients_trigger_cannot_be_noted(client_http, world):
    other = TriggerFactory(client=world.other_client)
    response = _write(client_http, world, triggers=[other.pk])
    assert response.status_code == 200 and not JournalEntry.objects.exists()


def test_the_clinician_sees_shared_entries_but_not_private_ones(clinician_http, world):
    JournalEntryFactory(client=world.client, situation="Shared: the quiz night")
    JournalEntryFactory(client=world.client, situation="Private: the wedding", shared_with_care_team=False)
    body = clinician_http.get(_url("journal_list", world)).content.decode()
    assert "the quiz night" in body and "the wedding" not in body


def test_a_private_entry_is_not_found_for_the_clinician(clinician_http, world):
    entry = JournalEntryFactory(client=world.client, shared_with_care_team=False)
    assert clinician_http.get(_url("journal_detail", world, entry_id=entry.public_id)).status_code == 404


def test_the_client_sees_their_private_entries(client_http, world):
    JournalEntryFactory(client=world.client, situation="Private: the wedding", shared_with_care_team=False)
    assert "the wedding" in client_http.get(_url("journal_list", world)).content.decode()


def test_the_clinician_cannot_write_in_the_clients_journal(clinician_http, world):
    assert _write(clinician_http, world).status_code == 403 and not JournalEntry.objects.exists()


def test_patterns_count_triggers_noted_in_entries(client_http, world):
    trigger = TriggerFactory(client=world.client, name="Loud laughter")
    for _ in range(2):
        JournalEntryFactory(client=world.client, shared_with_care_team=False).triggers.add(trigger)
    rows = client_http.get(_url("journal_patterns", world)).context["pattern_rows"]
    assert [(row["name"], row["total"]) for row in rows] == [("Loud laughter", 2)]


def test_patterns_leave_out_private_entries_for_the_clinician(clinician_http, world):
    trigger = TriggerFactory(client=world.client, name="Loud laughter")
    JournalEntryFactory(client=world.client).triggers.add(trigger)
    JournalEntryFactory(client=world.client, shared_with_care_team=False).triggers.add(trigger)
    rows = clinician_http.get(_url("journal_patterns", world)).context["pattern_rows"]
    assert [row["total"] for row in rows] == [1]


def test_a_trigger_only_in_private_entries_is_absent_from_the_clinicians_patterns(clinician_http, world):
    trigger = TriggerFactory(client=world.client, name="The old neighbourhood")
    JournalEntryFactory(client=world.client, shared_with_care_team=False).triggers.add(trigger)
    assert "The old neighbourhood" not in clinician_http.get(_url("journal_patterns", world)).content.decode()


def test_patterns_show_counts_by_month(client_http, world):
    trigger = TriggerFactory(client=world.client)
    JournalEntryFactory(client=world.client, happened_on=timezone.localdate()).triggers.add(trigger)
    rows = client_http.get(_url("journal_patterns", world)).context["pattern_rows"]
    assert rows[0]["counts"][-1] == 1


def test_the_patterns_page_runs_a_bounded_number_of_queries(client_http, world, django_assert_max_num_queries):
    trigger = TriggerFactory(client=world.client)
    for _ in range(15):
        JournalEntryFactory(client=world.client).triggers.add(trigger)
    with django_assert_max_num_queries(12):
        client_http.get(_url("journal_patterns", world))


def test_the_journal_list_runs_a_bounded_number_of_queries(client_http, world, django_assert_max_num_queries):
    for _ in range(15):
        JournalEntryFactory(client=world.client)
    with django_assert_max_num_queries(12):
        client_http.get(_url("journal_list", world))


def test_a_private_entry_leaves_no_trace_in_the_clients_activity(client_http, world):
    _write(client_http, world)
    assert not AuditEvent.objects.filter(client=world.client, action__startswith="journal").exists()


def test_the_client_can_change_their_mind_and_share_an_entry(client_http, world):
    entry = JournalEntryFactory(client=world.client, shared_with_care_team=False)
    data = {"happened_on": "2026-11-20", "situation": "Lunch", "shared_with_care_team": "on"}
    client_http.post(_url("journal_edit", world, entry_id=entry.public_id), data)
    entry.refresh_from_db()
    assert entry.shared_with_care_team is True


def test_the_client_can_delete_an_entry(client_http, world):
    entry = JournalEntryFactory(client=world.client, shared_with_care_team=False)
    client_http.post(_url("journal_remove", world, entry_id=entry.public_id))
    assert not JournalEntry.objects.filter(pk=entry.pk).exists()


def test_script_in_an_entry_is_escaped(client_http, world):
    entry = JournalEntryFactory(client=world.client, situation="<script>alert(1)</script>")
    body = client_http.get(_url("journal_detail", world, entry_id=entry.public_id)).content.decode()
    assert "<script>alert(1)</script>" not in body


def test_a_date_in_the_future_gets_a_clear_message(client_http, world):
    response = _write(client_http, world, happened_on="2099-01-01")
    assert "in the future" in response.content.decode() and not JournalEntry.objects.exists()
