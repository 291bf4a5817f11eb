"""Permission-matrix rows for the re-entry plan: co-building screen, ladders and practice log."""

from __future__ import annotations

from typing import Any

from tests.factories import GoalFactory, PlanFactory, PracticeFactory, StepFactory, ValueFactory
from tests.matrix import OK, REDIRECT, Route, client_record_read, client_record_write


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

ROUTES = [
    Route("planning:plan_start", WRITE_POST, kwargs=lambda w: {"client_id": w.client.public_id}, method="post"),
    Route("planning:plan_detail", client_record_read(), kwargs=PLAN),
    Route("planning:plan_edit", WRITE_GET, kwargs=PLAN),
    Route("planning:plan_pace", WRITE_POST, kwargs=PLAN, method="post", data=lambda w: {"action": "rest"}),
    Route("planning:value_add", WRITE_GET, kwargs=PLAN),
    Route("planning:value_add", WRITE_POST, kwargs=PLAN, method="post", data=lambda w: {"statement": "Family"}),
    Route("planning:value_edit", WRITE_GET, kwargs=VALUE),
    Route("planning:goal_add", WRITE_GET, kwargs=PLAN),
    Route("planning:goal_edit", WRITE_GET, kwargs=GOAL),
    Route("planning:step_add", WRITE_GET, kwargs=GOAL),
    Route(
        "planning:step_add",
        WRITE_POST,
        kwargs=GOAL,
        method="post",
        data=lambda w: {
            "activity": "Say hello",
            "setting": "online",
            "expected_distress": 25,
            "practices_wanted": 2,
            "proposed_by": "client",
            "version": 1,
        },
    ),
    Route(
        "planning:ladder_reorder",
        WRITE_POST,
        kwargs=GOAL,
        method="post",
        data=lambda w: {"step": [_plan(w)["second"].public_id, _plan(w)["step"].public_id]},
    ),
    Route("planning:ladder_sort", WRITE_POST, kwargs=GOAL, method="post"),
    Route("planning:step_detail", client_record_read(), kwargs=STEP),
    Route("planning:step_edit", WRITE_GET, kwargs=STEP),
    Route("planning:step_move", WRITE_POST, kwargs=STEP, method="post", data=lambda w: {"direction": "later"}),
    Route("planning:step_agree", WRITE_POST, kwargs=STEP, method="post"),
    Route("planning:step_mastered", WRITE_POST, kwargs=STEP, method="post"),
    Route("planning:practice_before", WRITE_GET, kwargs=STEP),
    Route("planning:practice_detail", client_record_read(), kwargs=PRACTICE),
    Route("planning:practice_after", WRITE_GET, kwargs=PRACTICE),
]
