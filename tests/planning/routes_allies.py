"""Permission-matrix rows for allies: the client's pages about them, the ally's one page, steps together."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tests.factories import PracticeFactory
from tests.matrix import FORBIDDEN, OK, REDIRECT, Route, only

# Only the client manages their allies: their care team is refused (403), everyone else finds nothing (404).
OWN_GET = only({"client": OK, "clinician": FORBIDDEN, "readonly_clinician": FORBIDDEN})
OWN_POST = only({"client": REDIRECT, "clinician": FORBIDDEN, "readonly_clinician": FORBIDDEN})
# Pages without ids, by role: each client their own list; each ally their own page.
CLIENTS = only({"client": OK, "other_client": OK}, others=FORBIDDEN)
ALLIES = only({"ally": OK, "other_ally": OK}, others=FORBIDDEN)


def _ally(w: Any) -> dict[str, Any]:
    return {"ally_id": w.ally_link.public_id}


def _step(w: Any) -> dict[str, Any]:
    return {"step_id": w.ally_step().public_id}


def _practice(w: Any) -> dict[str, Any]:
    """A finished practice of the step the ally came along on."""
    if not hasattr(w, "ally_practice"):
        w.ally_practice = PracticeFactory(step=w.ally_step(), completed_at=timezone.now(), peak_distress=40)
    return {"practice_id": w.ally_practice.public_id}


ROUTES = [
    Route("planning:ally_list", CLIENTS),
    Route(
        "planning:ally_list",
        only({"client": REDIRECT, "other_client": REDIRECT}, others=FORBIDDEN),
        method="post",
        data=lambda w: {"name": "Sam", "email": "sam.friend@example.test"},
        writes=True,
    ),
    Route("planning:ally_detail", OWN_GET, kwargs=_ally),
    Route(
        "planning:ally_detail",
        OWN_POST,
        kwargs=_ally,
        method="post",
        data=lambda w: {
            "support_note": "Text me the night before.",
            "exit_signal": "pineapple",
            "share_safety_contacts": "on",
            "version": w.ally_link.version,
        },
        writes=True,
    ),
    Route("planning:ally_end", OWN_POST, kwargs=_ally, method="post", writes=True),
    Route("planning:ally_home", ALLIES),
    Route("planning:step_ally", OWN_GET, kwargs=_step),
    Route(
        "planning:step_ally",
        OWN_POST,
        kwargs=_step,
        method="post",
        data=lambda w: {
            "ally": w.ally_link.pk,
            "together_on": "2026-12-05",
            "together_time": "10:30",
            "ally_sees_exit_plan": "on",
            "version": w.ally_step().version,
        },
        writes=True,
    ),
    # Only the ally named on the step says "I'll be there"; for everyone else the step does not exist here.
    Route("planning:step_ally_coming", only({"ally": REDIRECT}), kwargs=_step, method="post", writes=True),
    Route("planning:practice_thank_ally", OWN_GET, kwargs=_practice),
    Route(
        "planning:practice_thank_ally",
        OWN_POST,
        kwargs=_practice,
        method="post",
        data=lambda w: {"text": "Thank you for coming with me. Robin"},
        writes=True,
    ),
]
