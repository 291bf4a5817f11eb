"""Signing in and out, lockout after repeated failures, idle sessions, and leaving quickly."""

from __future__ import annotations

from django.conf import settings
from django.test import Client as HttpClient
from django.urls import reverse

from tests.factories import TEST_PASSWORD
from tests.second_factor import force_sign_in, pass_second_factor


def _sign_in(http: HttpClient, email: str, password: str):
    return http.post(reverse("login"), {"username": email, "password": password})


def test_a_clinician_signs_in_by_email_and_reaches_the_caseload(world):
    http = HttpClient()
    _sign_in(http, world.clinician.email, TEST_PASSWORD)
    pass_second_factor(http, world.clinician)
    assert http.get(reverse("planning:home"))["Location"] == reverse("planning:caseload")


def test_a_client_is_sent_to_their_own_home(client_http):
    assert client_http.get(reverse("planning:home"))["Location"] == reverse("planning:client_home")


def test_a_wrong_password_gets_a_kind_message_and_keeps_the_email(world):
    response = _sign_in(HttpClient(), world.clinician.email, "not-my-password")
    body = response.content.decode()
    assert "don&#x27;t match our records" in body
    assert world.clinician.email in body


def test_repeated_failed_sign_ins_lock_the_account_for_a_while(world):
    http = HttpClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(http, world.clinician.email, "not-my-password")
    response = _sign_in(http, world.clinician.email, TEST_PASSWORD)
    assert response.status_code == 429
    assert "15 minutes" in response.content.decode()


def test_sessions_end_after_thirty_idle_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60  # tests/planning/test_sessions.py signs out at 30, not 29


def _signed_in(http: HttpClient) -> bool:
    return http.get(reverse("planning:client_home")).status_code == 200


def _csrf_checked(world) -> HttpClient:
    """The client signed in, in a browser that enforces CSRF as a real one does, holding a page's token."""
    http = HttpClient(enforce_csrf_checks=True)
    force_sign_in(http, world.client.user)
    http.get(reverse("planning:client_home"))
    return http


def test_leaving_quickly_signs_out_and_lands_on_the_neutral_page(client_http):
    response = client_http.post(reverse("planning:leave_quickly"))
    assert response["Location"] == reverse("planning:neutral_page")
    assert not _signed_in(client_http)


def test_the_neutral_page_names_nothing_of_stepwise_or_care(client):
    url = reverse("planning:neutral_page")
    body = client.get(url).content.decode()
    assert "<title>Simple tomato soup</title>" in body
    assert "stepwise" not in body.lower() and "stepwise" not in url
    assert "favicon" not in body


def test_a_link_to_leave_quickly_does_not_sign_anyone_out(client_http):
    assert client_http.get(reverse("planning:leave_quickly")).status_code == 405
    assert _signed_in(client_http)


def test_another_site_cannot_make_a_client_leave_quickly(world):
    http = _csrf_checked(world)
    assert http.post(reverse("planning:leave_quickly")).status_code == 403
    assert _signed_in(http)


def test_leaving_quickly_with_the_pages_own_token_works(world):
    http = _csrf_checked(world)
    token = http.cookies["csrftoken"].value
    assert http.post(reverse("planning:leave_quickly"), {"csrfmiddlewaretoken": token}).status_code == 302
    assert not _signed_in(http)


def test_a_link_to_sign_out_asks_first_and_changes_nothing(client_http):
    response = client_http.get(reverse("logout"))
    assert response.status_code == 200
    assert "Sign out?" in response.content.decode()
    assert _signed_in(client_http)


def test_signing_out_is_a_post(client_http):
    assert client_http.post(reverse("logout"))["Location"] == reverse("login")
    assert not _signed_in(client_http)


def test_another_site_cannot_sign_anyone_out(world):
    http = _csrf_checked(world)
    assert http.post(reverse("logout")).status_code == 403
    assert _signed_in(http)


def test_signing_out_with_the_pages_own_token_works(world):
    http = _csrf_checked(world)
    http.post(reverse("logout"), {"csrfmiddlewaretoken": http.cookies["csrftoken"].value})
    assert not _signed_in(http)


def test_a_signed_out_visit_to_a_clinical_page_goes_to_sign_in_without_its_address(client):
    response = client.get(reverse("planning:my_safety_plan"))
    assert response["Location"] == reverse("login")


def test_the_sign_in_page_carries_no_next_address(client, db):
    body = client.get(reverse("login") + "?next=/me/safety-plan/").content.decode()
    assert "/me/safety-plan/" not in body


def test_signing_in_goes_home_whatever_the_link_asked_for(world):
    http = HttpClient()
    response = http.post(
        reverse("login") + "?next=/me/safety-plan/",
        {"username": world.client.user.email, "password": TEST_PASSWORD, "next": "/me/safety-plan/"},
    )
    assert response["Location"] == reverse("planning:home")


def test_client_pages_offer_leave_quickly(client_http):
    body = client_http.get(reverse("planning:client_home")).content.decode()
    assert "data-leave-quickly" in body


def test_client_page_titles_reveal_nothing_clinical(client_http):
    body = client_http.get(reverse("planning:client_home")).content.decode()
    assert "<title>Stepwise</title>" in body


def test_client_pages_say_stepwise_is_not_a_crisis_service(client_http):
    assert "not a crisis service" in client_http.get(reverse("planning:client_home")).content.decode()


def test_signed_in_pages_are_not_cached(client_http):
    assert client_http.get(reverse("planning:client_home"))["Cache-Control"] == "no-store"


def test_an_unknown_page_gets_the_friendly_not_found_page(client_http):
    response = client_http.get("/no-such-page/")
    assert response.status_code == 404
    assert "find that page" in response.content.decode()


def test_a_malformed_id_is_not_found_rather_than_an_error(clinician_http):
    assert clinician_http.get("/clients/not-a-uuid/").status_code == 404


def test_the_server_error_page_is_calm(rf):
    from planning.views.errors import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Nothing you did caused this" in response.content.decode()


def test_a_password_reset_email_names_nothing_clinical(world, client, django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": world.client.user.email})
    assert mail.outbox[0].subject == "Your Stepwise password link"
    assert world.client.preferred_name not in mail.outbox[0].body


def test_a_password_reset_for_an_unknown_email_looks_the_same(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.test"})
    assert response["Location"] == reverse("password_reset_done")
