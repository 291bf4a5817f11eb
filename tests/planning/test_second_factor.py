"""Two-step sign-in: setting up an app, signing in with its code or a recovery code, limits, choosing it
as a client, and the organisation admin's reset of a clinician's."""

from __future__ import annotations

import re

from django.test import Client as HttpClient
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from planning.audit_log import sentence
from planning.models import AuditEvent
from planning.services.second_factor import pending_key_new
from tests.factories import TEST_PASSWORD, OrgAdminFactory, UserFactory
from tests.matrix import record_fingerprint
from tests.second_factor import app_for, code_for, force_sign_in

TWO_STEP = reverse("planning:two_factor")
SET_UP = reverse("planning:two_factor_setup")
CODES = reverse("planning:two_factor_codes")


def _password(user) -> HttpClient:
    """Sign in through the real sign-in form with the password only."""
    http = HttpClient()
    response = http.post(reverse("login"), {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return http


def _enrol(http: HttpClient) -> tuple[str, list[str]]:
    """Set up an app from the set-up page as a person would; return its key and the recovery codes shown."""
    page = http.get(SET_UP)
    key = page.context["pending"].key
    response = http.post(SET_UP, {"secret": page.context["pending"].signed, "code": _code(key)})
    assert response["Location"] == CODES
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", http.get(CODES).content.decode())
    return key, codes


def _code(key: str) -> str:
    return f"{TOTP(bytes.fromhex(key)).token():06d}"


def _caseload(http: HttpClient) -> int:
    return http.get(reverse("planning:caseload")).status_code


# Signing in


def test_a_clinician_without_an_app_is_led_from_the_password_to_setting_one_up(world):
    http = _password(world.clinician)
    assert http.get(reverse("planning:caseload"))["Location"] == TWO_STEP
    assert http.get(TWO_STEP)["Location"] == SET_UP


def test_setting_up_an_app_opens_the_caseload_and_shows_ten_recovery_codes_once(world):
    http = _password(world.clinician)
    _key, codes = _enrol(http)
    assert len(set(codes)) == 10
    assert _caseload(http) == 200
    assert "shown once" in http.get(CODES).content.decode()  # the second look shows no codes
    assert StaticToken.objects.filter(device__user=world.clinician).count() == 10


def test_the_set_up_page_draws_the_qr_code_inline_without_styles_or_data_addresses(world):
    body = _password(world.clinician).get(SET_UP).content.decode()
    svg = re.search(r"<svg[^>]*>", body).group(0)
    assert 'role="img"' in svg and "aria-label" in svg
    assert " style=" not in body and "data:" not in body


def test_the_key_in_words_is_the_one_the_qr_code_carries(world):
    http = _password(world.clinician)
    page = http.get(SET_UP)
    words = page.context["pending"].words.replace(" ", "")
    assert f"secret={words}" in page.context["pending"].config_url(world.clinician)
    assert page.context["pending"].words in page.content.decode()


def test_a_wrong_code_while_setting_up_keeps_the_same_key_and_says_what_to_do(world):
    http = _password(world.clinician)
    page = http.get(SET_UP)
    response = http.post(SET_UP, {"secret": page.context["pending"].signed, "code": "000000"})
    assert response.status_code == 200 and "Codes change every 30 seconds" in response.content.decode()
    assert response.context["pending"].key == page.context["pending"].key
    assert not TOTPDevice.objects.filter(user=world.clinician).exists()


def test_a_set_up_page_key_that_was_not_ours_is_refused(world):
    http = _password(world.clinician)
    key = "00" * 20
    response = http.post(SET_UP, {"secret": key, "code": _code(key)})
    assert response.status_code == 200 and "fresh key" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=world.clinician).exists()


def test_signing_in_again_asks_for_the_code_from_the_app(world):
    _enrol(_password(world.clinician))
    http = _password(world.clinician)
    assert _caseload(http) == 302
    assert http.post(TWO_STEP, {"code": code_for(TOTPDevice.objects.get(user=world.clinician))}).status_code == 302
    assert _caseload(http) == 200


def test_a_wrong_code_is_met_kindly_and_opens_nothing(world):
    _enrol(_password(world.clinician))
    http = _password(world.clinician)
    response = http.post(TWO_STEP, {"code": "123 456"})
    assert "please type the one your app shows right now" in response.content.decode()
    assert _caseload(http) == 302


def test_a_recovery_code_signs_in_once(world):
    _key, codes = _enrol(_password(world.clinician))
    first = _password(world.clinician)
    assert first.post(TWO_STEP, {"code": codes[0].upper()}).status_code == 302  # typed in capitals: still fine
    assert _caseload(first) == 200
    again = _password(world.clinician)
    response = again.post(TWO_STEP, {"code": codes[0]})
    assert "works only once" in response.content.decode() and _caseload(again) == 302


def test_signing_in_with_a_recovery_code_is_on_the_audit_trail_and_an_app_code_is_not(world):
    _key, codes = _enrol(_password(world.clinician))
    _password(world.clinician).post(TWO_STEP, {"code": code_for(TOTPDevice.objects.get(user=world.clinician))})
    assert not AuditEvent.objects.filter(action="second_factor.recovery_code_used").exists()  # control
    _password(world.clinician).post(TWO_STEP, {"code": codes[3]})
    event = AuditEvent.objects.get(action="second_factor.recovery_code_used")
    assert sentence(event, None) == "A recovery code stood in for the app at a sign-in by Dr Ada Treat."
    assert codes[3] not in str(AuditEvent.objects.values_list())


def test_an_app_code_works_once(world):
    _enrol(_password(world.clinician))
    code = code_for(TOTPDevice.objects.get(user=world.clinician))
    assert _password(world.clinician).post(TWO_STEP, {"code": code})["Location"] == reverse("planning:home")
    twice = _password(world.clinician)
    twice.post(TWO_STEP, {"code": code})
    assert _caseload(twice) == 302


def test_django_otp_pauses_after_a_wrong_code_and_says_for_how_long(world):
    _enrol(_password(world.clinician))
    http = _password(world.clinician)
    http.post(TWO_STEP, {"code": "000000"})
    response = http.post(TWO_STEP, {"code": code_for(TOTPDevice.objects.get(user=world.clinician))})
    assert "pausing for a moment" in response.content.decode() and _caseload(http) == 302


def test_the_sixth_code_in_a_minute_is_refused_before_it_is_checked(world):
    _enrol(_password(world.clinician))
    http = _password(world.clinician)
    for _ in range(5):
        http.post(TWO_STEP, {"code": "000000"})
    device = TOTPDevice.objects.get(user=world.clinician)
    response = http.post(TWO_STEP, {"code": "000000"})
    assert response.status_code == 429 and "short pause" in response.content.decode()
    assert 'name="code"' not in response.content.decode()  # the code is not offered back
    assert TOTPDevice.objects.get(pk=device.pk).throttling_failure_count == device.throttling_failure_count


def test_a_new_app_cannot_replace_the_old_one_before_passing_it(world):
    _enrol(_password(world.clinician))
    http = _password(world.clinician)
    assert http.get(SET_UP)["Location"] == TWO_STEP
    pending = pending_key_new()
    assert http.post(SET_UP, {"secret": pending.signed, "code": _code(pending.key)})["Location"] == TWO_STEP
    assert TOTPDevice.objects.get(user=world.clinician).key != pending.key


def test_a_clinician_past_the_code_can_move_to_a_new_app(clinician_http, world):
    old = app_for(world.clinician).key
    page = clinician_http.get(SET_UP)
    clinician_http.post(SET_UP, {"secret": page.context["pending"].signed, "code": _code(page.context["pending"].key)})
    assert TOTPDevice.objects.get(user=world.clinician).key not in (old, "")
    assert _caseload(clinician_http) == 200


def test_setting_up_is_on_the_audit_trail_without_the_key(admin_http, world):
    _key, codes = _enrol(_password(world.clinician))
    event = AuditEvent.objects.get(action="second_factor.set_up")
    assert sentence(event, None) == "Two-step sign-in was set up for their own account by Dr Ada Treat."
    assert codes[0] not in admin_http.get(reverse("planning:org_audit")).content.decode()


def test_django_staff_are_asked_for_a_code_before_the_django_admin(db):
    staff = UserFactory(is_staff=True, is_superuser=True, role="", organization=None)
    http = _password(staff)
    assert http.get(reverse("admin:index"))["Location"] == TWO_STEP
    _enrol(http)  # no clinic, so nothing for a clinic's audit trail
    assert http.get(reverse("admin:index")).status_code == 200


def test_an_admin_is_asked_for_a_code_too(world):
    http = _password(world.org_admin)
    assert http.get(reverse("planning:org_home"))["Location"] == TWO_STEP


@override_settings(SECOND_FACTOR_REQUIRED=False)
def test_with_the_requirement_off_a_clinician_without_an_app_signs_in_with_the_password(world):
    assert _caseload(_password(world.clinician)) == 200


# Clients choose


def test_a_client_is_never_asked_unless_they_choose_it(world):
    http = _password(world.client.user)
    assert http.get(reverse("planning:client_home")).status_code == 200
    assert "Turn on two-step sign-in" in http.get(reverse("planning:account")).content.decode()


def test_an_ally_is_never_asked_unless_they_choose_it(world):
    ally = world.user("ally")
    http = _password(ally)
    assert http.get(reverse("planning:ally_home")).status_code == 200
    assert not ally.second_factor_required and world.clinician.second_factor_required  # control


def test_an_ally_who_chose_it_is_asked_for_a_code_too(world):
    ally = world.user("ally")
    _enrol(_password(ally))
    http = _password(ally)
    assert http.get(reverse("planning:ally_home"))["Location"] == TWO_STEP


def test_a_client_who_chose_it_is_asked_for_a_code_at_their_next_sign_in(world):
    _enrol(_password(world.client.user))
    http = _password(world.client.user)
    assert http.get(reverse("planning:client_home"))["Location"] == TWO_STEP
    http.post(TWO_STEP, {"code": code_for(TOTPDevice.objects.get(user=world.client.user))})
    assert http.get(reverse("planning:client_home")).status_code == 200


def test_a_client_can_turn_it_off_again(world):
    http = _password(world.client.user)
    _enrol(http)
    assert http.post(reverse("planning:two_factor_off"))["Location"] == reverse("planning:account")
    assert not TOTPDevice.objects.filter(user=world.client.user).exists()
    assert not StaticDevice.objects.filter(user=world.client.user).exists()
    assert _password(world.client.user).get(reverse("planning:client_home")).status_code == 200


def test_a_clinician_cannot_turn_it_off(clinician_http, world):
    assert clinician_http.post(reverse("planning:two_factor_off")).status_code == 403
    assert TOTPDevice.objects.filter(user=world.clinician).exists()


def test_new_recovery_codes_replace_the_old_ones(clinician_http, world):
    clinician_http.post(CODES)
    old = list(StaticToken.objects.filter(device__user=world.clinician).values_list("token", flat=True))
    clinician_http.post(CODES)
    new = set(StaticToken.objects.filter(device__user=world.clinician).values_list("token", flat=True))
    assert len(new) == 10 and not new & set(old)


# The organisation admin's reset


def _reset(http: HttpClient, clinician) -> int:
    url = reverse("planning:org_clinician_two_factor_reset", kwargs={"clinician_id": clinician.public_id})
    return http.post(url).status_code


def test_the_admin_resets_a_clinicians_app_and_codes_and_it_is_audited(admin_http, world):
    _enrol(_password(world.clinician))
    assert _reset(admin_http, world.clinician) == 302
    assert not TOTPDevice.objects.filter(user=world.clinician).exists()
    assert not StaticDevice.objects.filter(user=world.clinician).exists()
    event = AuditEvent.objects.get(action="second_factor.reset")
    assert event.actor == world.org_admin and event.target_id == world.clinician.public_id
    assert "two-step sign-in was reset" in sentence(event, None)


def test_after_a_reset_the_clinician_is_signed_out_everywhere_and_sets_up_again(admin_http, world):
    before = force_sign_in(HttpClient(), world.clinician)
    assert _caseload(before) == 200
    _reset(admin_http, world.clinician)
    assert before.get(reverse("planning:caseload"))["Location"] == reverse("login")
    http = _password(world.clinician)
    assert http.get(TWO_STEP)["Location"] == SET_UP
    _enrol(http)
    assert _caseload(http) == 200


def test_an_admin_of_another_clinic_cannot_reset_our_clinician(world):
    app_for(world.clinician)
    outsider = force_sign_in(HttpClient(), OrgAdminFactory(organization=world.other_clinic))
    before = record_fingerprint()
    assert _reset(outsider, world.clinician) == 404
    assert record_fingerprint() == before


def test_a_clinician_cannot_reset_a_colleague(clinician_http, world):
    app_for(world.bystander_clinician)
    before = record_fingerprint()
    assert _reset(clinician_http, world.bystander_clinician) == 403
    assert record_fingerprint() == before


def test_the_admins_people_page_offers_the_reset_for_each_clinician(admin_http, world):
    body = admin_http.get(reverse("planning:org_home")).content.decode()
    assert f"Reset {world.clinician}'s two-step sign-in" in body
