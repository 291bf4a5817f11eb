"""Permission-matrix rows for copies of the record: the client's own ZIP, and a plan as FHIR for the care team.

The client's copy is theirs alone: asking for one is a client page (others 403 by role, like "who looked at
my record"), and the download link is a 404 for everyone but the client who asked, clinicians included.
The FHIR Bundle is clinician-facing, like the in-session view: the care team reads it, the client gets a 403.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from planning.models import RecordExport
from tests.matrix import FORBIDDEN, NOT_FOUND, OK, REDIRECT, Route, only
from tests.planning.routes_plans import PLAN

CLIENTS_OWN_PAGE = only({"client": OK, "other_client": OK}, others=FORBIDDEN)
CLIENTS_OWN_POST = only({"client": REDIRECT, "other_client": REDIRECT}, others=FORBIDDEN)


def _ready_copy(w: Any) -> dict[str, Any]:
    """A built copy of the matrix client's record, not downloaded yet."""
    now = timezone.now()
    export = RecordExport.objects.create(
        client=w.client, requested_by=w.client.user, expires_at=now + RecordExport.lifetime(), ready_at=now, body=b"PK"
    )
    return {"token": export.token}


ROUTES = [
    Route("planning:record_export", CLIENTS_OWN_PAGE),
    Route("planning:record_export", CLIENTS_OWN_POST, method="post", writes=True),
    Route("planning:record_export_download", only({"client": OK}, others=NOT_FOUND), kwargs=_ready_copy),
    Route("planning:plan_fhir", only({"clinician": OK, "readonly_clinician": OK, "client": FORBIDDEN}), kwargs=PLAN),
]
