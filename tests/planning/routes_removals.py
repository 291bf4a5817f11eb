"""Permission-matrix rows for removing with an undo: steps, practices, safety-plan lines, and the undo itself."""

from __future__ import annotations

from typing import Any

from planning.models import Removal
from planning.services.removals import record_remove
from tests.factories import PracticeFactory, SafetyPlanVersionFactory, StepFactory, TriggerFactory
from tests.matrix import FORBIDDEN, REDIRECT, Route, client_record_write, only

WRITE_POST = client_record_write(REDIRECT)
OWN_WORDS_POST = only({"client": REDIRECT, "clinician": FORBIDDEN, "readonly_clinician": FORBIDDEN})


def _step(w: Any) -> dict[str, Any]:
    return {"step_id": StepFactory(goal__plan__client=w.client).public_id}


def _practice(w: Any) -> dict[str, Any]:
    return {"practice_id": PracticeFactory(step=StepFactory(goal__plan__client=w.client)).public_id}


def _client_with_plan(w: Any) -> dict[str, Any]:
    if not hasattr(w, "safety_version"):
        w.safety_version = SafetyPlanVersionFactory(plan__client=w.client, content={"coping": ["Slow breaths", "Walk"]})
        w.safety_version.plan.version = w.safety_version.number
        w.safety_version.plan.save()
    return {"client_id": w.client.public_id}


def _line(w: Any) -> dict[str, Any]:
    _client_with_plan(w)
    return {"section": "coping", "index": 1, "based_on": w.safety_version.plan.version}


def _removal_by(persona: str) -> Any:
    """A trigger the persona removed a moment ago (each persona may undo only their own)."""

    def kwargs(w: Any) -> dict[str, Any]:
        trigger = TriggerFactory(client=w.client)
        removal = record_remove(
            actor=w.user(persona),
            record=trigger,
            kind=Removal.Kind.TRIGGER,
            back_name="planning:trigger_list",
            back_id=w.client.public_id,
        )
        return {"removal_id": removal.public_id}

    return kwargs


ROUTES = [
    Route("planning:step_remove", WRITE_POST, kwargs=_step, method="post", writes=True),
    Route("planning:practice_remove", OWN_WORDS_POST, kwargs=_practice, method="post", writes=True),
    Route("planning:practice_not_this_time", OWN_WORDS_POST, kwargs=_practice, method="post", writes=True),
    Route(
        "planning:safety_plan_remove_item",
        WRITE_POST,
        kwargs=_client_with_plan,
        method="post",
        data=_line,
        writes=True,
    ),
    # The client undoes their own removal; nobody else finds it, not even their care team.
    Route(
        "planning:removal_undo",
        only({"client": REDIRECT}),
        kwargs=_removal_by("client"),
        method="post",
        writes=True,
    ),
    # The read-write clinician undoes theirs; the client and the rest of the care team get a 404.
    Route(
        "planning:removal_undo",
        only({"clinician": REDIRECT}),
        kwargs=_removal_by("clinician"),
        method="post",
        writes=True,
    ),
]
