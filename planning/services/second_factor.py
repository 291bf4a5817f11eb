"""Two-step sign-in: an authenticator app (TOTP) and ten single-use recovery codes, kept and checked by django-otp.

django-otp stores the devices (`TOTPDevice`, `StaticDevice`), checks codes (each app code once, with its
own back-off after a wrong one) and marks a session as verified (`django_otp.login`). This module decides
who owes a second factor, turns a typed code into the right device, and writes the audit trail.
Nothing here logs or audits a code or a key.
"""

from __future__ import annotations

from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass

from django.core import signing
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django_otp import verify_token
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from ..models import Role, User
from .audit import audit_record

RECOVERY_CODES = 10
APP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
# In the session: this sign-in still owes a second factor (set at sign-in for anyone who has one).
SECOND_FACTOR_DUE = "second_factor_due"
# In the session, once: recovery codes just made, shown on the next page and then gone.
CODES_TO_SHOW = "recovery_codes_to_show"
# A set-up page carries its new key signed, so a post cannot bring a key the server did not make.
PENDING_SALT = "planning.second_factor.pending"
PENDING_MAX_AGE = 60 * 60


class CodeError(Exception):
    """A code that did not work, with a message fit to show the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


WRONG_APP_CODE = (
    "That code didn't match. Codes change every 30 seconds, so please type the one your app shows right now."
)
WRONG_RECOVERY_CODE = (
    "That recovery code didn't work. Each recovery code works only once, so please try another one from your list."
)
PAUSED = (
    "A few codes in a row didn't match, so we're pausing for a moment to keep your account safe. "
    "Please try again in {seconds} seconds."
)
PAGE_TOO_OLD = (
    "This page was open for over an hour, so here is a fresh key. Please remove the old Stepwise entry "
    "from your app, add this one, then type the new code."
)


@dataclass(frozen=True)
class PendingKey:
    """A new app key on its way to being confirmed: the hex key and the signed copy the page carries."""

    key: str
    signed: str

    @property
    def words(self) -> str:
        """The key as an authenticator app asks for it (base32), in groups of four for typing."""
        text = _base32(self.key)
        return " ".join(text[i : i + 4] for i in range(0, len(text), 4))

    def config_url(self, user: User) -> str:
        """The otpauth:// address a QR code carries, from django-otp's own builder."""
        return str(TOTPDevice(user=user, key=self.key).config_url)


def _base32(key: str) -> str:
    return b32encode(unhexlify(key)).decode()


def pending_key_new() -> PendingKey:
    key = random_hex(20)
    return PendingKey(key, signing.dumps(key, salt=PENDING_SALT))


def pending_key_from(signed: str) -> PendingKey | None:
    """The key a set-up page carried, or None when it was not ours or is over an hour old."""
    try:
        key = signing.loads(signed, salt=PENDING_SALT, max_age=PENDING_MAX_AGE)
    except signing.BadSignature:
        return None
    return PendingKey(str(key), signed)


# Who owes what


def app_of(user: User) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if they set one up."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def second_factor_due(request: HttpRequest) -> bool:
    """Say whether this signed-in session must pass the second factor before any other page.

    Clinicians and admins always (while SECOND_FACTOR_REQUIRED is on), with or without a device;
    anyone else only when they chose it, which sign-in notes in the session (no query per page).
    """
    user = request.user
    if not user.is_authenticated or user.is_verified():  # type: ignore[attr-defined]  # django-otp's middleware
        return False
    return user.second_factor_required or bool(request.session.get(SECOND_FACTOR_DUE))  # type: ignore[union-attr]


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# Checking a code


def normalised(code: str) -> str:
    """A code as typed, without the spaces and dashes people add, in lower case (recovery codes are)."""
    return "".join(code.split()).replace("-", "").lower()


def is_app_code(code: str) -> bool:
    return len(code) == 6 and code.isdigit()


def second_factor_check(*, user: User, code: str) -> Device:
    """Return the device that accepts this code: a 6-digit app code, or else a recovery code (used up by this).

    A wrong code raises CodeError, and so does any code while django-otp's back-off after wrong ones runs.
    """
    code = normalised(code)
    app = is_app_code(code)
    model: type[TOTPDevice] | type[StaticDevice] = TOTPDevice if app else StaticDevice
    device = model.objects.devices_for_user(user, confirmed=True).first()
    if device is None:
        raise CodeError(WRONG_APP_CODE if app else WRONG_RECOVERY_CODE)
    allowed, detail = device.verify_is_allowed()
    if not allowed:
        locked_until = (detail or {}).get("locked_until", timezone.now())
        seconds = max(1, int((locked_until - timezone.now()).total_seconds()) + 1)
        raise CodeError(PAUSED.format(seconds=seconds))
    verified = verify_token(user, device.persistent_id, code)  # in a transaction, the device row locked
    if verified is None:
        raise CodeError(WRONG_APP_CODE if app else WRONG_RECOVERY_CODE)
    if not app:  # the phone may be lost: the clinic's trail shows when a recovery code stood in for it
        _audit_own(user, "second_factor.recovery_code_used")
    return verified


# Writes


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _audit_own(user: User, action: str) -> None:
    if user.organization_id is not None:  # Django staff without a clinic have no trail
        audit_record(actor=user, action=action, target=user, organization=user.organization)


def second_factor_enrol(*, user: User, key: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm a new authenticator app with one code from it; replace any earlier app and recovery codes.

    Returns the app's device (to mark the session verified) and ten new recovery codes to show once.
    """
    code = normalised(code)
    totp = TOTP(unhexlify(key))
    if not (is_app_code(code) and totp.verify(int(code), tolerance=1)):
        raise CodeError(WRONG_APP_CODE)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(
            user=user, name=APP_NAME, key=key, confirmed=True, last_t=totp.t(), drift=totp.drift
        )
        codes = _new_recovery_codes(user)
        _audit_own(user, "second_factor.set_up")
    return device, codes


def recovery_codes_renew(*, user: User) -> list[str]:
    """Make ten new recovery codes; the old ones stop working."""
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        _audit_own(user, "second_factor.codes_renewed")
    return codes


def second_factor_turn_off(*, user: User) -> None:
    """Remove the app and recovery codes of someone for whom two-step sign-in is a choice."""
    if user.second_factor_required:
        raise PermissionError("Two-step sign-in is part of this role.")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        _audit_own(user, "second_factor.turned_off")


def _clear_and_sign_out(person: User) -> None:
    TOTPDevice.objects.filter(user=person).delete()
    StaticDevice.objects.filter(user=person).delete()
    User.objects.filter(pk=person.pk).update(session_generation=F("session_generation") + 1)
    person.refresh_from_db(fields=["session_generation"])


def second_factor_reset(*, actor: User, person: User) -> None:
    """An admin clears a clinician's or another admin's app and codes (a lost phone) and signs them out everywhere.

    Never their own: an admin who lost theirs asks another admin of the clinic, or Stepwise staff
    (`manage.py reset_second_factor`). At the next sign-in, the password leads straight to setting up an app again.
    """
    organization = actor.organization
    if (
        not actor.is_org_admin
        or person.role not in (Role.CLINICIAN, Role.ORG_ADMIN)
        or person.organization_id != actor.organization_id
    ):
        raise PermissionError("Only a clinician or admin of your own clinic can have two-step sign-in reset.")
    if person.pk == actor.pk:
        raise PermissionError("An admin's own two-step sign-in is reset by another admin of the clinic.")
    with transaction.atomic():
        _clear_and_sign_out(person)
        if person.is_org_admin:
            audit_record(actor=actor, action="second_factor.admin_reset", target=person, organization=organization)
        else:
            audit_record(actor=actor, action="second_factor.reset", target=person, organization=organization)


def second_factor_reset_by_staff(*, person: User) -> None:
    """Stepwise staff, at the server, clear someone's app and codes (`manage.py reset_second_factor`).

    For the last admin of a clinic who lost both phone and codes. The trail records no actor: the system did it.
    """
    with transaction.atomic():
        _clear_and_sign_out(person)
        if person.organization_id is not None:  # Django staff without a clinic have no trail
            audit_record(
                actor=None, action="second_factor.reset_by_staff", target=person, organization=person.organization
            )
