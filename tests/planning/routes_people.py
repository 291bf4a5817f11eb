"""Permission-matrix rows for accounts, caseload, client records and organisation admin."""

from __future__ import annotations

from planning.models import CareTeamMember
from tests.factories import CareTeamMemberFactory, ClientFactory
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


CLINICIANS = ("clinician", "readonly_clinician", "bystander_clinician", "outside_clinician")


def _role_page(role_personas: tuple[str, ...], ok: int = OK) -> dict[str, int]:
    """A page without ids for one role: others signed in get 403."""
    return only(dict.fromkeys(role_personas, ok), others=FORBIDDEN)


def _client(w):
    return {"client_id": w.client.public_id}


def _invited(w):
    """A client of the same care team who has not accepted their invitation yet (so one can be sent again)."""
    client = ClientFactory(organization=w.clinic, user=None)
    CareTeamMemberFactory(client=client, clinician=w.clinician, access=CareTeamMember.Access.WRITE)
    CareTeamMemberFactory(client=client, clinician=w.readonly_clinician, access=CareTeamMember.Access.READ)
    return {"client_id": client.public_id}


def _member(w):
    return {"member_id": w.client.care_team.get(clinician=w.readonly_clinician).public_id}


ROUTES = [
    Route("planning:home", only(dict.fromkeys(PERSONAS[1:], REDIRECT))),
    Route("planning:leave_quickly", dict.fromkeys(PERSONAS, REDIRECT), method="post"),
    Route("planning:neutral_page", EVERYONE_OK),
    Route("planning:accept_invitation", dict.fromkeys(PERSONAS, NOT_FOUND), kwargs=lambda w: {"token": "not-a-token"}),
    Route("planning:account", only(dict.fromkeys(PERSONAS[1:], OK))),
    Route("planning:sign_out_everywhere", only(dict.fromkeys(PERSONAS[1:], REDIRECT)), method="post", writes=True),
    # Only a client closes their own account; a clinician or admin cannot close anyone's through it.
    Route("planning:account_close", _role_page(("client", "other_client"))),
    # "Who looked at my record": each client their own (the care team's reads of it); others by role.
    Route("planning:record_looks", _role_page(("client", "other_client"))),
    Route("planning:account_close", _role_page(("client", "other_client")), method="post", writes=True),
    Route("planning:stay_signed_in", only(dict.fromkeys(PERSONAS[1:], 204)), method="post"),
    Route("login", {**EVERYONE_OK, **{p: REDIRECT for p in PERSONAS[1:]}}),
    Route("logout", EVERYONE_OK),
    Route("logout", dict.fromkeys(PERSONAS, REDIRECT), method="post"),
    Route("password_reset", EVERYONE_OK),
    Route("password_reset_done", EVERYONE_OK),
    Route("password_reset_confirm", EVERYONE_OK, kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"}),
    Route("password_reset_complete", EVERYONE_OK),
    Route("planning:caseload", _role_page(CLINICIANS)),
    Route("planning:client_add", _role_page(CLINICIANS)),
    Route(
        "planning:client_add",
        _role_page(CLINICIANS, REDIRECT),
        method="post",
        data=lambda w: {"preferred_name": "Kit", "pronouns": "they/them", "email": "kit@example.test"},
        writes=True,
    ),
    Route("planning:client_overview", care_team_read(), kwargs=_client),
    Route("planning:client_edit", care_team_write(OK), kwargs=_client),
    Route(
        "planning:client_edit",
        care_team_write(REDIRECT),
        kwargs=_client,
        method="post",
        data=lambda w: {"preferred_name": "Robin", "pronouns": "she/her", "accessibility_needs": "Quiet room"},
        writes=True,
    ),
    Route("planning:client_reinvite", care_team_write(REDIRECT), kwargs=_invited, method="post", writes=True),
    Route("planning:client_home", _role_page(("client", "other_client"))),
    Route("planning:org_home", _role_page(("org_admin",))),
    Route(
        "planning:org_home",
        _role_page(("org_admin",), REDIRECT),
        method="post",
        data=lambda w: {"full_name": "Nia New", "email": "nia@example.test"},
        writes=True,
    ),
    Route(
        "planning:org_clinician_deactivate",
        _role_page(("org_admin",), REDIRECT),
        kwargs=lambda w: {"clinician_id": w.bystander_clinician.public_id},
        method="post",
        writes=True,
    ),
    Route("planning:org_retention", _role_page(("org_admin",))),
    Route(
        "planning:org_retention",
        _role_page(("org_admin",), REDIRECT),
        method="post",
        data=lambda w: {"years": "8"},
        writes=True,
    ),
    Route("planning:org_audit", _role_page(("org_admin",))),
    Route("planning:org_audit_csv", _role_page(("org_admin",))),
    Route("planning:org_care_team", _role_page(("org_admin",)), kwargs=_client),
    Route(
        "planning:org_care_team",
        _role_page(("org_admin",), REDIRECT),
        kwargs=_client,
        method="post",
        data=lambda w: {"clinician": w.bystander_clinician.pk, "access": "read"},
        writes=True,
    ),
    Route(
        "planning:org_care_team_remove",
        _role_page(("org_admin",), REDIRECT),
        kwargs=_member,
        method="post",
        writes=True,
    ),
    # Django's own admin: staff only, and none of the personas is staff.
    Route("admin:index", dict.fromkeys(PERSONAS, LOGIN)),
]
