"""The address django-axes locks out is the one nginx saw: a made-up X-Forwarded-For never dodges a lockout."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test import Client as HttpClient
from django.test import override_settings
from django.urls import reverse

from tests.factories import TEST_PASSWORD

NGINX = "127.0.0.1"
BEHIND_PROXY = override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))


def _sign_in(email: str, password: str, forwarded_for: str | None = None, remote: str = "198.51.100.7") -> Any:
    headers = {"X-Forwarded-Proto": "https"}
    if forwarded_for is not None:
        headers["X-Forwarded-For"] = forwarded_for
    http = HttpClient(REMOTE_ADDR=remote)
    return http.post(reverse("login"), {"username": email, "password": password}, headers=headers)


def _fail_from_made_up_addresses(email: str, real: str | None = None) -> None:
    """Fail the limit over, each time claiming a new address in X-Forwarded-For.

    With `real`, through nginx: every request reaches gunicorn from 127.0.0.1 and nginx appends `real`.
    """
    for n in range(settings.AXES_FAILURE_LIMIT):
        claimed = f"10.9.8.{n}"
        if real:
            _sign_in(email, "not-the-password", forwarded_for=f"{claimed}, {real}", remote=NGINX)
        else:
            _sign_in(email, "not-the-password", forwarded_for=claimed)


def test_on_the_default_settings_a_made_up_forwarded_address_does_not_dodge_the_lockout(world):
    _fail_from_made_up_addresses(world.clinician.email)
    response = _sign_in(world.clinician.email, TEST_PASSWORD, forwarded_for="10.9.8.200")
    assert response.status_code == 429 and "_auth_user_id" not in response.wsgi_request.session


def test_on_the_default_settings_another_connection_is_not_locked_out(world):
    # Control: the lockout is per email and address, so a different real address still signs in.
    _fail_from_made_up_addresses(world.clinician.email)
    assert _sign_in(world.clinician.email, TEST_PASSWORD, remote="198.51.100.99").status_code == 302


@BEHIND_PROXY
def test_behind_the_proxy_a_made_up_first_entry_does_not_dodge_the_lockout(world):
    _fail_from_made_up_addresses(world.clinician.email, real="203.0.113.9")
    response = _sign_in(world.clinician.email, TEST_PASSWORD, forwarded_for="10.9.8.200, 203.0.113.9", remote=NGINX)
    assert response.status_code == 429


@BEHIND_PROXY
def test_behind_the_proxy_the_address_nginx_saw_decides(world):
    # Control: every request comes from nginx's 127.0.0.1, yet a person nginx saw elsewhere is not locked out
    # (were axes to count REMOTE_ADDR, one person's failures would lock everyone out of that account).
    _fail_from_made_up_addresses(world.clinician.email, real="203.0.113.9")
    response = _sign_in(world.clinician.email, TEST_PASSWORD, forwarded_for="203.0.113.10", remote=NGINX)
    assert response.status_code == 302
