"""Security headers and cookies under the production settings: the sign-in page, a signed-in page and the PDFs.

The production values are read from `config.settings` itself, imported with DEBUG off and the production
variables in a subprocess (as `manage.py check --deploy` runs in tests/test_settings.py), then applied to
the test run, so a change to the real settings is what these tests see.
"""

from __future__ import annotations

import json
from http.cookies import Morsel
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client as HttpClient
from django.urls import reverse

from planning.middleware import NoStoreMiddleware
from tests.factories import TEST_PASSWORD
from tests.second_factor import force_sign_in, pass_second_factor
from tests.test_settings import PRODUCTION, _manage

SECURITY_SETTINGS = [
    "DEBUG",
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_DOMAIN",
    "SESSION_COOKIE_PATH",
    "CSRF_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "CSRF_COOKIE_DOMAIN",
    "CSRF_COOKIE_PATH",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "X_FRAME_OPTIONS",
    "PERMISSIONS_POLICY",
    "SECURE_PROXY_SSL_HEADER",
]
PRINT_SETTINGS = f"""
import json, django
django.setup()
from django.conf import settings
print(json.dumps({{name: getattr(settings, name, None) for name in {SECURITY_SETTINGS!r}}}))
"""


@pytest.fixture(scope="session")
def production_values() -> dict[str, Any]:
    """The security settings as production computes them (DEBUG unset, production variables, behind nginx)."""
    result = _manage("shell", "-c", PRINT_SETTINGS, env={**PRODUCTION, "BEHIND_TLS_PROXY": "true"})
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def production(settings: Any, production_values: dict[str, Any]) -> dict[str, Any]:
    for name, value in production_values.items():
        setattr(settings, name, value)
    return production_values


def _https(user: Any = None, **options: Any) -> HttpClient:
    """A browser reaching the site over HTTPS through the TLS proxy, signed in as `user` if given."""
    http = HttpClient(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="testserver", **options)
    return force_sign_in(http, user) if user is not None else http


def _assert_security_headers(response: HttpResponse) -> None:
    hsts = response["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts and "preload" in hsts
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def _cookie_attributes(cookie: Morsel[str]) -> dict[str, Any]:
    return {
        "secure": bool(cookie["secure"]),
        "httponly": bool(cookie["httponly"]),
        "samesite": cookie["samesite"],
        "path": cookie["path"],
        "domain": cookie["domain"],
    }


HOST_COOKIE = {"secure": True, "httponly": True, "samesite": "Lax", "path": "/", "domain": ""}


def test_production_names_its_cookies_for_this_host_only(production):
    assert production["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert production["CSRF_COOKIE_NAME"] == "__Host-csrftoken"


def test_a_laptop_over_plain_http_keeps_the_plain_cookie_names():
    # Browsers drop __Host- cookies that are not Secure, and a laptop's cookies are not.
    printed = _manage("shell", "-c", PRINT_SETTINGS, env={"DEBUG": "true"})
    laptop = json.loads(printed.stdout.strip().splitlines()[-1])
    assert not laptop["SESSION_COOKIE_SECURE"]
    assert (laptop["SESSION_COOKIE_NAME"], laptop["CSRF_COOKIE_NAME"]) == ("sessionid", "csrftoken")


def test_the_sign_in_page_carries_the_headers_and_a_host_only_csrf_cookie(production, db):
    response = _https().get(reverse("login"))
    _assert_security_headers(response)
    assert _cookie_attributes(response.cookies["__Host-csrftoken"]) == HOST_COOKIE
    assert "csrftoken" not in response.cookies


def test_signing_in_sets_a_host_only_session_cookie(production, world):
    http = _https()
    response = http.post(reverse("login"), {"username": world.clinician.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert _cookie_attributes(response.cookies["__Host-sessionid"]) == HOST_COOKIE
    pass_second_factor(http, world.clinician)  # a new session key, in the same host-only cookie
    assert _cookie_attributes(http.cookies["__Host-sessionid"]) == HOST_COOKIE
    assert http.get(reverse("planning:caseload")).status_code == 200  # the renamed cookie carries the session


def test_a_signed_in_page_carries_the_headers_and_is_never_stored(production, world):
    response = _https(world.client.user).get(reverse("planning:my_safety_plan"))
    assert response.status_code == 200
    _assert_security_headers(response)
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("name", ["planning:safety_plan_pdf", "planning:safety_plan_card_pdf"])
def test_the_safety_plan_pdfs_carry_the_headers_and_are_never_stored(production, world, name):
    response = _https(world.client.user).get(reverse(name, kwargs={"client_id": world.client.public_id}))
    assert response["Content-Type"] == "application/pdf"
    _assert_security_headers(response)
    assert response["Cache-Control"] == "no-store"


def test_the_audit_csv_is_never_stored(production, world):
    response = _https(world.org_admin).get(reverse("planning:org_audit_csv"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_a_download_is_never_stored_even_without_a_session_or_with_its_own_caching(rf):
    def download(request: HttpRequest) -> HttpResponse:
        response = HttpResponse(b"PK", content_type="application/zip")
        response["Content-Disposition"] = 'attachment; filename="export.zip"'
        response["Cache-Control"] = "max-age=3600"
        return response

    request = rf.get("/exports/one-time/")  # a one-time link: no one signed in
    assert NoStoreMiddleware(download)(request)["Cache-Control"] == "no-store"


def test_a_public_page_keeps_its_own_caching(rf):
    # Control: the rule is about downloads and signed-in pages, not every response.
    def page(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("<p>Simple tomato soup</p>")
        response["Cache-Control"] = "max-age=60"
        return response

    request = rf.get("/recipes/tomato-soup/")
    assert NoStoreMiddleware(page)(request)["Cache-Control"] == "max-age=60"


def test_the_page_token_still_works_with_the_host_only_csrf_cookie(production, world):
    http = _https(world.client.user, enforce_csrf_checks=True)
    page = http.get(reverse("planning:client_home")).content.decode()
    token = json.loads(page.split("hx-headers='", 1)[1].split("'", 1)[0])["X-CSRFToken"]  # htmx's header
    response = http.post(
        reverse("planning:leave_quickly"), HTTP_X_CSRFTOKEN=token, headers={"Origin": "https://testserver"}
    )
    assert response.status_code == 302


def test_a_post_without_the_page_token_is_still_refused(production, world):
    http = _https(world.client.user, enforce_csrf_checks=True)
    http.get(reverse("planning:client_home"))
    response = http.post(reverse("planning:leave_quickly"), headers={"Origin": "https://testserver"})
    assert response.status_code == 403


def test_the_deploy_check_finds_nothing_at_all_in_production():
    # tests/test_settings.py fails on warnings; this fails on the info-level notes too.
    result = _manage("check", "--deploy", "--fail-level", "INFO", env=PRODUCTION)
    assert result.returncode == 0 and "no issues" in result.stdout, result.stdout + result.stderr


def test_a_post_from_a_page_open_before_the_cookie_changed_gets_a_kind_page(world):
    # The cookies' new names sign everyone out once and make a form open since then fail its token check.
    http = HttpClient(enforce_csrf_checks=True)
    http.force_login(world.client.user, backend="planning.user_cache.CachedModelBackend")
    response = http.post(reverse("planning:leave_quickly"), {"csrfmiddlewaretoken": "from-an-old-page"})
    page = response.content.decode()
    assert response.status_code == 403 and "Please send that again" in page and "nothing was saved" in page
    assert "CSRF verification failed" not in page
