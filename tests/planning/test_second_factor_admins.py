"""An admin who lost their phone and recovery codes: another admin of the clinic resets them, or Stepwise staff
do it at the server (`manage.py reset_second_factor`). Never one's own from the org page."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client as HttpClient
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from planning.audit_log import sentence
from planning.models import AuditEvent
from planning.services.second_factor import recovery_codes_renew
from tests.factories import OrgAdminFactory
from tests.matrix import record_fingerprint
from tests.second_factor import app_for, force_sign_in

HOME = reverse("planning:org_home")


def _colleague(world):
    """A second admin of the same clinic, with an app and recovery codes."""
    admin = OrgAdminFactory(organization=world.clinic, full_name="Mina Admin")
    app_for(admin)
    recovery_codes_renew(user=admin)
    return admin


def _reset(http: HttpClient, admin) -> int:
    url = reverse("planning:org_admin_two_factor_reset", kwargs={"admin_id": admin.public_id})
    return http.post(url).status_code


def _has_devices(user) -> bool:
    return TOTPDevice.objects.filter(user=user).exists() or StaticDevice.objects.filter(user=user).exists()


def test_an_admin_resets_another_admin_of_the_clinic_who_is_signed_out_everywhere(admin_http, world):
    colleague = _colleague(world)
    their_session = force_sign_in(HttpClient(), colleague)
    assert _reset(admin_http, colleague) == 302
    assert not _has_devices(colleague)
    assert their_session.get(HOME)["Location"] == reverse("login")
    event = AuditEvent.objects.get(action="second_factor.admin_reset")
    assert event.actor == world.org_admin and event.target_id == colleague.public_id
    assert sentence(event, None).startswith("An admin's two-step sign-in was reset")


def test_an_admin_cannot_reset_their_own_from_the_button(admin_http, world):
    _colleague(world)  # control above: the same post for a colleague works
    app_for(world.org_admin)
    before = record_fingerprint()
    assert _reset(admin_http, world.org_admin) == 403
    assert record_fingerprint() == before
    assert TOTPDevice.objects.filter(user=world.org_admin).exists()


def test_an_admin_of_another_clinic_cannot_reset_ours(world):
    colleague = _colleague(world)
    outsider = force_sign_in(HttpClient(), OrgAdminFactory(organization=world.other_clinic))
    before = record_fingerprint()
    assert _reset(outsider, colleague) == 404
    assert record_fingerprint() == before and _has_devices(colleague)


def test_a_clinician_cannot_reset_an_admin(clinician_http, world):
    colleague = _colleague(world)
    before = record_fingerprint()
    assert _reset(clinician_http, colleague) == 403
    assert record_fingerprint() == before and _has_devices(colleague)


def test_the_org_page_offers_the_reset_for_other_admins_and_not_for_oneself(admin_http, world):
    colleague = _colleague(world)
    body = admin_http.get(HOME).content.decode()
    assert f"Reset {colleague}'s two-step sign-in" in body
    assert f"Reset {world.org_admin}'s two-step sign-in" not in body
    assert "another admin here can reset" in body


def test_the_only_admin_is_told_to_keep_their_codes_safe_and_that_stepwise_staff_can_help(admin_http):
    body = admin_http.get(HOME).content.decode()
    assert "keep your recovery codes somewhere safe" in body and "Stepwise staff can help" in body


def test_stepwise_staff_reset_the_only_admin_from_the_server_and_the_trail_says_so(world):
    app_for(world.org_admin)
    their_session = force_sign_in(HttpClient(), world.org_admin)
    out = StringIO()
    call_command("reset_second_factor", world.org_admin.email.upper(), stdout=out)
    assert not _has_devices(world.org_admin)
    assert their_session.get(HOME)["Location"] == reverse("login")
    assert world.org_admin.email not in out.getvalue()
    event = AuditEvent.objects.get(action="second_factor.reset_by_staff")
    assert event.actor is None and event.organization_id == world.clinic.pk
    assert sentence(event, None) == (
        "A two-step sign-in was reset by Stepwise staff, and its owner was signed out everywhere."
    )


def test_the_command_kindly_refuses_an_email_no_one_signs_in_with(world):
    app_for(world.org_admin)
    before = record_fingerprint()
    with pytest.raises(CommandError, match="No Stepwise account signs in with that email") as error:
        call_command("reset_second_factor", "nobody@example.test")
    assert "nobody@example.test" not in str(error.value)
    assert record_fingerprint() == before
