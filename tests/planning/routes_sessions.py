"""Permission-matrix rows for the 50-minute session: the in-session view, session notes and the agenda.

Session notes are the care team's: the client gets a 403 on the care-team pages (by role, like every
clinician page) and a 404 on a note's own address, as for every record they may not see.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from planning.models import AgendaItem, SessionNote
from tests.matrix import FORBIDDEN, OK, REDIRECT, Route, care_team_read, care_team_write, client_record_read, only


def _client(w: Any) -> dict[str, Any]:
    return {"client_id": w.client.public_id}


def _note(w: Any) -> dict[str, Any]:
    """The matrix client's session note (made once per test, so a post's data can read its version)."""
    if not hasattr(w, "note"):
        w.note = SessionNote.objects.create(client=w.client, worked_on="The first rung", created_by=w.clinician)
    return {"note_id": w.note.public_id}


def _note_data(w: Any) -> dict[str, Any]:
    _note(w)
    today = timezone.localdate().isoformat()
    return {"held_on": today, "worked_on": "The café step, and the exit plan", "version": w.note.version}


def _item(w: Any) -> dict[str, Any]:
    item = AgendaItem.objects.create(client=w.client, text="The family dinner", added_by=w.client.user)
    return {"item_id": item.public_id}


def _new_note(w: Any) -> dict[str, Any]:
    return {"held_on": timezone.localdate().isoformat(), "worked_on": "Planning the first practice"}


NOTE_READ = only({"clinician": OK, "readonly_clinician": OK})
NOTE_WRITE = only({"clinician": OK, "readonly_clinician": FORBIDDEN})
NOTE_WRITES = only({"clinician": REDIRECT, "readonly_clinician": FORBIDDEN})
AGENDA_WRITE = only({"client": OK, "clinician": OK, "readonly_clinician": FORBIDDEN})
AGENDA_WRITES = only({"client": REDIRECT, "clinician": REDIRECT, "readonly_clinician": FORBIDDEN})
# Only the care team ticks items off in session: the client gets a 403 on their own item.
DISCUSSED = only({"clinician": REDIRECT, "readonly_clinician": FORBIDDEN, "client": FORBIDDEN})

ROUTES = [
    Route("planning:in_session", care_team_read(), kwargs=_client),
    Route("planning:session_note_list", care_team_read(), kwargs=_client),
    Route("planning:session_note_add", care_team_write(OK), kwargs=_client),
    Route(
        "planning:session_note_add",
        care_team_write(REDIRECT),
        kwargs=_client,
        method="post",
        data=_new_note,
        writes=True,
    ),
    Route("planning:session_note_detail", NOTE_READ, kwargs=_note),
    Route("planning:session_note_edit", NOTE_WRITE, kwargs=_note),
    Route("planning:session_note_edit", NOTE_WRITES, kwargs=_note, method="post", data=_note_data, writes=True),
    Route("planning:agenda", client_record_read(), kwargs=_client),
    Route("planning:agenda_add", AGENDA_WRITE, kwargs=_client),
    Route(
        "planning:agenda_add",
        AGENDA_WRITES,
        kwargs=_client,
        method="post",
        data=lambda w: {"text": "How to say no to my cousin"},
        writes=True,
    ),
    Route("planning:agenda_item_discussed", DISCUSSED, kwargs=_item, method="post", writes=True),
    Route("planning:agenda_item_remove", AGENDA_WRITE, kwargs=_item),
    Route("planning:agenda_item_remove", AGENDA_WRITES, kwargs=_item, method="post", writes=True),
]
