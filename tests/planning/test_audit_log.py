"""The organisation admin's audit log: plain sentences, filters, CSV, and a client's private journal kept private."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from planning.audit_log import csv_cell, sentence
from planning.models import AuditEvent
from planning.services.audit import audit_record
from tests.factories import ClientFactory, JournalEntryFactory, SafetyPlanFactory
from tests.matrix import SECOND_FACTOR_QUERIES

AUDIT = reverse("planning:org_audit")
CSV = reverse("planning:org_audit_csv")


def _page(admin_http, query: str = "") -> str:
    return admin_http.get(AUDIT + query).content.decode()


def _csv(admin_http, query: str = "") -> list[list[str]]:
    response = admin_http.get(CSV + query)
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def _private_journal_event(world):
    entry = JournalEntryFactory(client=world.client, shared_with_care_team=False, situation="Lunch with Jo")
    return audit_record(
        actor=world.client.user,
        action="journal_entry.created",
        target=entry,
        private=True,
        changed_fields=["situation", "thinking_trap"],
    )


def test_an_event_reads_as_a_sentence_naming_whose_record_and_who_did_it(admin_http, world):
    audit_record(actor=world.client.user, action="safety_plan.saved", target=SafetyPlanFactory(client=world.client))
    assert "Robin&#x27;s safety plan was saved by Robin." in _page(admin_http)


def test_a_clinicians_action_names_the_client_it_was_about(admin_http, world):
    audit_record(actor=world.clinician, action="client.updated", target=world.client, changed_fields=["pronouns"])
    body = _page(admin_http)
    assert "Robin&#x27;s details were changed by Dr Ada Treat." in body
    assert "<td>Robin</td>" in body and "<td>pronouns</td>" in body


def test_an_action_with_no_words_of_its_own_still_reads_plainly(admin_http, world):
    audit_record(actor=world.clinician, action="widget.polished", target=world.client)
    assert "Robin&#x27;s widget was polished by Dr Ada Treat." in _page(admin_http)


def test_a_clinic_setting_reads_as_the_clinics(admin_http, world):
    audit_record(actor=world.org_admin, action="risk_rules.updated", organization=world.clinic)
    assert "The clinic&#x27;s risk rules were changed by Alex Admin." in _page(admin_http)


def test_a_private_journal_entry_shows_only_as_a_private_record_on_a_day(admin_http, world):
    _private_journal_event(world)
    body = _page(admin_http)
    assert "A private record of Robin&#x27;s was changed by Robin." in body
    assert "journal" not in body.lower().replace("private journal show", "")
    assert "thinking trap" not in body and "situation" not in body
    assert timezone.localtime().strftime("%H:%M") not in body


def test_a_shared_journal_entry_is_named_as_one(admin_http, world):
    """Control: what the care team may see anyway is named plainly."""
    entry = JournalEntryFactory(client=world.client, shared_with_care_team=True)
    audit_record(actor=world.client.user, action="journal_entry.updated", target=entry, changed_fields=["feelings"])
    assert "Robin&#x27;s shared journal entry was changed by Robin." in _page(admin_http)


def test_filtering_by_person_shows_only_what_they_did(admin_http, world):
    audit_record(actor=world.clinician, action="client.updated", target=world.client)
    audit_record(actor=world.readonly_clinician, action="step.created", target=world.client)
    body = _page(admin_http, f"?person={world.clinician.pk}")
    assert "by Dr Ada Treat" in body and "by Ravi Read" not in body


def test_filtering_by_client_includes_their_private_records_and_leaves_out_others(admin_http, world):
    _private_journal_event(world)
    audit_record(actor=world.clinician, action="client.updated", target=world.client)
    audit_record(actor=world.bystander_clinician, action="client.updated", target=world.other_client)
    audit_record(actor=world.clinician, action="caseload.need_seen", target=world.client, private=True)
    body = _page(admin_http, f"?client={world.client.pk}")
    assert "A private record of Robin&#x27;s" in body
    assert "Robin&#x27;s details were changed" in body
    assert "A note about Robin on the caseload was marked as seen" in body
    assert "Sasha" not in body.split("<table")[1]


def test_filtering_by_days_keeps_only_that_span(admin_http, world):
    ten_days_ago = timezone.now() - timedelta(days=10)  # written then: the trail refuses a backdating update
    AuditEvent.objects.create(
        organization=world.clinic,
        client=world.client,
        actor=world.clinician,
        action="goal.created",
        created_at=ten_days_ago,
    )
    audit_record(actor=world.clinician, action="step.created", target=world.client)
    today = timezone.localdate()
    body = _page(admin_http, f"?start={today - timedelta(days=2)}&end={today}")
    assert "step was added" in body and "goal was added" not in body


def test_an_end_before_the_start_gets_a_kind_message_and_no_error(admin_http, world):
    response = admin_http.get(AUDIT + "?start=2026-03-10&end=2026-03-01")
    assert response.status_code == 200
    assert "This is before the first day" in response.content.decode()


def test_a_client_of_another_clinic_is_no_choice_and_filters_nothing_out_of_sight(admin_http, world):
    outsider = ClientFactory(organization=world.other_clinic, preferred_name="Quinn")
    audit_record(actor=world.outside_clinician, action="client.updated", target=outsider)
    body = _page(admin_http, f"?client={outsider.pk}")
    assert "That choice is no longer in the list" in body
    assert "Quinn" not in body


def test_pages_keep_the_filters(admin_http, world):
    for _ in range(51):
        audit_record(actor=world.clinician, action="step.created", target=world.client)
    body = _page(admin_http, f"?person={world.clinician.pk}")
    assert f"?person={world.clinician.pk}&amp;page=2" in body


def test_the_page_takes_the_same_queries_for_many_events(admin_http, world, django_assert_max_num_queries):
    plans = [SafetyPlanFactory(client=world.client), SafetyPlanFactory(client=world.other_client)]
    for plan in plans * 20:
        audit_record(actor=plan.client.user, action="safety_plan.saved", target=plan)
        audit_record(actor=world.clinician, action="caseload.need_seen", target=plan.client, private=True)
        _private_journal_event(world)
    with django_assert_max_num_queries(10 + SECOND_FACTOR_QUERIES):  # the session comes from the cache
        admin_http.get(AUDIT)


def test_the_csv_holds_the_lines_with_the_filters(admin_http, world):
    audit_record(actor=world.clinician, action="client.updated", target=world.client, changed_fields=["pronouns"])
    audit_record(actor=world.bystander_clinician, action="client.updated", target=world.other_client)
    rows = _csv(admin_http, f"?client={world.client.pk}")
    assert rows[0] == ["When", "Who", "Their role", "About client", "What happened", "Fields changed"]
    assert [row[1:] for row in rows[1:]] == [
        ["Dr Ada Treat", "Clinician", "Robin", "Robin's details were changed by Dr Ada Treat.", "pronouns"]
    ]


def test_the_csv_shows_a_private_record_by_its_day_only(admin_http, world):
    _private_journal_event(world)
    (row,) = _csv(admin_http)[1:]
    assert row[0] == timezone.localdate().isoformat()
    assert row[4] == "A private record of Robin's was changed by Robin." and row[5] == ""


def test_the_csv_holds_no_words_the_client_wrote(admin_http, world):
    _private_journal_event(world)
    assert "Lunch with Jo" not in str(_csv(admin_http))


def test_a_name_that_looks_like_a_formula_is_quoted_in_the_csv(admin_http, world):
    sly = ClientFactory(organization=world.clinic, preferred_name='=HYPERLINK("http://x.test")')
    audit_record(actor=world.clinician, action="client.updated", target=sly)
    (row,) = _csv(admin_http)[1:]
    assert row[3] == '\'=HYPERLINK("http://x.test")'
    assert row[4].startswith("'=HYPERLINK")


def test_formula_quoting_leaves_ordinary_names_alone():
    assert [csv_cell(v) for v in ("Robin", "+1 555", "-x", "@me", "=1")] == ["Robin", "'+1 555", "'-x", "'@me", "'=1"]


def test_the_csv_is_for_the_organisation_admin_only(clinician_http):
    assert clinician_http.get(CSV).status_code == 403


def _action_codes() -> list[str]:
    """Every fixed action code the app writes (f-string codes are covered by their parts' tests)."""
    code = re.compile(r'action="([a-z_]+\.[a-z_]+)"')
    found = {m for path in (Path(settings.BASE_DIR) / "planning").rglob("*.py") for m in code.findall(path.read_text())}
    return sorted(found)


def test_the_action_codes_are_found():  # control: the sweep below reads the app's real codes
    assert {"safety_plan.saved", "safety_plan.card_chosen", "practice.not_this_time"} <= set(_action_codes())


@pytest.mark.parametrize("action", _action_codes())
def test_every_action_the_app_writes_reads_without_code_words(action, world):
    line = sentence(AuditEvent(action=action, client=world.client, actor=world.clinician), world.client)
    assert "_" not in line and "clinic's clinic" not in line, line


def _says(action: str, world) -> str:
    return sentence(AuditEvent(action=action, client=world.client), world.client)


def test_newer_actions_read_as_their_own_sentences(world):
    assert _says("safety_plan.card_chosen", world) == "What goes on Robin's wallet card was chosen."
    assert _says("practice.not_this_time", world) == "A practice of Robin's was closed as 'I didn't go this time'."
    clinic = sentence(AuditEvent(action="clinic.updated"), None)
    assert clinic == "The clinic's details were changed."


def test_undoing_a_removal_and_restoring_a_version_read_differently(world):
    undo = sentence(AuditEvent(action="trigger.restored", client=world.client), world.client)
    version = sentence(AuditEvent(action="safety_plan.restored", client=world.client), world.client)
    assert undo == "Robin's trigger was put back after being removed."
    assert version == "Robin's safety plan was restored from an earlier version."
