"""Sessions read from the cache: no session query on a signed-in page, and nothing ended comes back from the cache."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planning import session_store
from planning.session_store import SessionStore
from tests.second_factor import force_sign_in
from tests.test_settings import PRODUCTION, _manage


@pytest.fixture(autouse=True)
def _cache_readable() -> None:
    """Each test starts with no pause left over from a test that broke the cache."""
    session_store._paused_until.clear()


def _signed_in(user: Any) -> HttpClient:
    return force_sign_in(HttpClient(), user)


def _session_reads(http: HttpClient, url: str) -> tuple[int, int, int]:
    """Request a page; return its status, the session table's reads and the user table's reads."""
    with CaptureQueriesContext(connection) as captured:
        status = http.get(url).status_code
    reads = [q["sql"] for q in captured if q["sql"].lstrip().startswith("SELECT")]
    return status, sum("django_session" in sql for sql in reads), sum('"planning_user"' in sql for sql in reads)


def _broken(*args: Any, **kwargs: Any) -> Any:
    raise ConnectionError("the cache is not answering")


def test_a_signed_in_page_reads_no_session_row(client_http):
    client_http.get(reverse("planning:client_home"))
    status, session_reads, _ = _session_reads(client_http, reverse("planning:my_safety_plan"))
    assert (status, session_reads) == (200, 0)  # and the user row: tests/planning/test_user_cache.py


def test_with_the_cache_emptied_the_session_is_read_from_the_database(client_http):
    cache.clear()
    status, session_reads, _ = _session_reads(client_http, reverse("planning:my_safety_plan"))
    assert (status, session_reads) == (200, 1)
    assert _session_reads(client_http, reverse("planning:my_safety_plan"))[:2] == (200, 0)  # and kept again


def test_signing_out_everywhere_ends_a_session_served_from_the_cache(world):
    phone, laptop = _signed_in(world.clinician), _signed_in(world.clinician)
    assert phone.get(reverse("planning:caseload")).status_code == 200
    laptop.post(reverse("planning:sign_out_everywhere"))
    assert phone.get(reverse("planning:caseload")).status_code == 302


def test_a_signed_out_session_stays_out_though_it_is_still_cached_elsewhere(world):
    http = _signed_in(world.clinician)
    cookie = http.cookies["sessionid"].value
    http.post(reverse("logout"))
    again = HttpClient()
    again.cookies["sessionid"] = cookie
    assert again.get(reverse("planning:caseload")).status_code == 302


def test_a_request_that_read_the_session_before_the_sign_out_cannot_put_it_back(world, monkeypatch):
    http = _signed_in(world.clinician)
    key = http.cookies["sessionid"].value
    cache.delete(session_store.KEY_PREFIX + key)
    store = SessionStore(key)
    read_from_database = store._get_session_from_db

    def read_then_sign_out() -> Any:
        row = read_from_database()
        http.post(reverse("logout"))  # the sign-out lands between this request's read and its copy to the cache
        return row

    monkeypatch.setattr(store, "_get_session_from_db", read_then_sign_out)
    assert store.load()  # this request still saw the session it had read
    again = HttpClient()
    again.cookies["sessionid"] = key
    assert again.get(reverse("planning:caseload")).status_code == 302


def test_signing_out_keeps_other_devices_signed_in(world):
    phone, laptop = _signed_in(world.clinician), _signed_in(world.clinician)
    laptop.post(reverse("logout"))
    assert phone.get(reverse("planning:caseload")).status_code == 200


def test_a_sign_out_the_cache_cannot_hear_ends_every_session_of_that_person(world, monkeypatch):
    phone, laptop = _signed_in(world.clinician), _signed_in(world.clinician)
    laptop_cookie = laptop.cookies["sessionid"].value
    laptop.get(reverse("planning:caseload"))  # the laptop's session is in the cache
    with monkeypatch.context() as broken:
        broken.setattr(type(caches["default"]), "set", _broken)
        assert laptop.post(reverse("logout")).status_code == 302
    # The cache answers again and still holds the laptop's copy: it no longer matches the person, nor does the phone.
    again = HttpClient()
    again.cookies["sessionid"] = laptop_cookie
    assert again.get(reverse("planning:caseload")).status_code == 302
    assert phone.get(reverse("planning:caseload")).status_code == 302


def test_with_redis_down_a_client_signs_out_and_cannot_come_back_with_the_old_cookie(dead_services, client_http):
    key = client_http.cookies["sessionid"].value
    assert client_http.get(reverse("planning:my_safety_plan")).status_code == 200
    assert client_http.post(reverse("logout")).status_code == 302
    again = HttpClient()
    again.cookies["sessionid"] = key
    assert again.get(reverse("planning:my_safety_plan")).status_code == 302


def test_after_a_failed_read_the_cache_is_left_alone_for_a_while(client_http, monkeypatch):
    calls = []

    def failing_get(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        raise ConnectionError("the cache is not answering")

    monkeypatch.setattr(type(caches["default"]), "get", failing_get)
    for _ in range(3):
        assert client_http.get(reverse("planning:my_safety_plan")).status_code == 200
    assert len(calls) == 1


def test_a_copy_past_its_expiry_is_not_used(client_http):
    key = client_http.cookies["sessionid"].value
    client_http.get(reverse("planning:client_home"))
    expires, data = cache.get(session_store.KEY_PREFIX + key)
    cache.set(session_store.KEY_PREFIX + key, (expires - 31 * 60, data))  # as if the clock had moved on
    Session.objects.filter(session_key=key).delete()  # and the database had let it go
    assert client_http.get(reverse("planning:client_home")).status_code == 302


PRODUCTION_REDIS_DOWN_CHECK = """
import json
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.test.utils import override_settings
from planning.models import Client as ClientRecord, Organization, Role, User

# Loading the library clears a cache: migrate beside a local one, then serve with REDIS_URL's, which is down.
with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}):
    call_command("migrate", verbosity=0)
org = Organization.objects.create(name="Clinic")
user = User.objects.create_user("robin@example.test", "a-long-password-1", organization=org, role=Role.CLIENT)
ClientRecord.objects.create(organization=org, user=user, preferred_name="Robin", email=user.email)
http = Client(HTTP_HOST="stepwise.example.org")
http.force_login(user, backend="planning.user_cache.CachedModelBackend")
cookie = http.cookies[settings.SESSION_COOKIE_NAME].value  # __Host-sessionid in production
plan = http.get("/me/safety-plan/", secure=True)
out = http.post(reverse("logout"), secure=True)
again = Client(HTTP_HOST="stepwise.example.org")
again.cookies[settings.SESSION_COOKIE_NAME] = cookie
print(json.dumps([plan.status_code, out.status_code, again.get("/me/safety-plan/", secure=True).status_code]))
"""


def test_production_settings_with_redis_unreachable_serve_the_safety_plan_and_sign_out(tmp_path):
    # REDIS_URL names a port where nothing listens: the cache, sessions' copy and the broker are all down.
    # Pages link hashed static files from the manifest, so collect them first, as a deployment does.
    env = {**PRODUCTION, "DATABASE_URL": "sqlite://:memory:", "STATIC_ROOT": str(tmp_path)}
    collected = _manage("collectstatic", "--noinput", "-v0", env=env)
    assert collected.returncode == 0, collected.stderr
    result = _manage("shell", "--no-imports", "-c", PRODUCTION_REDIS_DOWN_CHECK, env=env)
    assert result.returncode == 0, result.stderr
    plan, sign_out, old_cookie = json.loads(result.stdout.strip().splitlines()[-1])
    assert (plan, sign_out) == (200, 302)
    assert old_cookie == 302


PRODUCTION_REDIS_UP_CHECK = """
import json, re, uuid
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from planning.models import Client as ClientRecord, Organization, Role, User
from planning.views import safety

# Production's cache (RedisCache at REDIS_URL) under a key prefix of this run's own: no earlier run's kept page
# is found and nothing else in that Redis database is touched. Every key of the run is deleted at the end.
prefix = "kept-check-" + uuid.uuid4().hex
assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache") and not settings.DEBUG
override_settings(CACHES={"default": {**settings.CACHES["default"], "KEY_PREFIX": prefix}}).enable()
call_command("migrate", verbosity=0)
org = Organization.objects.create(name="Clinic")
user = User.objects.create_user("robin@example.test", "a-long-password-1", organization=org, role=Role.CLIENT)
record = ClientRecord.objects.create(organization=org, user=user, preferred_name="Robin", email=user.email)

draws = []  # each time the safety plan page is drawn rather than served kept
draw = safety._draw_plan_page
safety._draw_plan_page = lambda *args, **kwargs: draws.append(1) or draw(*args, **kwargs)
host = "stepwise.example.org"
http = Client(enforce_csrf_checks=True, HTTP_HOST=host, HTTP_ORIGIN="https://" + host)
http.force_login(user, backend="planning.user_cache.CachedModelBackend")  # production's
token = re.compile(r"[a-zA-Z0-9]{64}")
line = "Ring the bell at the climbing wall"
visits = {}

def visit(name):
    draws.clear()
    with CaptureQueriesContext(connection) as queries:
        page = http.get("/me/safety-plan/", secure=True)
    html = page.content.decode()
    visits[name] = {"status": page.status_code, "drawn": len(draws), "queries": len(queries)}
    visits[name]["shows_line"] = line in html
    return html

first, kept = visit("first"), visit("kept")
kept_token = token.search(kept).group(0)
add = reverse("planning:safety_plan_add_item", args=[record.public_id])
no_token = http.post(add, {"section": "coping", "text": line}, secure=True).status_code
visit("after_no_token")
posted = http.post(add, {"csrfmiddlewaretoken": kept_token, "section": "coping", "text": line}, secure=True)
http.get(posted["Location"], secure=True)  # the page the post leads to, which shows "Added to your plan." once
visit("next")
visit("next_kept")

redis = cache._cache.get_client(write=True)
for key in redis.scan_iter(match=prefix + ":*"):
    redis.delete(key)
print(json.dumps({
    "visits": visits,
    "same_page": token.sub("TOKEN", first) == token.sub("TOKEN", kept),
    "fresh_token": token.search(first).group(0) != kept_token,
    "no_token": no_token,
    "posted": posted.status_code,
}))
"""


@pytest.mark.services  # needs REDIS_URL: skips locally without it, and CI fails a skip (tests/conftest.py)
def test_production_settings_with_redis_up_keep_the_safety_plan_and_its_fresh_token_posts(tmp_path):
    """Production settings on the real Redis: drawn once, then served kept; its token saves a line that shows next."""
    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set: start Redis to run the production kept-page test (CI does).")
    env = {**PRODUCTION, "DATABASE_URL": "sqlite://:memory:", "STATIC_ROOT": str(tmp_path)}
    env["REDIS_URL"] = os.environ["REDIS_URL"]
    collected = _manage("collectstatic", "--noinput", "-v0", env=env)
    assert collected.returncode == 0, collected.stderr
    result = _manage("shell", "--no-imports", "-c", PRODUCTION_REDIS_UP_CHECK, env=env)
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    visits = facts["visits"]
    assert [visits["first"]["status"], visits["first"]["drawn"]] == [200, 1]
    # Served kept: not drawn, and fewer queries than the drawing (the stamp, the session's user, no page queries).
    assert [visits["kept"]["status"], visits["kept"]["drawn"]] == [200, 0]
    assert visits["kept"]["queries"] < visits["first"]["queries"]
    assert facts["same_page"] and facts["fresh_token"]
    # Control: CSRF checks are on, so a post without the token is refused and saves nothing.
    assert facts["no_token"] == 403 and not visits["after_no_token"]["shows_line"]
    # The kept page's token is the reader's own: the line saves, and the next page is drawn again and shows it.
    assert facts["posted"] == 302
    assert visits["next"]["drawn"] == 1 and visits["next"]["shows_line"]
    assert visits["next_kept"]["drawn"] == 0 and visits["next_kept"]["shows_line"]


@pytest.mark.parametrize("backend", ["django.contrib.auth.backends.ModelBackend", "some.other.Backend"])
def test_a_session_signed_in_before_the_user_cache_carries_on_after_the_deploy(world, backend):
    """Sessions from before the deploy name Django's ModelBackend: they carry on (control: an unknown one does not)."""
    http = HttpClient()
    http.force_login(world.client.user, backend="django.contrib.auth.backends.ModelBackend")
    store = SessionStore(http.cookies["sessionid"].value)
    store["_auth_user_backend"] = backend
    store.save()
    cache.clear()  # the copy in the cache too: the next request reads the row as it was written
    status = http.get(reverse("planning:my_safety_plan")).status_code
    assert status == (200 if backend.startswith("django.") else 302)
