"""Limits on what can be hammered: one table of rates and one view decorator (django-ratelimit).

Counts live in the shared cache (Redis in production), so every gunicorn worker sees the same
numbers. A request over its limit gets the calm 429 page with a `Retry-After`, and a form post
gets back everything it carried except passwords, so nothing typed is lost. When the cache does
not answer, the limit is skipped (logged once per request): the safety plan and its PDFs must
always serve, and sign-in stays guarded by django-axes, which counts failures in the database.
django-ratelimit's own RATELIMIT_FAIL_OPEN does not cover this: Django's Redis cache raises
`ConnectionError` rather than returning nothing, and that escapes the library as a 500.
`django_ratelimit` is not in INSTALLED_APPS: all it would add is a system check that refuses the
locmem cache a laptop and the tests use. 4.1.0 works on Django 5.2 (tests/test_ratelimits.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django_ratelimit.core import _split_rate, is_ratelimited
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

View = Callable[..., HttpResponse]
UNSAFE = ("POST",)
# Groups whose posts the 429 page never offers back: a two-step code is stale in a minute and is not to be echoed.
KEEPS_NOTHING = frozenset({"second-factor"})
READS = ("GET", "HEAD")


def client_address(request: HttpRequest) -> str:
    """The address a request came from: behind our TLS proxy, the one nginx appended to X-Forwarded-For.

    Only the last entry is the proxy's own observation; anything before it is whatever the client sent.
    """
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    # A unix socket without the proxy's header has no address: such requests share one count.
    return request.META.get("REMOTE_ADDR") or "127.0.0.1"


def _email(group: str, request: HttpRequest) -> str:
    """The address a password reset was asked for, as typed but folded; django-ratelimit hashes it into the key."""
    return request.POST.get("email", "").strip().lower()


def _person_and_address(group: str, request: HttpRequest) -> str:
    """One count per signed-in person per address: codes typed after the password, or when setting up an app."""
    return f"{getattr(request.user, 'pk', '')}:{client_address(request)}"


@dataclass(frozen=True)
class Limit:
    key: str | Callable[[str, HttpRequest], str]  # django-ratelimit's key: "ip", "user", or a function
    rate: str  # "30/10m": 30 requests per 10 minutes
    methods: tuple[str, ...]


# The limits, by what they guard. Chosen to stay far above what a person does by hand and low
# enough that a script gets nowhere; docs/architecture.md ("Limits") gives the reasons.
LIMITS: dict[str, tuple[Limit, ...]] = {
    # Per address, over axes' 5 failures per email+address: one address trying many emails.
    "sign-in": (Limit("ip", "30/10m", UNSAFE),),
    "password-reset": (Limit("ip", "10/h", UNSAFE), Limit(_email, "3/h", UNSAFE)),
    "invitation-send": (Limit("user", "30/h", UNSAFE),),
    # Opening and accepting an invitation link: a guessed token answers 404 either way, but cheaply.
    "invitation-accept": (Limit("ip", "20/10m", READS + UNSAFE),),
    "library-search": (Limit("user", "60/m", READS),),
    # A client's thank-you emails to their allies: a few after a practice, never a stream.
    "ally-thanks": (Limit("user", "10/h", UNSAFE),),
    # Two-step sign-in codes (an app's 6 digits, a recovery code): a person guessing codes gets 5 a minute,
    # beside django-otp's own back-off on the device (1, 2, 4, 8... seconds after each wrong code).
    "second-factor": (Limit(_person_and_address, "5/m", UNSAFE),),
    # All PDFs of one person together: the safety plan, the wallet card and the progress report.
    "pdf": (Limit("user", "30/5m", READS),),
    # Asking for a copy of one's whole record: each one builds every safety-plan version as a PDF.
    "record-export": (Limit("user", "5/h", UNSAFE),),
}

MESSAGES = {
    "sign-in": "There have been a lot of sign-in attempts from this connection in the last few minutes. "
    "To keep everyone's account safe, signing in here is paused for a few minutes.",
    "password-reset": "Several reset emails were asked for in a short time, so this one is on hold for a while. "
    "If an email is already on its way, it will still arrive and its link still works.",
    "invitation-send": "A lot of invitations have gone out in the last hour, so sending is paused for a while.",
    "invitation-accept": "This invitation page was opened many times in a few minutes. "
    "Please wait a few minutes and open your link again.",
    "ally-thanks": "Several thank-yous went out in the last hour, so sending is paused for a while. "
    "Your words are kept below to send later.",
    "library-search": "The library was searched many times in the last minute. Please wait a moment and search again.",
    "second-factor": "A few codes have been tried in the last minute, so this page is taking a short pause "
    "to keep your account safe. Your app shows a fresh code every 30 seconds; when the minute has passed, "
    "type the newest one.",
    "pdf": "Several PDFs were downloaded in the last few minutes. Please wait a moment and download it again.",
    "record-export": "Several copies of your record were asked for in the last hour, so this one is on hold for a "
    "while. The newest copy you asked for is still on its way.",
}


def over_limit(request: HttpRequest, group: str) -> Limit | None:
    """Count this request against each of the group's limits; return the first it is over, if any."""
    for number, limit in enumerate(LIMITS[group]):
        if request.method not in limit.methods:
            continue
        try:
            hit = is_ratelimited(
                request, group=f"{group}.{number}", key=limit.key, rate=limit.rate, method=limit.methods, increment=True
            )
        except (RedisError, OSError) as error:
            logger.warning("rate limit %s skipped: cache unavailable (%s)", group, type(error).__name__)
            return None
        if hit:
            return limit
    return None


def too_many(request: HttpRequest, group: str, limit: Limit, view_kwargs: dict[str, Any]) -> HttpResponse:
    """The calm 429 page: what happened, when to try again, and a form holding what was typed."""
    _count, seconds = _split_rate(limit.rate)
    kept = [
        (name, value)
        for name, values in request.POST.lists()
        if name != "csrfmiddlewaretoken" and "password" not in name
        for value in values
    ]
    context = {
        "message": MESSAGES[group],
        "minutes": max(1, round(seconds / 60)),
        "kept": kept if request.method == "POST" and group not in KEEPS_NOTHING else [],
        "safety_plan_url": _safety_plan_url(view_kwargs),
    }
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def _safety_plan_url(view_kwargs: dict[str, Any]) -> str:
    """For a PDF of a client's record, the safety plan page, which is never limited."""
    client_id = view_kwargs.get("client_id")
    if client_id is None:
        return ""
    try:
        return reverse("planning:safety_plan", kwargs={"client_id": client_id})
    except NoReverseMatch:
        return ""


def rate_limit(group: str) -> Callable[[View], View]:
    """Answer 429 once a request is over its group's limit in LIMITS; the view never runs then."""
    if group not in LIMITS:
        raise KeyError(f"No limit named {group!r} in config.ratelimits.LIMITS")

    def decorator(view: View) -> View:
        @wraps(view)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            limit = over_limit(request, group)
            if limit is not None:
                return too_many(request, group, limit, kwargs)
            return view(request, *args, **kwargs)

        return limited

    return decorator
