"""Closing an account: the client asks, their sign-in stops at once, the care team is told, the record stays."""

from __future__ import annotations

from django.test import Client as HttpClient
from django.urls import reverse

from planning.audit_log import sentence
from planning.models import AuditEvent, Notification
from tests.factories import TEST_PASSWORD
from tests.second_factor import force_sign_in


def _signed_in(user) -> HttpClient:
    http = HttpClient()
    return force_sign_in(http, user)


def _still_signed_in(http: HttpClient) -> bool:
    return http.get(reverse("planning:client_home")).status_code == 200


def _can_sign_in(user) -> bool:
    http = HttpClient()
    http.post(reverse("login"), {"username": user.email, "password": TEST_PASSWORD})
    return _still_signed_in(http)


def test_the_account_page_leads_a_client_to_closing_it(client_http):
    page = client_http.get(reverse("planning:account")).content.decode()
    assert reverse("planning:account_close") in page


def test_the_account_page_offers_a_clinician_no_closing(clinician_http):
    assert reverse("planning:account_close") not in clinician_http.get(reverse("planning:account")).content.decode()


def test_asking_first_changes_nothing_and_shows_the_crisis_lines(world, client_http):
    page = client_http.get(reverse("planning:account_close")).content.decode()
    assert "If you are in danger right now" in page and "reach your clinician the usual way" in page
    world.client.refresh_from_db()
    assert world.client.closure_requested_at is None and _still_signed_in(client_http)


def test_after_closing_the_client_cannot_sign_in_and_their_open_session_is_gone(world):
    phone, laptop = _signed_in(world.client.user), _signed_in(world.client.user)
    assert _can_sign_in(world.client.user)  # control: they could before
    response = laptop.post(reverse("planning:account_close"))
    assert response.status_code == 200 and "Your account is closed" in response.content.decode()
    assert not _still_signed_in(phone) and not _still_signed_in(laptop)
    assert not _can_sign_in(world.client.user)


def test_another_client_is_unaffected(world):
    other = _signed_in(world.other_client.user)
    _signed_in(world.client.user).post(reverse("planning:account_close"))
    assert _still_signed_in(other) and _can_sign_in(world.other_client.user)


def test_the_closing_page_shows_the_crisis_lines(world):
    page = _signed_in(world.client.user).post(reverse("planning:account_close")).content.decode()
    assert "If you are in danger right now" in page and "reach your clinician the usual way" in page


def test_it_records_when_closure_was_asked_and_keeps_the_record(world):
    _signed_in(world.client.user).post(reverse("planning:account_close"))
    world.client.refresh_from_db()
    assert world.client.closure_requested_at is not None and world.client.care_team.count() == 2
    overview = reverse("planning:client_overview", args=[world.client.public_id])
    assert _signed_in(world.clinician).get(overview).status_code == 200


def test_the_care_team_is_told_in_a_fixed_sentence_with_nothing_clinical(world):
    _signed_in(world.client.user).post(reverse("planning:account_close"))
    told = Notification.objects.filter(kind=Notification.Kind.ACCOUNT_CLOSURE_ASKED)
    assert {n.recipient for n in told} == {world.clinician, world.readonly_clinician}
    assert told.first().sentence() == "Robin asked to close their Stepwise account."
    assert told.first().target_url() == reverse("planning:client_overview", args=[world.client.public_id])


def test_no_one_outside_the_care_team_is_told(world):
    _signed_in(world.client.user).post(reverse("planning:account_close"))
    assert not Notification.objects.filter(recipient__in=[world.bystander_clinician, world.org_admin]).exists()


def test_the_clinic_audit_log_says_it_plainly(world):
    _signed_in(world.client.user).post(reverse("planning:account_close"))
    event = AuditEvent.objects.get(action="account.closure_requested")
    assert event.actor == world.client.user and event.client == world.client
    assert sentence(event, world.client) == "Robin's account was closed by Robin."


def test_a_clinician_cannot_close_a_clients_account_through_it(world):
    response = _signed_in(world.clinician).post(reverse("planning:account_close"))
    assert response.status_code == 403
    world.client.refresh_from_db()
    assert world.client.closure_requested_at is None and _can_sign_in(world.client.user)
    world.clinician.refresh_from_db()
    assert world.clinician.is_active
