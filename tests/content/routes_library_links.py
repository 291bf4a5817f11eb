"""Permission-matrix rows for linking the library into a client's plan (pages in planning)."""

from __future__ import annotations

from content.models import Item
from tests.factories import GoalFactory, PlanFactory, SafetyPlanVersionFactory, StepFactory, TriggerFactory
from tests.matrix import Route, client_record_write


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


ROUTES = [
    Route("planning:step_from_library", client_record_write(), kwargs=_goal),
    Route("planning:step_from_library", client_record_write(302), kwargs=_goal, method="post", data=_template),
    Route("planning:step_library", client_record_write(), kwargs=_step),
    Route("planning:step_library", client_record_write(302), kwargs=_step, method="post", data=_skills),
    Route("planning:trigger_library", client_record_write(), kwargs=_trigger),
    Route("planning:trigger_library", client_record_write(302), kwargs=_trigger, method="post", data=_skills),
    Route("planning:safety_plan_library", client_record_write(), kwargs=_safety),
    Route("planning:safety_plan_library", client_record_write(302), kwargs=_safety, method="post", data=_skills),
]
