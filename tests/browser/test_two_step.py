"""In Chromium: a clinician sets up two-step sign-in, then signs in with a code from the app and with a recovery
code; a used recovery code is turned away kindly. An admin resets a clinician's. Axe on every two-step page."""

from __future__ import annotations

from base64 import b32decode

from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import TEST_PASSWORD, ClinicianFactory, OrgAdminFactory
from tests.second_factor import app_for, code_for

PHONE = {"width": 390, "height": 844}


def _password(page, user) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _sign_out(page) -> None:
    page.goto("/accounts/logout/")
    page.get_by_role("main").get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in").wait_for()


def _code_page(page, code: str) -> None:
    page.get_by_role("heading", name="One more step").wait_for()
    page.get_by_label("Code from your app").fill(code)
    page.get_by_role("button", name="Continue").click()


def test_a_clinician_sets_up_an_app_and_signs_in_with_it_and_with_a_recovery_code(
    browser_page, check_axe, transactional_db
):
    clinician = ClinicianFactory(full_name="Dr Tess Twostep")
    page = browser_page(viewport=PHONE)
    _password(page, clinician)
    page.get_by_role("heading", name="Set up two-step sign-in").wait_for()
    assert page.get_by_role("img", name="QR code for your authenticator app").is_visible()
    check_axe(page)

    key = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")  # as a person types it into their app
    page.get_by_label("Code from your app").fill(f"{TOTP(b32decode(key)).token():06d}")
    page.get_by_role("button", name="Confirm and continue").click()
    page.get_by_role("heading", name="Your recovery codes").wait_for()
    codes = [code.strip() for code in page.get_by_role("list", name="Recovery codes").locator("code").all_inner_texts()]
    assert len(codes) == 10
    check_axe(page)
    page.get_by_role("link", name="I've kept them, continue").click()
    page.get_by_role("heading", name="Your caseload").wait_for()

    _sign_out(page)
    _password(page, clinician)
    page.get_by_role("heading", name="One more step").wait_for()
    check_axe(page)
    _code_page(page, code_for(TOTPDevice.objects.get(user=clinician)))
    page.get_by_role("heading", name="Your caseload").wait_for()

    _sign_out(page)
    _password(page, clinician)
    page.get_by_text("Lost your phone, or the app?").click()  # says a recovery code goes in the same box
    _code_page(page, codes[0])
    page.get_by_role("heading", name="Your caseload").wait_for()

    _sign_out(page)
    _password(page, clinician)
    _code_page(page, codes[0])
    page.get_by_text("Each recovery code works only once").wait_for()
    assert page.url.endswith(reverse("planning:two_factor"))
    check_axe(page)


def test_an_admin_resets_a_clinicians_two_step_sign_in(browser_page, sign_in, check_axe, transactional_db):
    admin = OrgAdminFactory()
    clinician = ClinicianFactory(organization=admin.organization, full_name="Dr Pat Phoneless")
    app_for(clinician)
    page = browser_page()
    sign_in(page, admin)
    page.goto("/organisation/")
    page.get_by_text("Reset two-step sign-in").click()
    page.get_by_role("button", name="Reset Dr Pat Phoneless's two-step sign-in").click()
    page.get_by_text("Dr Pat Phoneless's two-step sign-in is reset").wait_for()
    check_axe(page)
    assert not TOTPDevice.objects.filter(user=clinician).exists()

    again = browser_page()
    _password(again, clinician)
    again.get_by_role("heading", name="Set up two-step sign-in").wait_for()


def test_an_admin_resets_another_admins_two_step_sign_in(browser_page, sign_in, check_axe, transactional_db):
    admin = OrgAdminFactory()
    colleague = OrgAdminFactory(organization=admin.organization, full_name="Mina Admin")
    app_for(colleague)
    page = browser_page()
    sign_in(page, admin)
    page.goto("/organisation/")
    page.get_by_text("another admin here can reset your two-step sign-in").wait_for()
    page.locator("summary", has_text="Reset two-step sign-in of Mina Admin").click()
    page.get_by_role("button", name="Reset Mina Admin's two-step sign-in").click()
    page.get_by_text("Mina Admin's two-step sign-in is reset").wait_for()
    check_axe(page)
    assert not TOTPDevice.objects.filter(user=colleague).exists()
