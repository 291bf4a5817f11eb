"""Sessions: signed-in pages write no session row, an active session stays alive, an idle one ends at 30 minutes."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.test_settings import PRODUCTION, _manage


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[timedelta], None]:
    """Return a function that moves the time the app (and the session store) sees forward."""
    start = timezone.now()
    moved = timedelta()

    def now() -> datetime:
        return start + moved

    def advance(by: timedelta) -> None:
        nonlocal moved
        moved += by

    monkeypatch.setattr(timezone, "now", now)
    return advance


def _session_writes(http: HttpClient, url: str) -> tuple[int, list[str]]:
    """Request a page; return its status and the statements that wrote the session table."""
    with CaptureQueriesContext(connection) as captured:
        status = http.get(url).status_code
    writes = [
        q["sql"]
        for q in captured
        if "django_session" in q["sql"] and q["sql"].lstrip().startswith(("UPDATE", "INSERT"))
    ]
    return status, writes


def test_a_page_read_within_the_minute_writes_no_session(client_http, clock):
    client_http.get(reverse("planning:client_home"))
    clock(timedelta(seconds=50))
    assert _session_writes(client_http, reverse("planning:client_home")) == (200, [])


def test_a_page_read_after_the_minute_moves_the_expiry_on(client_http, clock):
    client_http.get(reverse("planning:client_home"))
    clock(timedelta(seconds=61))
    status, writes = _session_writes(client_http, reverse("planning:client_home"))
    assert status == 200
    assert len(writes) == 1


def test_an_active_session_outlives_thirty_minutes(client_http, clock):
    for _ in range(10):  # a page every five minutes for 50 minutes
        clock(timedelta(minutes=5))
        assert client_http.get(reverse("planning:client_home")).status_code == 200


def test_a_session_idle_for_thirty_minutes_signs_out(client_http, clock):
    client_http.get(reverse("planning:client_home"))
    clock(timedelta(minutes=30, seconds=1))
    assert client_http.get(reverse("planning:client_home")).status_code == 302


def test_a_session_idle_for_twenty_nine_minutes_stays_signed_in(client_http, clock):
    client_http.get(reverse("planning:client_home"))
    clock(timedelta(minutes=29))
    assert client_http.get(reverse("planning:client_home")).status_code == 200


def test_idle_time_counts_from_the_last_request_even_one_that_wrote_nothing(client_http, clock):
    client_http.get(reverse("planning:client_home"))  # the expiry moves on here
    clock(timedelta(seconds=50))
    client_http.get(reverse("planning:client_home"))  # no write: at most 50 s of idle time are lost
    clock(timedelta(minutes=29))
    assert client_http.get(reverse("planning:client_home")).status_code == 200


def test_an_anonymous_visit_makes_no_session():
    http = HttpClient()
    http.get(reverse("login"))
    assert "sessionid" not in http.cookies


def test_signing_out_ends_the_session(client_http):
    client_http.post(reverse("logout"))
    assert client_http.get(reverse("planning:client_home")).status_code == 302


def test_a_signed_in_client_reaches_their_safety_plan_with_redis_down(dead_services, client_http, clock):
    client_http.get(reverse("planning:client_home"))
    clock(timedelta(minutes=2))  # the session is refreshed on this request, with the cache unreachable
    status, writes = _session_writes(client_http, reverse("planning:my_safety_plan"))
    assert status == 200
    assert len(writes) == 1


PRODUCTION_SESSION_CHECK = """
import json
from datetime import timedelta
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.conf import settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from planning.models import Organization, Role, User

# Loading the library clears a cache, and nothing listens at REDIS_URL here: a local cache stands in for Redis.
settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
call_command("migrate", verbosity=0)
org = Organization.objects.create(name="Clinic")
user = User.objects.create_user("ada@example.test", "a-long-password-1", organization=org, role=Role.CLINICIAN)
http = Client(HTTP_HOST="stepwise.example.org")
http.force_login(user, backend="planning.user_cache.CachedModelBackend")
session = http.session  # past two-step sign-in, as the code page leaves a session
session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.create(user=user, name="App").persistent_id
session.save()
start = timezone.now()
seen = []
for offset in (0, 30, 90, 90 + 29 * 60, 90 + 29 * 60 + 30 * 60 + 1):
    timezone.now = lambda offset=offset: start + timedelta(seconds=offset)
    with CaptureQueriesContext(connection) as captured:
        response = http.get("/", secure=True)
    writes = sum(1 for q in captured if "django_session" in q["sql"] and q["sql"].startswith(("UPDATE", "INSERT")))
    seen.append([response.status_code, response.get("Location", ""), writes])
print(json.dumps(seen))
"""


def test_production_settings_refresh_the_session_at_most_once_a_minute():
    env = {**PRODUCTION, "DATABASE_URL": "sqlite://:memory:"}
    result = _manage("shell", "--no-imports", "-c", PRODUCTION_SESSION_CHECK, env=env)
    assert result.returncode == 0, result.stderr
    first, within_the_minute, after_it, idle_29_minutes, idle_30_minutes = json.loads(result.stdout)
    assert first == [302, "/caseload/", 1]
    assert within_the_minute == [302, "/caseload/", 0]
    assert after_it == [302, "/caseload/", 1]
    assert idle_29_minutes == [302, "/caseload/", 1]
    assert idle_30_minutes[1].startswith("/accounts/login/")
