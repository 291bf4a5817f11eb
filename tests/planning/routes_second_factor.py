"""Permission-matrix rows for two-step sign-in: the code page, setting up an app, recovery codes, turning it off,
and the organisation admin's reset of a clinician's or another admin's.

Every signed-in persona here has passed two-step sign-in (clinicians and the admin with a real app,
tests/second_factor.py); what a session that has not passed it meets is tests/planning/test_second_factor_gate.py.
"""

from __future__ import annotations

from django_otp.oath import TOTP

from planning.services.second_factor import pending_key_new
from tests.factories import OrgAdminFactory
from tests.matrix import FORBIDDEN, NOT_FOUND, OK, PERSONAS, REDIRECT, Route, only
from tests.second_factor import app_for

SIGNED_IN = PERSONAS[1:]
# Whose role requires two-step sign-in (everyone else, clients and allies, may choose it).
REQUIRED = ("clinician", "readonly_clinician", "bystander_clinician", "outside_clinician", "org_admin")


def _new_app(w):
    """A fresh key as the set-up page carries it, and the code an app made from it shows now."""
    pending = pending_key_new()
    return {"secret": pending.signed, "code": f"{TOTP(bytes.fromhex(pending.key)).token():06d}"}


def _other_admin(w):
    """A second admin of the org admin's clinic, with an app to reset."""
    admin = OrgAdminFactory(organization=w.org_admin.organization)
    app_for(admin)
    return {"admin_id": admin.public_id}


def _client_with_app(w):
    """The client chose two-step sign-in (the other client did not)."""
    app_for(w.client.user)
    return {}


ROUTES = [
    # Past the second factor already (or never asked for one): the code page sends everyone home, writing nothing.
    Route("planning:two_factor", only(dict.fromkeys(SIGNED_IN, REDIRECT))),
    Route("planning:two_factor", only(dict.fromkeys(SIGNED_IN, REDIRECT)), method="post", data=lambda w: {"code": "1"}),
    # Setting up an app: a clinician moving to a new phone, or a client choosing it.
    Route("planning:two_factor_setup", only(dict.fromkeys(SIGNED_IN, OK))),
    Route(
        "planning:two_factor_setup",
        only(dict.fromkeys(SIGNED_IN, REDIRECT)),
        method="post",
        data=_new_app,
        writes=True,
    ),
    # Recovery codes: shown once after they are made; without an app there are none (set one up first).
    Route("planning:two_factor_codes", only({**dict.fromkeys(SIGNED_IN, REDIRECT), **dict.fromkeys(REQUIRED, OK)})),
    Route(
        "planning:two_factor_codes",
        only({**dict.fromkeys(REQUIRED, REDIRECT), "client": REDIRECT}, others=NOT_FOUND),
        kwargs=_client_with_app,
        method="post",
        writes=True,
    ),
    # Turning it off: a client who chose it (the other client and the allies did not: nothing to turn off);
    # for clinicians and admins it is part of the role.
    Route(
        "planning:two_factor_off",
        only({"client": REDIRECT, **dict.fromkeys(REQUIRED, FORBIDDEN)}),
        kwargs=_client_with_app,
        method="post",
        writes=True,
    ),
    # The admin resets a clinician of their own clinic (the bystander's); anyone else is refused by role.
    Route(
        "planning:org_clinician_two_factor_reset",
        only({"org_admin": REDIRECT}, others=FORBIDDEN),
        kwargs=lambda w: {"clinician_id": w.bystander_clinician.public_id},
        method="post",
        writes=True,
    ),
    # An admin resets another admin of their own clinic (never their own: tests/planning/test_second_factor_admins.py).
    Route(
        "planning:org_admin_two_factor_reset",
        only({"org_admin": REDIRECT}, others=FORBIDDEN),
        kwargs=_other_admin,
        method="post",
        writes=True,
    ),
]
