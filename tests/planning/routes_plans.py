"""Permission-matrix rows for the re-entry plan: co-building screen, ladders and practice log."""

from __future__ import annotations

from typing import Any

from tests.factories import GoalFactory, PlanFactory, PracticeFactory, StepFactory, ValueFactory
from tests.matrix import FORBIDDEN, OK, REDIRECT, Route, client_record_read, client_record_write, only


def _plan(w: Any) -> Any:
    """Give the matrix client a small plan (once per test): a value, a goal, two steps, a practice."""
    if not hasattr(w, "plan_rows"):
        plan = PlanFactory(client=w.client)
        value = ValueFactory(plan=plan)
        goal = GoalFactory(plan=plan, value=value)
        first = StepFactory(goal=goal, expected_distress=40)
        second = StepFactory(goal=goal, expected_distress=20)
        practice = PracticeFactory(step=first)
        w.plan_rows = {
            "plan": plan,
            "value": value,
            "goal": goal,
            "step": first,
            "second": second,
            "practice": practice,
        }
    return w.plan_rows


def _ids(kind: str, arg: str) -> Any:
    return lambda w: {arg: _plan(w)[kind].public_id}


PLAN, VALUE, GOAL, STEP, PRACTICE = (
    _ids("plan", "plan_id"),
    _ids("value", "value_id"),
    _ids("goal", "goal_id"),
    _ids("step", "step_id"),
    _ids("practice", "practice_id"),
)
WRITE_POST = client_record_write(REDIRECT)
WRITE_GET = client_record_write(OK)
OWN_WORDS_GET = only({"client": OK, "clinician": FORBIDDEN, "readonly_clinician": FORBIDDEN})
OWN_WORDS_POST = only({"client": REDIRECT, "clinician": FORBIDDEN, "readonly_clinician": FORBIDDEN})


def _post(name: str, kwargs: Any, data: Any = None) -> Route:
    """A write the client and their read-write clinician may make, with data that saves."""
    return Route(name, WRITE_POST, kwargs=kwargs, method="post", data=data, writes=True)


def _version(kind: str) -> Any:
    """The version field of an edit based on the row as it is now."""
    return lambda w: {"version": _plan(w)[kind].version}


def _step_data(w: Any) -> dict[str, Any]:
    return {
        "activity": "Say hello",
        "setting": "online",
        "expected_distress": 25,
        "practices_wanted": 2,
        "proposed_by": "client",
        "status": "planned",
        "version": 0,
    }


def _practice_after(w: Any) -> dict[str, Any]:
    return {
        "outcome": "stayed",
        "peak_distress": 50,
        "what_happened": "It went fine",
        "feared_happened": "no",
        "learned": "I can stay",
        **_version("practice")(w),
    }


ROUTES = [
    _post("planning:plan_start", lambda w: {"client_id": w.client.public_id}),
    Route("planning:plan_detail", client_record_read(), kwargs=PLAN),
    Route("planning:plan_edit", WRITE_GET, kwargs=PLAN),
    _post("planning:plan_edit", PLAN, lambda w: {"title": "Our plan", **_version("plan")(w)}),
    _post("planning:plan_pace", PLAN, lambda w: {"action": "rest"}),
    Route("planning:value_add", WRITE_GET, kwargs=PLAN),
    _post("planning:value_add", PLAN, lambda w: {"statement": "Family", "version": 0}),
    Route("planning:value_edit", WRITE_GET, kwargs=VALUE),
    _post(
        "planning:value_edit", VALUE, lambda w: {"statement": "Friends", "why": "They matter", **_version("value")(w)}
    ),
    Route("planning:goal_add", WRITE_GET, kwargs=PLAN),
    _post("planning:goal_add", PLAN, lambda w: {"title": "Join a club", "value": _plan(w)["value"].pk, "version": 0}),
    Route("planning:goal_edit", WRITE_GET, kwargs=GOAL),
    _post(
        "planning:goal_edit",
        GOAL,
        lambda w: {"title": "Join a choir", "value": _plan(w)["value"].pk, **_version("goal")(w)},
    ),
    Route("planning:step_add", WRITE_GET, kwargs=GOAL),
    _post("planning:step_add", GOAL, _step_data),
    _post(
        "planning:ladder_reorder",
        GOAL,
        lambda w: {"step": [_plan(w)["second"].public_id, _plan(w)["step"].public_id]},
    ),
    _post("planning:ladder_sort", GOAL),
    Route("planning:step_detail", client_record_read(), kwargs=STEP),
    Route("planning:step_edit", WRITE_GET, kwargs=STEP),
    _post("planning:step_edit", STEP, lambda w: {**_step_data(w), **_version("step")(w)}),
    _post("planning:step_move", STEP, lambda w: {"direction": "later"}),
    _post("planning:step_agree", STEP),
    _post("planning:step_mastered", STEP),
    Route("planning:practice_before", WRITE_GET, kwargs=STEP),
    _post(
        "planning:practice_before",
        STEP,
        lambda w: {
            "planned_for": "2026-11-23",
            "expected_distress": 40,
            "feared_outcome": "They laugh",
            "feared_likelihood": 60,
            "coping_plan": "Breathe slowly",
        },
    ),
    Route("planning:practice_detail", client_record_read(), kwargs=PRACTICE),
    # How it went is the client's own account: their care team comments beside it, never rewrites it.
    Route("planning:practice_after", OWN_WORDS_GET, kwargs=PRACTICE),
    Route("planning:practice_after", OWN_WORDS_POST, kwargs=PRACTICE, method="post", data=_practice_after, writes=True),
]
