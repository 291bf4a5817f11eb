"""Signing in to a closed account: a kind word to the account's own password, the usual message to anyone else."""

from __future__ import annotations

from datetime import UTC, datetime

from django.test import Client as HttpClient
from django.urls import reverse

from planning.services.people import client_account_close, clinician_deactivate
from tests.factories import TEST_PASSWORD

WRONG = "That email and password don&#x27;t match our records"
CLOSED = "This account was closed on"


def _sign_in(email: str, password: str) -> str:
    return HttpClient().post(reverse("login"), {"username": email, "password": password}).content.decode()


def _close(client) -> None:
    client_account_close(user=client.user)
    client.refresh_from_db()


def test_a_closed_account_with_its_own_password_hears_when_it_closed_and_whom_to_ask(world):
    _close(world.client)
    world.client.__class__.objects.filter(pk=world.client.pk).update(
        closure_requested_at=datetime(2026, 3, 14, 12, tzinfo=UTC)
    )
    page = _sign_in(world.client.user.email, TEST_PASSWORD)
    assert "This account was closed on 14 March 2026" in page and "contact your clinic" in page
    assert WRONG not in page


def test_a_closed_account_with_a_wrong_password_hears_only_the_usual_message(world):
    _close(world.client)
    page = _sign_in(world.client.user.email, "not-the-password")
    assert WRONG in page and CLOSED not in page and "closed" not in page.lower()


def test_the_kind_message_never_signs_anyone_in(world):
    _close(world.client)
    http = HttpClient()
    http.post(reverse("login"), {"username": world.client.user.email, "password": TEST_PASSWORD})
    assert "_auth_user_id" not in http.session
    assert http.get(reverse("planning:client_home")).status_code == 302


def test_an_open_account_with_a_wrong_password_hears_the_usual_message(world):
    page = _sign_in(world.other_client.user.email, "not-the-password")
    assert WRONG in page and CLOSED not in page


def test_an_email_with_no_account_hears_the_usual_message(db):
    assert WRONG in _sign_in("nobody@example.test", TEST_PASSWORD)


def test_a_clinician_closed_by_the_clinic_hears_that_it_is_closed_with_their_own_password(world):
    clinician_deactivate(actor=world.org_admin, clinician=world.bystander_clinician)
    page = _sign_in(world.bystander_clinician.email, TEST_PASSWORD)
    assert "This account is closed" in page and WRONG not in page
    assert "This account is closed" not in _sign_in(world.bystander_clinician.email, "not-the-password")
