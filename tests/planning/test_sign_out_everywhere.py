"""Sessions that end kindly: sign-in starts a new session, and "sign out everywhere" ends them all."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from planning.audit_log import sentence
from planning.models import AuditEvent
from tests.factories import TEST_PASSWORD
from tests.second_factor import force_sign_in, pass_second_factor


def _signed_in(user) -> HttpClient:
    http = HttpClient()
    return force_sign_in(http, user)


def _still_signed_in(http: HttpClient) -> bool:
    return http.get(reverse("planning:caseload")).status_code == 200


def test_signing_in_starts_a_new_session(world):
    http = HttpClient()
    before = http.session
    before["probe"] = "set before signing in"
    before.save()
    http.cookies[settings.SESSION_COOKIE_NAME] = before.session_key
    http.post(reverse("login"), {"username": world.clinician.email, "password": TEST_PASSWORD})
    after = http.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before.session_key and http.session["_auth_user_id"] == str(world.clinician.pk)
    assert not Session.objects.filter(session_key=before.session_key).exists()  # the old one cannot be reused


def test_the_account_page_offers_signing_out_everywhere_as_one_button(clinician_http):
    page = clinician_http.get(reverse("planning:account")).content.decode()
    assert f'action="{reverse("planning:sign_out_everywhere")}"' in page and "Sign out everywhere" in page


def test_signing_out_everywhere_ends_every_session_of_that_person(world):
    laptop, phone = _signed_in(world.clinician), _signed_in(world.clinician)
    assert _still_signed_in(laptop) and _still_signed_in(phone)  # control: both were signed in
    response = laptop.post(reverse("planning:sign_out_everywhere"))
    assert response["Location"] == reverse("login")
    assert not _still_signed_in(laptop) and not _still_signed_in(phone)


def test_another_persons_session_stays(world):
    colleague = _signed_in(world.readonly_clinician)
    _signed_in(world.clinician).post(reverse("planning:sign_out_everywhere"))
    assert _still_signed_in(colleague)


def test_signing_in_again_afterwards_works(world):
    _signed_in(world.clinician).post(reverse("planning:sign_out_everywhere"))
    http = HttpClient()
    http.post(reverse("login"), {"username": world.clinician.email, "password": TEST_PASSWORD})
    pass_second_factor(http, world.clinician)
    assert _still_signed_in(http)


def test_the_clinic_audit_log_says_it_plainly(world):
    _signed_in(world.clinician).post(reverse("planning:sign_out_everywhere"))
    event = AuditEvent.objects.get(action="account.signed_out_everywhere")
    assert event.actor == world.clinician and event.client is None
    assert sentence(event, None) == "Their own sign-ins on every device were ended by Dr Ada Treat."


def test_a_get_signs_no_one_out(world):
    http = _signed_in(world.clinician)
    assert http.get(reverse("planning:sign_out_everywhere")).status_code == 405
    assert _still_signed_in(http)


def test_staying_signed_in_from_the_idle_dialog_moves_the_session_expiry_on(clinician_http):
    key = clinician_http.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(seconds=30))
    assert clinician_http.post(reverse("planning:stay_signed_in")).status_code == 204
    assert Session.objects.get(session_key=key).expire_date > timezone.now() + timedelta(minutes=29)


def test_staying_signed_in_after_the_session_ended_asks_to_sign_in(db):
    response = HttpClient().post(reverse("planning:stay_signed_in"))
    assert response.status_code == 302 and not Session.objects.exists()


def test_every_signed_in_page_carries_the_idle_dialog_with_the_real_timings(clinician_http):
    page = clinician_http.get(reverse("planning:caseload")).content.decode()
    assert '<dialog id="idle-dialog"' in page and 'data-idle-seconds="1800" data-warn-seconds="120"' in page
