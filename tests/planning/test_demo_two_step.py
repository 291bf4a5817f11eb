"""The demo on a laptop keeps two-step sign-in on: seed_demo gives the clinicians and the admin a shared,
clearly-demo authenticator key, and `manage.py demo_code EMAIL` prints the code to type (DEBUG only)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client as HttpClient
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from planning.demo import people

pytestmark = pytest.mark.django_db
MAYA = people.CLINICIANS[0].email


@pytest.fixture
def demo() -> None:
    call_command("seed_demo", stdout=StringIO())


def _demo_code(email: str, *, debug: bool = True) -> str:
    """Run `manage.py demo_code EMAIL` as on a laptop (DEBUG on; pytest-django turns it off for tests)."""
    out = StringIO()
    with override_settings(DEBUG=debug):
        call_command("demo_code", email, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_a_demo_clinician_signs_in_with_the_password_and_the_printed_code(demo):
    http = HttpClient()
    assert http.post(reverse("login"), {"username": MAYA, "password": people.DEMO_PASSWORD})["Location"] == (
        reverse("planning:two_factor")
    )
    http.post(reverse("planning:two_factor"), {"code": _demo_code(MAYA)})
    assert http.get(reverse("planning:caseload")).status_code == 200


def test_the_printed_code_moves_on_once_it_is_used(demo):
    first = _demo_code(MAYA)
    http = HttpClient()
    http.post(reverse("login"), {"username": MAYA, "password": people.DEMO_PASSWORD})
    http.post(reverse("planning:two_factor"), {"code": first})
    assert _demo_code(MAYA) != first


def test_the_demo_staff_have_the_demo_key_and_the_clients_none(demo):
    apps = TOTPDevice.objects.filter(name=people.DEMO_APP_NAME)
    assert sorted(apps.values_list("user__email", flat=True)) == sorted(
        [people.ADMIN.email, *(person.email for person in people.CLINICIANS)]
    )
    assert not TOTPDevice.objects.filter(user__email=people.CLIENTS[0].email).exists()


def test_seeding_again_keeps_each_demo_app(demo):
    before = list(TOTPDevice.objects.values_list("pk", flat=True))
    call_command("seed_demo", stdout=StringIO())
    assert list(TOTPDevice.objects.values_list("pk", flat=True)) == before


def test_seed_demo_says_how_to_get_a_code(db):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "manage.py demo_code EMAIL" in out.getvalue() and people.DEMO_TOTP_KEY in out.getvalue()


def test_demo_code_refuses_without_debug(demo):
    with pytest.raises(CommandError, match="DEBUG"):
        _demo_code(MAYA, debug=False)


def test_demo_code_never_reads_a_real_persons_app(demo, world):
    TOTPDevice.objects.create(user=world.clinician, name="Authenticator app", confirmed=True)
    with pytest.raises(CommandError, match="no demo authenticator"):
        _demo_code(world.clinician.email)
