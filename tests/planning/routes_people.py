"""Permission-matrix rows for accounts, caseload, client records and organisation admin."""

from __future__ import annotations

from tests.matrix import (
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    PERSONAS,
    REDIRECT,
    Route,
    care_team_read,
    care_team_write,
    only,
)

EVERYONE_OK = dict.fromkeys(PERSONAS, OK)


def _role_page(role_personas: tuple[str, ...]) -> dict[str, int | tuple[int, ...]]:
    """A page without ids for one role: others signed in get 403."""
    return only(dict.fromkeys(role_personas, OK), others=FORBIDDEN)


def _member(w):
    return {"member_id": w.client.care_team.get(clinician=w.readonly_clinician).public_id}


ROUTES = [
    Route("planning:home", only(dict.fromkeys(PERSONAS[1:], REDIRECT))),
    Route("planning:leave_quickly", EVERYONE_OK),
    Route("planning:accept_invitation", dict.fromkeys(PERSONAS, NOT_FOUND), kwargs=lambda w: {"token": "not-a-token"}),
    Route("login", {**EVERYONE_OK, **{p: REDIRECT for p in PERSONAS[1:]}}),
    Route("logout", dict.fromkeys(PERSONAS, REDIRECT), method="post"),
    Route("password_reset", EVERYONE_OK),
    Route("password_reset_done", EVERYONE_OK),
    Route("password_reset_confirm", EVERYONE_OK, kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"}),
    Route("password_reset_complete", EVERYONE_OK),
    Route(
        "planning:caseload", _role_page(("clinician", "readonly_clinician", "bystander_clinician", "outside_clinician"))
    ),
    Route(
        "planning:client_add",
        _role_page(("clinician", "readonly_clinician", "bystander_clinician", "outside_clinician")),
    ),
    Route("planning:client_overview", care_team_read(), kwargs=lambda w: {"client_id": w.client.public_id}),
    Route("planning:client_edit", care_team_write(OK), kwargs=lambda w: {"client_id": w.client.public_id}),
    Route(
        "planning:client_reinvite",
        care_team_write(REDIRECT),
        kwargs=lambda w: {"client_id": w.client.public_id},
        method="post",
    ),
    Route("planning:client_home", _role_page(("client", "other_client"))),
    Route("planning:org_home", _role_page(("org_admin",))),
    Route("planning:org_audit", _role_page(("org_admin",))),
    Route(
        "planning:org_care_team",
        only({"org_admin": OK}, others=FORBIDDEN),
        kwargs=lambda w: {"client_id": w.client.public_id},
    ),
    Route(
        "planning:org_care_team_remove",
        only({"org_admin": REDIRECT}, others=FORBIDDEN),
        kwargs=_member,
        method="post",
    ),
    # Django's own admin: staff only, and none of the personas is staff.
    Route("admin:index", dict.fromkeys(PERSONAS, LOGIN)),
]
