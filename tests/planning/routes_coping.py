"""Permission-matrix rows for guided coping: the client's own runs, shared with the care team only if they choose."""

from __future__ import annotations

from typing import Any

from content.models import Item
from planning.models import CopingRun
from tests.matrix import FORBIDDEN, OK, REDIRECT, Route, client_record_read, only

# A client-only page without an id: every client reaches their own; other roles are refused by role.
ANY_CLIENT = only({"client": OK, "other_client": OK}, others=FORBIDDEN)
ANY_CLIENT_SAVES = only({"client": REDIRECT, "other_client": REDIRECT}, others=FORBIDDEN)
# Sharing is the client's choice: a run they shared is a 403 for their care team, anyone else a 404.
ONLY_THE_CLIENT_SHARES = only({"client": REDIRECT, "clinician": FORBIDDEN, "readonly_clinician": FORBIDDEN})


def _grounding(w: Any) -> dict[str, Any]:
    return {"item_id": Item.objects.get(slug="grounding-5-4-3-2-1", organization=None).public_id}


def _client(w: Any) -> dict[str, Any]:
    return {"client_id": w.client.public_id}


def _shared_run(w: Any) -> dict[str, Any]:
    item = Item.objects.get(slug="grounding-5-4-3-2-1", organization=None)
    run = CopingRun.objects.create(
        client=w.client, item=item, skill_title=item.title, distress_before=70, distress_after=40,
        shared_with_care_team=True,
    )  # fmt: skip
    return {"run_id": run.public_id}


ROUTES = [
    Route("planning:coping_guided", ANY_CLIENT, kwargs=_grounding),
    Route(
        "planning:coping_guided",
        ANY_CLIENT_SAVES,
        kwargs=_grounding,
        method="post",
        data=lambda w: {"distress_before": 70, "distress_after": 40, "note_1": "the kettle"},
        writes=True,
    ),
    Route("planning:coping_run_list", client_record_read(), kwargs=_client),
    Route(
        "planning:coping_run_share",
        ONLY_THE_CLIENT_SHARES,
        kwargs=_shared_run,
        method="post",
        data=lambda w: {},
        writes=True,
    ),
]
