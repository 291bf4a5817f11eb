"""Small middleware of our own."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils import timezone
from django.utils.functional import empty

from .services.second_factor import second_factor_due

request_logger = logging.getLogger("stepwise.request")


# What a response holds when it is a file to keep rather than a page: these are never stored by a cache.
DOWNLOAD_TYPES = ("application/pdf", "application/zip", "text/csv", "application/json", "application/fhir+json")


def is_download(response: HttpResponse) -> bool:
    """Say whether a response is a file (a PDF, ZIP, CSV or JSON export) rather than a page."""
    disposition = response.get("Content-Disposition", "")
    content_type = response.get("Content-Type", "").split(";", 1)[0].strip()
    return disposition.startswith("attachment") or content_type in DOWNLOAD_TYPES


class NoStoreMiddleware:
    """Keep signed-in pages and every download out of shared and back-button caches: they hold clinical text.

    A download is covered whoever asks, so a one-time export link works the same without a session.
    A download's own caching header gives way (a PDF must not sit in a disk cache); a page's is kept.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_download(response):
            response["Cache-Control"] = "no-store"
        elif getattr(request, "user", None) is not None and request.user.is_authenticated:
            response.setdefault("Cache-Control", "no-store")
        return response


class PermissionsPolicyMiddleware:
    """Say on every response which browser features no page may use (settings.PERMISSIONS_POLICY)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        policy: dict[str, list[str]] = getattr(settings, "PERMISSIONS_POLICY", {})
        self.header = ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in policy.items())

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.setdefault("Permissions-Policy", self.header)
        return response


class RequestLogMiddleware:
    """Log one line per request: method, URL pattern name, status, duration and the user's numeric id.

    Never the raw path (it holds ids), the query string or anything posted; config/logs.py formats the line.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = request.resolver_match  # None when no pattern matched (a 404 before any view)
        request_logger.info(
            "request",
            extra={
                "method": request.method,
                "route": match.view_name if match is not None else None,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": _user_id(request),
            },
        )
        return response


def _user_id(request: HttpRequest) -> int | None:
    """The signed-in user's id, read only if the view already loaded the user (no extra session query)."""
    user = getattr(request, "user", None)
    loaded = getattr(user, "_wrapped", user)  # a lazy user the view never touched is still `empty`
    if loaded is None or loaded is empty or not loaded.is_authenticated:
        return None
    return int(loaded.pk)


class SignInWithoutNextMiddleware:
    """Send people to sign in at the bare sign-in address, never with `?next=`.

    `login_required` adds the page asked for (`?next=/me/safety-plan/`), and the sign-in page would
    keep that clinical path in the address bar and the browser's history. Sign-in goes home instead.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        location = response.get("Location", "")
        sign_in = resolve_url(settings.LOGIN_URL)
        if location.startswith(sign_in + "?"):
            response["Location"] = sign_in
        return response


# A live session's stored expiry moves on at most this often, so a signed-in page read writes nothing.
SESSION_REFRESH_SECONDS = 60
REFRESHED_AT = "_refreshed_at"


class SessionRefreshMiddleware:
    """Keep a session alive for SESSION_COOKIE_AGE after the last request, rewriting it at most once a minute.

    Replaces SESSION_SAVE_EVERY_REQUEST, which rewrote the session row in a transaction on every
    request. A session is saved (and its expiry moved on) only when something changed it or its last
    save is a minute old, so the idle sign-out comes between 29 and 30 minutes after the last request.
    Goes right after SessionMiddleware, so it answers before that saves the session.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.session_key is None:
            return response  # no session cookie: nothing to keep alive, and no row to create
        refreshed_at = session.get(REFRESHED_AT)  # loads the session if the view did not
        if session.is_empty():
            return response  # signed out, or the cookie named a session that has expired
        now = int(timezone.now().timestamp())
        if session.modified or refreshed_at is None or now - refreshed_at >= SESSION_REFRESH_SECONDS:
            session[REFRESHED_AT] = now  # marks it modified: SessionMiddleware saves it with a new expiry
        return response


# What a signed-in session reaches before its second factor: signing in and out, the two-step pages,
# password reset, invitations, the health check, and leaving quickly with the page it lands on.
# (Static files are served before Django's views: WhiteNoise in production, runserver's handler locally.)
OPEN_BEFORE_SECOND_FACTOR = frozenset(
    {
        "login",
        "logout",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "healthz",
        "planning:accept_invitation",
        "planning:leave_quickly",
        "planning:neutral_page",
        "planning:stay_signed_in",
        "planning:two_factor",
        "planning:two_factor_setup",
    }
)


class SecondFactorMiddleware:
    """The one place that holds back every page until a session that owes a second factor has passed it.

    Clinicians, organisation admins and Django staff owe it always (SECOND_FACTOR_REQUIRED); others once they chose
    it (services/second_factor.second_factor_due). The view never runs, so a post writes nothing: the
    person is sent to the code page, or to set up an app if they have none yet. Goes after django-otp's
    OTPMiddleware, which works out `request.user.is_verified()`.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable[..., Any], *args: Any) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        if not second_factor_due(request):
            return None
        return redirect("planning:two_factor")
