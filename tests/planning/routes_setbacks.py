"""Permission-matrix rows for looking back at a hard practice: the client writes it, their care team reads it."""

from __future__ import annotations

from typing import Any

from tests.factories import GoalFactory, HardPracticeFactory, PlanFactory, SetbackReviewFactory, StepFactory
from tests.matrix import FORBIDDEN, OK, REDIRECT, Route, client_record_read, only

# The review is the client's own account: the care team reads it (403 on writing), anyone else gets a 404.
# That includes the client's own ally: they see only the page the client picked, never distress or a review
# (only() gives "ally" and "other_ally" a 404 with everyone else).
OWN_WORDS_GET = only({"client": OK, "clinician": FORBIDDEN, "readonly_clinician": FORBIDDEN})
OWN_WORDS_POST = only({"client": REDIRECT, "clinician": FORBIDDEN, "readonly_clinician": FORBIDDEN})


def _rows(w: Any) -> dict[str, Any]:
    """Give the matrix client a hard practice with no look back yet, and one whose look back asks for a smaller rung."""
    if not hasattr(w, "setback_rows"):
        goal = GoalFactory(plan=PlanFactory(client=w.client))
        step = StepFactory(goal=goal, activity="Coffee with Jo", expected_distress=40)
        w.setback_rows = {
            "practice": HardPracticeFactory(step=step),
            "review": SetbackReviewFactory(practice=HardPracticeFactory(step=step)),
        }
    return w.setback_rows


def _practice(w: Any) -> dict[str, Any]:
    return {"practice_id": _rows(w)["practice"].public_id}


def _review(w: Any) -> dict[str, Any]:
    return {"review_id": _rows(w)["review"].public_id}


def _version(w: Any) -> dict[str, Any]:
    return {"version": _rows(w)["review"].version}


ROUTES = [
    Route("planning:setback_review_add", OWN_WORDS_GET, kwargs=_practice),
    Route(
        "planning:setback_review_add",
        OWN_WORDS_POST,
        kwargs=_practice,
        method="post",
        data=lambda w: {"harder": ["crowd", "body"], "went_all_right": "I stayed ten minutes", "next_choice": "talk"},
        writes=True,
    ),
    Route("planning:setback_review_detail", client_record_read(), kwargs=_review),
    Route(
        "planning:setback_review_smaller",
        OWN_WORDS_POST,
        kwargs=_review,
        method="post",
        data=lambda w: {"activity": "Coffee with Jo at home", "expected_distress": 25, **_version(w)},
        writes=True,
    ),
    Route(
        "planning:setback_review_decline",
        OWN_WORDS_POST,
        kwargs=_review,
        method="post",
        data=lambda w: {},
        writes=True,
    ),
]
