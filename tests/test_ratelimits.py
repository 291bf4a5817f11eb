"""Limits on what can be hammered (config/ratelimits.py): under the limit works, over it a calm 429 with
nothing written and nothing typed lost, counted per address or per person, and skipped when Redis is down.

Counts live in the locmem cache here (cleared before each test by tests/conftest.py); production uses Redis.
"""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any

import django_ratelimit.core
import pytest
from django.core import mail
from django.test import Client as HttpClient
from django.test import override_settings
from django.urls import reverse
from kombu.exceptions import OperationalError as KombuOperationalError

from config import ratelimits
from config.ratelimits import READS, Limit, client_address
from planning.models import Client, Invitation
from planning.tasks import send_password_reset_emails
from tests.factories import TEST_PASSWORD
from tests.second_factor import force_sign_in

LIMIT_PAGE = "Please wait a little before trying again"


@pytest.fixture(autouse=True)
def one_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hold django-ratelimit's clock still, so a test's requests all fall in one counting window.

    Windows are fixed slices of time; on a busy machine sixty requests can straddle the end of one, and
    the sixty-first is then counted afresh instead of refused.
    """
    now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: now))


def _sign_in(address: str, email: str) -> Any:
    return HttpClient(REMOTE_ADDR=address).post(reverse("login"), {"username": email, "password": "not-it"})


def test_sign_in_from_one_address_is_paused_after_thirty_tries(db):
    answers = [_sign_in("10.0.0.1", f"person{n}@example.test").status_code for n in range(30)]
    assert answers == [200] * 30  # each a different email: axes (email + address) never locks
    over = _sign_in("10.0.0.1", "kept@example.test")
    assert over.status_code == 429 and LIMIT_PAGE in over.content.decode()
    assert 'value="kept@example.test"' in over.content.decode()  # the email typed is kept to send again
    assert "not-it" not in over.content.decode()  # a password never is
    assert int(over["Retry-After"]) == 600


def test_sign_in_from_another_address_is_not_paused(db):
    for n in range(31):
        _sign_in("10.0.0.1", f"person{n}@example.test")
    assert _sign_in("10.0.0.2", "someone@example.test").status_code == 200


def test_a_person_over_the_limit_cannot_sign_in_even_with_the_right_password(world):
    for n in range(30):
        _sign_in("10.0.0.1", f"person{n}@example.test")
    http = HttpClient(REMOTE_ADDR="10.0.0.1")
    response = http.post(reverse("login"), {"username": world.clinician.email, "password": TEST_PASSWORD})
    assert response.status_code == 429 and "_auth_user_id" not in http.session


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_behind_the_proxy_the_address_is_the_one_nginx_saw_not_one_the_client_claims(rf):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9", REMOTE_ADDR="127.0.0.1")
    assert client_address(request) == "203.0.113.9"


def test_without_the_proxy_the_forwarded_header_is_ignored(rf):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="198.51.100.7")
    assert client_address(request) == "198.51.100.7"


def _reset(email: str, address: str = "10.0.0.1") -> Any:
    return HttpClient(REMOTE_ADDR=address).post(reverse("password_reset"), {"email": email})


def test_a_reset_for_an_account_and_for_no_account_answer_and_queue_alike(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    queued: list[list[int]] = []
    monkeypatch.setattr(send_password_reset_emails, "delay", queued.append)
    with django_capture_on_commit_callbacks(execute=True):
        known, unknown = _reset(world.clinician.email), _reset("nobody@example.test")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert queued == [[world.clinician.pk], []]  # one task each: the request does the same work


def test_the_reset_email_is_sent_by_the_task_with_a_working_link(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _reset(world.clinician.email.upper())
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    assert mail.outbox[0].to == [world.clinician.email]
    assert HttpClient().get(link.replace("http://testserver", ""), follow=True).status_code == 200


def test_one_email_gets_three_reset_links_an_hour(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answers = [_reset(world.clinician.email, f"10.0.0.{n}").status_code for n in range(4)]
    assert answers == [302, 302, 302, 429] and len(mail.outbox) == 3  # the fourth sent nothing
    with django_capture_on_commit_callbacks(execute=True):
        assert _reset(world.readonly_clinician.email).status_code == 302  # control: another email
    assert len(mail.outbox) == 4


def test_one_address_asks_for_ten_resets_an_hour(db):
    answers = [_reset(f"person{n}@example.test").status_code for n in range(11)]
    assert answers == [302] * 10 + [429]
    assert 'value="person10@example.test"' in _reset("person10@example.test").content.decode()


def _add_client(http: HttpClient, n: int) -> Any:
    data = {"preferred_name": f"Kit {n}", "pronouns": "", "email": f"kit{n}@example.test", "accessibility_needs": ""}
    return http.post(reverse("planning:client_add"), data)


def test_a_clinician_sends_thirty_invitations_an_hour_and_the_next_is_kept_not_sent(clinician_http, world):
    assert [_add_client(clinician_http, n).status_code for n in range(30)] == [302] * 30
    over = _add_client(clinician_http, 30)
    assert over.status_code == 429
    assert not Client.objects.filter(email="kit30@example.test").exists()
    assert Invitation.objects.filter(email__startswith="kit").count() == 30  # no extra invitation
    assert 'value="Kit 30"' in over.content.decode()  # what was typed comes back, to send again


def test_invitations_are_counted_per_person(clinician_http, world):
    for n in range(31):
        _add_client(clinician_http, n)
    other = HttpClient()
    force_sign_in(other, world.bystander_clinician)
    assert _add_client(other, 99).status_code == 302


def test_the_reinvite_button_counts_toward_the_same_limit(clinician_http, world):
    for n in range(30):
        _add_client(clinician_http, n)
    world.client.user = None
    world.client.save()
    url = reverse("planning:client_reinvite", kwargs={"client_id": world.client.public_id})
    assert clinician_http.post(url).status_code == 429
    assert not Invitation.objects.filter(client=world.client).exists()


def test_an_invitation_link_can_be_opened_twenty_times_in_ten_minutes_from_one_address(db):
    url = reverse("planning:accept_invitation", args=["not-a-real-token"])
    http = HttpClient(REMOTE_ADDR="10.0.0.1")
    assert {http.get(url).status_code for _ in range(20)} == {404}
    assert http.get(url).status_code == 429
    assert HttpClient(REMOTE_ADDR="10.0.0.2").get(url).status_code == 404  # control: another address


def test_library_search_allows_sixty_a_minute_per_person(client_http, clinician_http):
    url = reverse("content:index") + "?q=breathing"
    assert {client_http.get(url).status_code for _ in range(60)} == {200}
    assert client_http.get(url).status_code == 429
    assert clinician_http.get(url).status_code == 200  # control: another person


@pytest.fixture
def two_pdfs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two PDFs per five minutes instead of thirty, so the test draws three PDFs rather than thirty-one."""
    monkeypatch.setitem(ratelimits.LIMITS, "pdf", (Limit("user", "2/5m", READS),))


def _pdf(http: HttpClient, world: Any, name: str) -> Any:
    return http.get(reverse(f"planning:{name}", kwargs={"client_id": world.client.public_id}))


def test_pdfs_of_all_kinds_count_together_and_the_safety_plan_page_stays_open(two_pdfs, client_http, world):
    assert _pdf(client_http, world, "safety_plan_pdf").status_code == 200
    assert _pdf(client_http, world, "safety_plan_card_pdf").status_code == 200
    over = _pdf(client_http, world, "progress_pdf")
    safety_plan = reverse("planning:safety_plan", kwargs={"client_id": world.client.public_id})
    assert over.status_code == 429 and f'href="{safety_plan}"' in over.content.decode()
    assert client_http.get(safety_plan).status_code == 200


def test_pdf_downloads_are_counted_per_person(two_pdfs, client_http, clinician_http, world):
    for _ in range(3):
        _pdf(client_http, world, "safety_plan_pdf")
    assert _pdf(clinician_http, world, "safety_plan_pdf").status_code == 200


@pytest.mark.parametrize("name", ["safety_plan_pdf", "safety_plan_card_pdf"])
def test_the_safety_plan_pdfs_serve_when_the_cache_is_down(dead_services, client_http, world, name):
    assert _pdf(client_http, world, name).status_code == 200


def test_sign_in_works_when_the_cache_is_down(dead_services, world, caplog):
    http = HttpClient()
    with caplog.at_level("WARNING", logger="config.ratelimits"):
        response = http.post(reverse("login"), {"username": world.clinician.email, "password": TEST_PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in http.session
    assert "rate limit sign-in skipped: cache unavailable (ConnectionError)" in caplog.text  # it really was down


def test_a_reset_with_the_broker_down_still_answers_alike_and_sends(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(user_ids: list[int]) -> None:
        raise KombuOperationalError("[Errno 111] Connection refused")

    monkeypatch.setattr(send_password_reset_emails, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        known, unknown = _reset(world.clinician.email), _reset("nobody@example.test")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [message.to for message in mail.outbox] == [[world.clinician.email]]
