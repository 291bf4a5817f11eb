"""Two-step sign-in for tests: a real confirmed app (django-otp's TOTPDevice) and codes computed from its key.

`verified(http, user)` leaves a test client's session exactly as the code page leaves it (django-otp's
own session key naming a confirmed device of that user), so every test still runs through the real
OTPMiddleware and SecondFactorMiddleware. `code_for(device)` is what the person's app would show.
"""

from __future__ import annotations

from django.test import Client as HttpClient
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from planning.demo.people import code_now
from planning.models import User

# A fixed key, so a failing test can be replayed by hand with any authenticator app.
TEST_KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test key, "12345678901234567890"


def app_for(user: User) -> TOTPDevice:
    """The user's confirmed authenticator app, set up now if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", key=TEST_KEY, confirmed=True)


def code_for(device: TOTPDevice) -> str:
    """The code the app shows now, or the next one when this one was already used (each code works once)."""
    return code_now(device)


def verified(http: HttpClient, user: User) -> HttpClient:
    """Mark a signed-in test client's session as past the second factor with the user's (new or existing) app."""
    session = http.session
    session[DEVICE_ID_SESSION_KEY] = app_for(user).persistent_id
    session.save()
    return http


def needs_app(user: User) -> bool:
    """Whether a signed-in session of this user passes a second factor: required for the role, or chosen."""
    return user.second_factor_required or TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def force_sign_in(http: HttpClient, user: User) -> HttpClient:
    """Sign a test client in as `user` (no password form), past the second factor where they have or need one."""
    http.force_login(user, backend="planning.user_cache.CachedModelBackend")
    return verified(http, user) if needs_app(user) else http


def pass_second_factor(http: HttpClient, user: User) -> HttpClient:
    """Type the code from the user's app into the real code page, after a password sign-in."""
    response = http.post(reverse("planning:two_factor"), {"code": code_for(app_for(user))})
    assert response.status_code == 302, response.status_code
    return http
