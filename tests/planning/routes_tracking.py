"""Permission-matrix rows for check-ins, questionnaires, progress, the risk safety net and the caseload's reasons."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from planning.models import MeasureAssignment, MeasureResponse, RiskFlag
from tests.matrix import (
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    REDIRECT,
    Route,
    care_team_read,
    care_team_write,
    client_record_read,
    only,
)

PHQ9_ANSWERS = [1, 1, 0, 2, 0, 1, 0, 0, 0]


def _assignment(w: Any) -> MeasureAssignment:
    """The matrix client's PHQ-9 assignment (made once per test)."""
    if not hasattr(w, "assignment"):
        w.assignment = MeasureAssignment.objects.create(client=w.client, code="PHQ-9", assigned_by=w.clinician)
    return w.assignment


def _submitted(w: Any) -> dict[str, Any]:
    response = MeasureResponse.objects.create(
        client=w.client,
        assignment=_assignment(w),
        code="PHQ-9",
        answers=PHQ9_ANSWERS,
        status=MeasureResponse.Status.SUBMITTED,
        submitted_at=timezone.now(),
        total=sum(PHQ9_ANSWERS),
        band="mild",
    )
    return {"response_id": response.public_id}


def _draft(w: Any) -> dict[str, Any]:
    response = MeasureResponse.objects.create(client=w.client, assignment=_assignment(w), code="PHQ-9")
    return {"response_id": response.public_id}


def _client(w: Any) -> dict[str, Any]:
    return {"client_id": w.client.public_id}


def _assignment_id(w: Any) -> dict[str, Any]:
    return {"assignment_id": _assignment(w).public_id}


def _flag(w: Any) -> dict[str, Any]:
    return {"flag_id": RiskFlag.objects.create(client=w.client, source=RiskFlag.Source.URGENT_NOTE).public_id}


def _check_in(w: Any) -> dict[str, Any]:
    return {"day": timezone.localdate().isoformat(), "comfort": 5, "connection": 6, "contacts_in_person": 1,
            "contacts_online": 2}  # fmt: skip


def _answers(w: Any) -> dict[str, Any]:
    return {"action": "submit", **{f"item_{n}": answer for n, answer in enumerate(PHQ9_ANSWERS, 1)}}


ONLY_THE_CLIENT_WRITES = {"clinician": FORBIDDEN, "readonly_clinician": FORBIDDEN}
# A client-only page without an id: every client reaches their own; other roles are refused by role.
ANY_CLIENT = {
    "anonymous": LOGIN,
    "client": OK,
    "other_client": OK,
    "clinician": FORBIDDEN,
    "readonly_clinician": FORBIDDEN,
    "bystander_clinician": FORBIDDEN,
    "outside_clinician": FORBIDDEN,
    "org_admin": FORBIDDEN,
    "ally": FORBIDDEN,
    "other_ally": FORBIDDEN,
}
CLIENT_STARTS = only({"client": REDIRECT}, others=FORBIDDEN) | {"other_client": NOT_FOUND}
ADMIN_ONLY = only({"org_admin": OK}, others=FORBIDDEN)

ROUTES = [
    Route("planning:check_in_list", client_record_read(), kwargs=_client),
    Route("planning:check_in_add", only({"client": OK, **ONLY_THE_CLIENT_WRITES}), kwargs=_client),
    Route(
        "planning:check_in_add",
        only({"client": REDIRECT, **ONLY_THE_CLIENT_WRITES}),
        kwargs=_client,
        method="post",
        data=_check_in,
        writes=True,
    ),
    Route("planning:measure_list", care_team_read(), kwargs=_client),
    Route(
        "planning:measure_add",
        care_team_write(REDIRECT),
        kwargs=_client,
        method="post",
        data=lambda w: {"code": "GAD-7", "every_days": 14, "starts_on": timezone.localdate().isoformat()},
        writes=True,
    ),
    Route("planning:measure_stop", care_team_write(REDIRECT), kwargs=_assignment_id, method="post", writes=True),
    Route("planning:measure_start", CLIENT_STARTS, kwargs=_assignment_id, method="post", writes=True),
    Route("planning:measure_response", client_record_read(), kwargs=_submitted),
    Route("planning:measure_response", only({"client": OK}), kwargs=_draft),
    Route(
        "planning:measure_response",
        only({"client": REDIRECT}),
        kwargs=_draft,
        method="post",
        data=_answers,
        writes=True,
    ),
    Route("planning:measure_withdraw", care_team_write(OK), kwargs=_submitted),
    Route(
        "planning:measure_withdraw",
        care_team_write(REDIRECT),
        kwargs=_submitted,
        method="post",
        data=lambda w: {"reason": "Answered for the wrong fortnight"},
        writes=True,
    ),
    Route("planning:progress", client_record_read(), kwargs=_client),
    Route("planning:progress_pdf", client_record_read(), kwargs=_client),
    Route("planning:support", ANY_CLIENT),
    # The client's crisis screen: their own, so other roles are refused by role, as on the support page.
    Route("planning:support_now", ANY_CLIENT),
    Route("planning:risk_flag", care_team_read(), kwargs=_flag),
    Route(
        "planning:risk_flag",
        care_team_write(REDIRECT),
        kwargs=_flag,
        method="post",
        data=lambda w: {"action": "contacted"},
        writes=True,
    ),
    Route("planning:org_risk_rules", ADMIN_ONLY),
    Route(
        "planning:org_risk_rules",
        only({"org_admin": REDIRECT}, others=FORBIDDEN),
        method="post",
        data=lambda w: {"practice_peak_at_least": 90, "urgent_check_in_notes": "on"},
        writes=True,
    ),
]

# The caseload's reasons, and the clinic's tuning of them.
ROUTES += [
    Route(
        "planning:need_seen",
        care_team_read() | {"clinician": REDIRECT, "readonly_clinician": REDIRECT},
        kwargs=lambda w: {"client_id": w.client.public_id, "need": "quiet"},
        method="post",
        writes=True,
    ),
    Route("planning:org_caseload_rules", ADMIN_ONLY),
    Route(
        "planning:org_caseload_rules",
        only({"org_admin": REDIRECT}, others=FORBIDDEN),
        method="post",
        data=lambda w: {
            "high_peak_at_least": 80,
            "safety_review_days": 60,
            "quiet_weeks": 2,
            "mastery_likelihood_drop": 40,
            "mastery_places_at_least": 1,
        },
        writes=True,
    ),
]
