"""Permission-matrix rows for linking the library into a client's plan (pages in planning)."""

from __future__ import annotations

from content.models import Item
from tests.factories import GoalFactory, PlanFactory, SafetyPlanVersionFactory, StepFactory, TriggerFactory
from tests.matrix import OK, REDIRECT, Route, client_record_write


def _goal(w):
    return {"goal_id": GoalFactory(plan=PlanFactory(client=w.client)).public_id}


def _step(w):
    return {"step_id": StepFactory(goal=GoalFactory(plan=PlanFactory(client=w.client))).public_id}


def _trigger(w):
    return {"trigger_id": TriggerFactory(client=w.client).public_id}


def _safety(w):
    SafetyPlanVersionFactory(plan__client=w.client)
    return {"client_id": w.client.public_id}


def _template(w):
    return {"template": str(Item.objects.get(slug="coffee-with-a-friend", organization=None).public_id)}


def _skills(w):
    return {"items": [str(Item.objects.get(slug="paced-breathing", organization=None).public_id)]}


def _link(name, kwargs, data):
    """The page that picks library items for a record, and the post that links them."""
    return [
        Route(name, client_record_write(OK), kwargs=kwargs),
        Route(name, client_record_write(REDIRECT), kwargs=kwargs, method="post", data=data, writes=True),
    ]


ROUTES = [
    *_link("planning:step_from_library", _goal, _template),
    *_link("planning:step_library", _step, _skills),
    *_link("planning:trigger_library", _trigger, _skills),
    *_link("planning:safety_plan_library", _safety, _skills),
]
