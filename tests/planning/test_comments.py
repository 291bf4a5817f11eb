"""Whose words are whose: the client's practice account and journal stay theirs; the care team comments beside them."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from planning.models import AuditEvent, Comment, Notification
from tests.factories import (
    CareTeamMemberFactory,
    ClinicianFactory,
    JournalEntryFactory,
    PlanFactory,
    PracticeFactory,
    StepFactory,
)
from tests.second_factor import force_sign_in


@pytest.fixture
def practice(world):
    step = StepFactory(goal__plan=PlanFactory(client=world.client), activity="Board-game night")
    return PracticeFactory(
        step=step,
        outcome="stayed",
        peak_distress=40,
        feared_happened="no",
        learned="People were kind",
        completed_at=timezone.now(),
    )


def detail(http, practice):
    return http.get(reverse("planning:practice_detail", args=[practice.public_id])).content.decode()


def add_comment(http, practice, text="That took courage"):
    return http.post(reverse("planning:practice_comment_add", args=[practice.public_id]), {"text": text, "version": 0})


# The client's own account


def test_the_clinician_cannot_change_the_clients_account(clinician_http, practice):
    url = reverse("planning:practice_after", args=[practice.public_id])
    response = clinician_http.post(url, {"outcome": "shorter", "peak_distress": 90, "feared_happened": "yes"})
    practice.refresh_from_db()
    assert response.status_code == 403 and practice.learned == "People were kind" and practice.peak_distress == 40


def test_the_client_can_still_change_how_it_went(client_http, practice):
    url = reverse("planning:practice_after", args=[practice.public_id])
    data = {"outcome": "stayed", "peak_distress": 35, "feared_happened": "no", "learned": "Kinder than I thought"}
    client_http.post(url, {**data, "version": practice.version})
    practice.refresh_from_db()
    assert practice.learned == "Kinder than I thought"


def test_the_clinician_is_not_offered_change_how_it_went(clinician_http, practice):
    assert "Change how it went" not in detail(clinician_http, practice)


def test_the_client_is_offered_change_how_it_went(client_http, practice):
    assert "Change how it went" in detail(client_http, practice)


def test_the_clinician_reads_the_clients_account_by_name(clinician_http, practice):
    page = detail(clinician_http, practice)
    assert "Robin's account" in page and "What Robin learned" in page and "What you learned" not in page


def test_the_client_reads_how_it_went_in_their_own_words(client_http, practice):
    page = detail(client_http, practice)
    assert "How it went" in page and "What you learned" in page and "Robin's account" not in page


def test_what_the_practice_showed_speaks_about_the_client_to_the_clinician(clinician_http, practice):
    page = detail(clinician_http, practice)
    assert "The outcome they feared did not happen." in page and "you feared" not in page


# Comments beside it


def test_the_clinician_writes_a_comment_beside_the_practice(clinician_http, practice):
    add_comment(clinician_http, practice)
    comment = Comment.objects.get()
    assert (comment.practice, comment.text, comment.author.full_name) == (practice, "That took courage", "Dr Ada Treat")


def test_a_comment_leaves_the_clients_words_as_they_were(clinician_http, practice):
    add_comment(clinician_http, practice)
    practice.refresh_from_db()
    assert practice.learned == "People were kind" and practice.version == 1


def test_the_client_reads_the_comment_with_its_author(clinician_http, client_http, practice):
    add_comment(clinician_http, practice)
    page = detail(client_http, practice)
    assert "Comments from your care team" in page and "That took courage" in page and "Dr Ada Treat" in page


def test_the_client_is_told_a_comment_was_written(clinician_http, world, practice):
    add_comment(clinician_http, practice)
    notification = Notification.objects.get(recipient=world.client.user)
    assert notification.kind == "comment_added" and notification.target_id == practice.public_id


def test_a_comment_is_audited_without_its_words(clinician_http, practice):
    add_comment(clinician_http, practice)
    event = AuditEvent.objects.get(action="comment.created")
    assert event.client_id == practice.client.pk and "courage" not in str(event.changed_fields)


def test_a_read_only_clinician_cannot_comment(readonly_http, practice):
    assert add_comment(readonly_http, practice).status_code == 403 and not Comment.objects.exists()


def test_the_client_does_not_comment_on_their_own_words(client_http, practice):
    assert add_comment(client_http, practice).status_code == 403 and not Comment.objects.exists()


def test_an_empty_comment_is_refused_kindly(clinician_http, practice):
    response = add_comment(clinician_http, practice, text="   ")
    assert response.status_code == 200 and "Please write a few words" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_too_long_comment_keeps_what_was_typed(clinician_http, practice):
    text = "a" * 2001
    response = add_comment(clinician_http, practice, text=text)
    assert response.status_code == 200 and text in response.content.decode() and not Comment.objects.exists()


# Changing a comment: only its author, versioned


@pytest.fixture
def comment(world, practice):
    return Comment.objects.create(client=world.client, practice=practice, text="Well noticed", author=world.clinician)


def test_the_author_changes_their_comment_as_a_new_version(clinician_http, comment):
    url = reverse("planning:comment_edit", args=[comment.public_id])
    clinician_http.post(url, {"text": "Well noticed, and brave", "version": 1})
    comment.refresh_from_db()
    assert (comment.text, comment.version) == ("Well noticed, and brave", 2)


def test_another_clinician_on_the_team_cannot_change_the_comment(world, comment):
    colleague = ClinicianFactory(organization=world.clinic)
    CareTeamMemberFactory(client=world.client, clinician=colleague, access="write")
    http = HttpClient()
    force_sign_in(http, colleague)
    response = http.post(reverse("planning:comment_edit", args=[comment.public_id]), {"text": "Mine", "version": 1})
    comment.refresh_from_db()
    assert response.status_code == 403 and comment.text == "Well noticed"


def test_a_stale_comment_edit_is_merged_not_lost(clinician_http, comment):
    url = reverse("planning:comment_edit", args=[comment.public_id])
    clinician_http.post(url, {"text": "First change", "version": 1})
    response = clinician_http.post(url, {"text": "Second change", "version": 1})
    comment.refresh_from_db()
    assert (
        response.status_code == 409 and comment.text == "First change" and "Second change" in response.content.decode()
    )


# Shared journal entries


def test_the_clinician_comments_beside_a_shared_journal_entry(clinician_http, client_http, world):
    entry = JournalEntryFactory(client=world.client, shared_with_care_team=True)
    url = reverse("planning:journal_comment_add", args=[entry.public_id])
    clinician_http.post(url, {"text": "Thank you for sharing this", "version": 0})
    page = client_http.get(reverse("planning:journal_detail", args=[entry.public_id])).content.decode()
    assert "Thank you for sharing this" in page


def test_a_private_journal_entry_cannot_be_commented_on(clinician_http, world):
    entry = JournalEntryFactory(client=world.client, shared_with_care_team=False)
    url = reverse("planning:journal_comment_add", args=[entry.public_id])
    response = clinician_http.post(url, {"text": "Hello", "version": 0})
    assert response.status_code == 404 and not Comment.objects.exists()


def test_a_comment_goes_with_an_entry_made_private_again(clinician_http, world):
    entry = JournalEntryFactory(client=world.client, shared_with_care_team=True)
    comment = Comment.objects.create(client=world.client, journal_entry=entry, text="Noted", author=world.clinician)
    entry.shared_with_care_team = False
    entry.save()
    response = clinician_http.get(reverse("planning:comment_edit", args=[comment.public_id]))
    assert response.status_code == 404


def test_the_clinician_cannot_edit_a_shared_journal_entry(clinician_http, world):
    entry = JournalEntryFactory(client=world.client, shared_with_care_team=True, situation="Coffee with Ana")
    url = reverse("planning:journal_edit", args=[entry.public_id])
    response = clinician_http.post(url, {"happened_on": "2026-11-20", "situation": "Rewritten"})
    entry.refresh_from_db()
    assert response.status_code == 403 and entry.situation == "Coffee with Ana"
