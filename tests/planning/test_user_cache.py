"""The signed-in person's row read from the cache: one query fewer, and every change that ends a session still does.

Each test first makes requests, so the row is in the cache, then changes the row the way the app does
and checks the very next request; each has a control where nothing changed and the next request still works.
"""

from __future__ import annotations

import json
import logging
import os
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from planning import session_store, user_cache
from planning.models import User
from planning.redis_cache import RedisCache
from planning.services.people import user_sign_out_everywhere
from planning.services.second_factor import recovery_codes_renew, second_factor_turn_off
from tests.factories import ClinicianFactory, OrgAdminFactory
from tests.second_factor import app_for, force_sign_in
from tests.test_settings import PRODUCTION, _manage

CASELOAD = "planning:caseload"
HOME = "planning:client_home"


@pytest.fixture(autouse=True)
def _cache_readable() -> None:
    """Each test starts with no pause or owed retire left over from a test that broke the cache."""
    session_store._paused_until.clear()
    user_cache._owed.clear()


def _cached(user: User, page: str = CASELOAD) -> HttpClient:
    """A signed-in test client whose row the cache now holds (the first request after signing in keeps it)."""
    http = force_sign_in(HttpClient(), user)
    assert http.get(reverse(page)).status_code == 200
    assert _user_reads(http, page) == (200, 0)
    return http


def _user_reads(http: HttpClient, page: str = CASELOAD) -> tuple[int, int]:
    """Request a page; return its status and how many times it read the user table."""
    with CaptureQueriesContext(connection) as captured:
        status = http.get(reverse(page)).status_code
    reads = [q["sql"] for q in captured if q["sql"].lstrip().startswith("SELECT")]
    return status, sum('FROM "planning_user" WHERE "planning_user"."id" = ' in sql for sql in reads)


def _broken(*args: Any, **kwargs: Any) -> Any:
    raise ConnectionError("the cache is not answering")


def test_a_signed_in_page_makes_one_query_fewer_once_the_row_is_cached(world, django_assert_num_queries):
    http = _cached(world.clinician)
    cache.delete(user_cache._row_key(world.clinician.pk))  # as after the copy's minute ran out
    with CaptureQueriesContext(connection) as from_the_database:
        assert http.get(reverse(CASELOAD)).status_code == 200
    with django_assert_num_queries(len(from_the_database) - 1):
        assert http.get(reverse(CASELOAD)).status_code == 200


def test_the_copy_holds_the_row_only_not_related_rows(world):
    _cached(world.client.user, HOME)
    token = cache.get(user_cache._token_key(world.client.user.pk))
    kept_token, columns = cache.get(user_cache._row_key(world.client.user.pk))
    assert kept_token == token
    assert set(columns) == {field.attname for field in User._meta.concrete_fields}  # organization_id, no organization


# Every change that must end a session ends it on the very next request, though the row was cached.


def test_signing_out_everywhere_ends_a_session_whose_row_was_cached(world):
    phone, laptop = _cached(world.clinician), _cached(world.clinician)
    assert laptop.post(reverse("planning:sign_out_everywhere")).status_code == 302
    assert phone.get(reverse(CASELOAD)).status_code == 302


def test_without_signing_out_everywhere_the_cached_session_still_works(world):
    phone = _cached(world.clinician)
    _cached(world.readonly_clinician).post(reverse("planning:sign_out_everywhere"))  # someone else's
    assert _user_reads(phone) == (200, 0)


def test_closing_the_account_ends_a_session_whose_row_was_cached(world):
    phone, laptop = _cached(world.client.user, HOME), _cached(world.client.user, HOME)
    assert "Your account is closed" in laptop.post(reverse("planning:account_close")).content.decode()
    assert phone.get(reverse(HOME)).status_code == 302


def test_without_closing_the_client_stays_signed_in(world):
    phone = _cached(world.client.user, HOME)
    assert _user_reads(phone, HOME) == (200, 0)


def test_an_admin_deactivating_a_clinician_ends_their_cached_session(world, admin_http):
    open_session = _cached(world.clinician)
    url = reverse("planning:org_clinician_deactivate", args=[world.clinician.public_id])
    assert admin_http.post(url).status_code == 302
    assert open_session.get(reverse(CASELOAD)).status_code == 302


def test_deactivating_a_colleague_leaves_the_clinicians_cached_session(world, admin_http):
    open_session = _cached(world.clinician)
    admin_http.post(reverse("planning:org_clinician_deactivate", args=[world.bystander_clinician.public_id]))
    assert _user_reads(open_session) == (200, 0)


def test_a_new_password_ends_a_session_whose_row_was_cached(world):
    open_session = _cached(world.clinician)
    world.clinician.set_password("a-brand-new-password-7")
    world.clinician.save()
    assert open_session.get(reverse(CASELOAD)).status_code == 302


def test_resetting_two_step_sign_in_ends_the_clinicians_cached_session(world, admin_http):
    open_session = _cached(world.clinician)
    url = reverse("planning:org_clinician_two_factor_reset", args=[world.clinician.public_id])
    assert admin_http.post(url).status_code == 302
    assert open_session.get(reverse(CASELOAD)).status_code == 302


def test_resetting_a_colleagues_two_step_sign_in_leaves_this_cached_session(world, admin_http):
    open_session = _cached(world.clinician)
    admin_http.post(reverse("planning:org_clinician_two_factor_reset", args=[world.bystander_clinician.public_id]))
    assert _user_reads(open_session) == (200, 0)


def test_stepwise_staff_resetting_an_admin_ends_their_cached_session(world):
    open_session = _cached(world.org_admin, "planning:org_home")
    call_command("reset_second_factor", world.org_admin.email, stdout=StringIO())
    assert open_session.get(reverse("planning:org_home")).status_code == 302


def test_a_saved_name_is_what_the_next_request_sees(world):
    open_session = _cached(world.clinician)
    world.clinician.full_name = "Dr Ada Treat-Lovelace"
    world.clinician.save()
    assert open_session.get(reverse(CASELOAD)).wsgi_request.user.full_name == "Dr Ada Treat-Lovelace"


def test_a_row_saved_inactive_ends_its_cached_session_and_a_saved_row_that_stays_active_does_not(world):
    kept, ended = _cached(world.readonly_clinician), _cached(world.clinician)
    world.readonly_clinician.save()
    world.clinician.is_active = False
    world.clinician.save(update_fields=["is_active"])
    assert kept.get(reverse(CASELOAD)).status_code == 200
    assert ended.get(reverse(CASELOAD)).status_code == 302


def test_a_bulk_update_ends_the_cached_sessions_of_the_rows_it_touched(world):
    ended, kept = _cached(world.clinician), _cached(world.readonly_clinician)
    world.clinician.is_active = False
    User.objects.bulk_update([world.clinician], ["is_active"])
    assert ended.get(reverse(CASELOAD)).status_code == 302
    assert kept.get(reverse(CASELOAD)).status_code == 200


def test_a_deleted_row_ends_its_cached_session(db):
    leaving, staying = ClinicianFactory(), ClinicianFactory()
    gone, kept = _cached(leaving), _cached(staying)
    User.objects.filter(pk=leaving.pk).delete()
    assert gone.get(reverse(CASELOAD)).status_code == 302
    assert kept.get(reverse(CASELOAD)).status_code == 200


def test_the_manager_offers_no_delete_of_everyone(db):
    assert not hasattr(User.objects, "delete")


# Writes racing with a request that read the old row


def test_a_request_that_read_the_row_before_a_change_cannot_cache_it_over_the_change(world, monkeypatch):
    phone = _cached(world.clinician)
    cache.delete(user_cache._row_key(world.clinician.pk))  # the next request reads the row from the database
    read = user_cache._from_database

    def read_then_sign_out_everywhere(pk: Any) -> Any:
        row = read(pk)
        user_sign_out_everywhere(user=User.objects.get(pk=pk))  # lands between this read and its copy to the cache
        return row

    with monkeypatch.context() as racing:
        racing.setattr(user_cache, "_from_database", read_then_sign_out_everywhere)
        phone.get(reverse(CASELOAD))  # this request still saw the row it had read
    assert phone.get(reverse(CASELOAD)).status_code == 302


def test_an_old_row_cached_before_the_commit_is_retired_when_the_change_commits(
    world, django_capture_on_commit_callbacks
):
    phone = _cached(world.clinician)
    old = user_cache._columns(User.objects.get(pk=world.clinician.pk))
    with django_capture_on_commit_callbacks(execute=True):
        User.objects.filter(pk=world.clinician.pk).update(is_active=False)
        # Another request, before the commit, read the new token and then the old row, and cached it.
        token = cache.get(user_cache._token_key(world.clinician.pk))
        cache.set(user_cache._row_key(world.clinician.pk), (token, old))
    assert phone.get(reverse(CASELOAD)).status_code == 302


def test_a_copy_of_another_shape_is_not_used(world):
    phone = _cached(world.clinician)
    token, columns = cache.get(user_cache._row_key(world.clinician.pk))
    cache.set(user_cache._row_key(world.clinician.pk), (token, {**columns, "nickname": "Ada"}))  # an older User
    assert _user_reads(phone) == (200, 1)


# The cache down or failing


def test_with_the_cache_failing_the_page_is_served_from_the_database(world, monkeypatch, caplog):
    phone = _cached(world.clinician)
    caplog.set_level(logging.WARNING, logger="planning.session_store")
    with monkeypatch.context() as broken:
        broken.setattr(type(caches["default"]), "get_many", _broken)  # only the user's copy cannot be read
        assert _user_reads(phone) == (200, 1)
    assert "users: the cache could not read a user (ConnectionError); using the database" in caplog.text
    assert world.clinician.email not in caplog.text and world.clinician.full_name not in caplog.text


def test_with_the_cache_failing_a_page_is_served_and_signing_out_everywhere_still_ends_the_session(world, monkeypatch):
    phone, laptop = _cached(world.clinician), _cached(world.clinician)
    with monkeypatch.context() as broken:
        for method in ("get", "get_many", "set", "set_many", "add", "delete", "has_key"):
            broken.setattr(type(caches["default"]), method, _broken)
        assert _user_reads(phone) == (200, 1)
        laptop.post(reverse("planning:sign_out_everywhere"))
        assert phone.get(reverse(CASELOAD)).status_code == 302


def test_a_retire_the_cache_missed_is_sent_before_this_process_reads_a_copy_again(world, monkeypatch):
    phone = _cached(world.clinician)
    with monkeypatch.context() as broken:
        broken.setattr(type(caches["default"]), "set_many", _broken)  # the cache misses the retire only
        user_sign_out_everywhere(user=world.clinician)
    session_store._paused_until.clear()  # the pause after the failure is over; the cache still holds the old row
    assert phone.get(reverse(CASELOAD)).status_code == 302
    assert not user_cache._owed


def test_with_redis_down_a_clinician_is_served_and_signs_out_everywhere(dead_services, world):
    phone = force_sign_in(HttpClient(), world.clinician)
    assert phone.get(reverse(CASELOAD)).status_code == 200
    laptop = force_sign_in(HttpClient(), world.clinician)
    laptop.post(reverse("planning:sign_out_everywhere"))
    assert phone.get(reverse(CASELOAD)).status_code == 302


def test_an_admin_row_is_cached_like_anyone_elses(db):
    admin = OrgAdminFactory()
    assert _user_reads(_cached(admin, "planning:org_home"), "planning:org_home") == (200, 0)


# The device a clinician's session passed two-step sign-in with, read from the cache too


def _device_reads(http: HttpClient, page: str = CASELOAD) -> tuple[int, int]:
    """Request a page; return its status and how many times it loaded a second-factor device by its id."""
    with CaptureQueriesContext(connection) as captured:
        status = http.get(reverse(page)).status_code
    return status, sum(
        re.search(r'FROM "otp_\w+device" WHERE "otp_\w+device"."id" = ', q["sql"]) is not None for q in captured
    )


def _device_cached(user: User, page: str = CASELOAD) -> HttpClient:
    http = _cached(user, page)
    assert _device_reads(http, page) == (200, 0)
    return http


def test_a_clinicians_page_makes_one_query_fewer_once_the_device_is_cached(world, django_assert_num_queries):
    http = _device_cached(world.clinician)
    device = app_for(world.clinician)
    cache.delete(user_cache._row_key(device.persistent_id, user_cache.DEVICE_KEY_PREFIX))
    with CaptureQueriesContext(connection) as from_the_database:
        assert http.get(reverse(CASELOAD)).status_code == 200
    with django_assert_num_queries(len(from_the_database) - 1):
        assert http.get(reverse(CASELOAD)).status_code == 200


def test_the_devices_copy_holds_whose_it_is_and_whether_confirmed_never_its_secret(world):
    _device_cached(world.clinician)
    device = app_for(world.clinician)
    _, columns = cache.get(user_cache._row_key(device.persistent_id, user_cache.DEVICE_KEY_PREFIX))
    assert columns == {"id": device.pk, "user_id": world.clinician.pk, "confirmed": True}


def test_a_deleted_app_sends_a_cached_session_back_to_two_step_sign_in(world):
    open_session, colleague = _device_cached(world.clinician), _device_cached(world.readonly_clinician)
    TOTPDevice.objects.filter(user=world.clinician).delete()  # no sign-out: only the device goes
    assert open_session.get(reverse(CASELOAD))["Location"] == reverse("planning:two_factor")
    assert colleague.get(reverse(CASELOAD)).status_code == 200


def test_an_app_saved_unconfirmed_sends_a_cached_session_back_to_two_step_sign_in(world):
    open_session = _device_cached(world.clinician)
    device = app_for(world.clinician)
    device.confirmed = False
    device.save()
    assert open_session.get(reverse(CASELOAD))["Location"] == reverse("planning:two_factor")


def test_a_saved_app_that_stays_confirmed_keeps_the_cached_session(world):
    open_session = _device_cached(world.clinician)
    app_for(world.clinician).save()  # as checking a code does (its last time step)
    assert open_session.get(reverse(CASELOAD)).status_code == 200


def test_a_session_that_passed_with_a_recovery_code_ends_when_the_codes_are_renewed(world):
    http = force_sign_in(HttpClient(), world.clinician)
    codes = StaticDevice.objects.create(user=world.clinician, name="Recovery codes", confirmed=True)
    session = http.session
    session[DEVICE_ID_SESSION_KEY] = codes.persistent_id
    session.save()
    for _ in range(2):
        http.get(reverse(CASELOAD))
    assert _device_reads(http) == (200, 0)
    recovery_codes_renew(user=world.clinician)  # new codes, a new device: the old one is deleted
    assert http.get(reverse(CASELOAD))["Location"] == reverse("planning:two_factor")


def test_turning_two_step_off_is_seen_by_the_next_request_of_a_cached_session(world):
    http = force_sign_in(HttpClient(), world.client.user)
    session = http.session
    session[DEVICE_ID_SESSION_KEY] = app_for(world.client.user).persistent_id  # a client who chose it
    session.save()
    for _ in range(2):
        http.get(reverse(HOME))
    assert http.get(reverse(HOME)).wsgi_request.user.is_verified()
    second_factor_turn_off(user=world.client.user)
    assert not http.get(reverse(HOME)).wsgi_request.user.is_verified()


def test_a_request_that_read_the_device_before_it_was_deleted_cannot_cache_it_over_the_delete(world, monkeypatch):
    http = _device_cached(world.clinician)
    device = app_for(world.clinician)
    cache.delete(user_cache._row_key(device.persistent_id, user_cache.DEVICE_KEY_PREFIX))
    read = user_cache._device_from_database

    def read_then_delete(model: Any, pk: int) -> Any:
        row = read(model, pk)
        TOTPDevice.objects.filter(pk=pk).delete()  # lands between this read and its copy to the cache
        return row

    with monkeypatch.context() as racing:
        racing.setattr(user_cache, "_device_from_database", read_then_delete)
        http.get(reverse(CASELOAD))
    assert http.get(reverse(CASELOAD))["Location"] == reverse("planning:two_factor")


def test_with_the_cache_failing_a_clinicians_page_checks_the_device_in_the_database(world, monkeypatch):
    http = _device_cached(world.clinician)
    with monkeypatch.context() as broken:
        for method in ("get", "get_many", "set", "set_many", "add", "delete", "has_key"):
            broken.setattr(type(caches["default"]), method, _broken)
        assert _device_reads(http) == (200, 1)
        TOTPDevice.objects.filter(user=world.clinician).delete()
        assert http.get(reverse(CASELOAD))["Location"] == reverse("planning:two_factor")


def test_nothing_writes_devices_or_users_past_their_signals_with_a_bare_update():
    """Devices have no queryset of ours: a QuerySet.update() on one would leave its cached copy standing."""
    root = Path(__file__).resolve().parents[2]
    sources = [p for folder in ("planning", "config", "content", "bench") for p in (root / folder).rglob("*.py")]
    bare = re.compile(r"Device\b[^\n]*\.(update|bulk_update|_update|_raw_delete)\(")
    found = [str(p.relative_to(root)) for p in sources if "migrations" not in p.parts and bare.search(p.read_text())]
    assert found == []


PRODUCTION_REDIS_CHECK = """
import json, uuid
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.conf import settings
from planning.models import Client as ClientRecord, Organization, Role, User

# A key prefix of its own: this Redis may hold another run's copies of the same primary keys.
redis = {**settings.CACHES["default"], "KEY_PREFIX": uuid.uuid4().hex}
with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}):
    call_command("migrate", verbosity=0)
with override_settings(CACHES={"default": redis}):
    org = Organization.objects.create(name="Clinic")
    user = User.objects.create_user("robin@example.test", "a-long-password-1", organization=org, role=Role.CLIENT)
    ClientRecord.objects.create(organization=org, user=user, preferred_name="Robin", email=user.email)
    phone, laptop = Client(HTTP_HOST="stepwise.example.org"), Client(HTTP_HOST="stepwise.example.org")
    for http in (phone, laptop):
        http.force_login(user, backend="planning.user_cache.CachedModelBackend")
        http.get("/me/safety-plan/", secure=True)
    with CaptureQueriesContext(connection) as captured:
        cached = phone.get("/me/safety-plan/", secure=True).status_code
    user_reads = sum('FROM "planning_user" WHERE' in q["sql"] for q in captured)
    laptop.post("/account/sign-out-everywhere/", secure=True)
    print(json.dumps([cached, user_reads, phone.get("/me/safety-plan/", secure=True).status_code]))
"""


@pytest.mark.services
def test_production_settings_on_redis_serve_the_cached_row_and_sign_out_everywhere(tmp_path):
    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set: start Redis to run the production-cache test (CI does).")
    env = {
        **PRODUCTION,
        "DATABASE_URL": "sqlite://:memory:",
        "STATIC_ROOT": str(tmp_path),
        "REDIS_URL": os.environ["REDIS_URL"],
    }
    collected = _manage("collectstatic", "--noinput", "-v0", env=env)
    assert collected.returncode == 0, collected.stderr
    result = _manage("shell", "--no-imports", "-c", PRODUCTION_REDIS_CHECK, env=env)
    assert result.returncode == 0, result.stderr
    cached, user_reads, after = json.loads(result.stdout.strip().splitlines()[-1])
    assert (cached, user_reads) == (200, 0)
    assert after == 302


def test_the_redis_backend_keeps_one_client_instead_of_building_one_per_call():
    backend = RedisCache("redis://127.0.0.1:6399/0", {})  # nothing listens there: building a client connects nothing
    assert backend._cache.get_client() is backend._cache.get_client(write=True)
