"""Permission-matrix rows for the safety plan, its PDFs, triggers, the journal and its patterns."""

from __future__ import annotations

from planning.models import CrisisLine
from tests.factories import JournalEntryFactory, SafetyPlanVersionFactory, TriggerFactory
from tests.matrix import FORBIDDEN, OK, REDIRECT, Route, care_team_write, client_record_read, only


def _client(w):
    return {"client_id": w.client.public_id}


def _version(w):
    plan = getattr(w.client, "safety_plan", None)
    version = plan.current_version() if plan else SafetyPlanVersionFactory(plan__client=w.client)
    return {"version_id": version.public_id}


def _with_plan(w):
    _version(w)
    return _client(w)


def _trigger(w):
    """The matrix client's trigger (made once per test, so a post's data can read its version)."""
    if not hasattr(w, "trigger"):
        w.trigger = TriggerFactory(client=w.client)
    return {"trigger_id": w.trigger.public_id}


def _trigger_data(w):
    _trigger(w)
    return {"name": "Crowded bus", "kind": "place", "strength": "70", "version": w.trigger.version}


def _shared_entry(w):
    return {"entry_id": JournalEntryFactory(client=w.client).public_id}


def _private_entry(w):
    entry = JournalEntryFactory(client=w.client, shared_with_care_team=False)
    return {"entry_id": entry.public_id}


def _entry_data(w):
    return {"happened_on": "2026-11-20", "situation": "Coffee with a friend", "shared_with_care_team": "on"}


def _line_data(w):
    return {
        "country": "Ireland",
        "name": "Samaritans",
        "channel": "call",
        "number": "116 123",
        "position": "1",
        "last_checked": "2026-11-01",
    }


def _crisis_line(w):
    line = CrisisLine.objects.create(
        organization=w.clinic, country="Ireland", name="Pieta", number="1800 247 247", last_checked="2026-10-01"
    )
    return {"line_id": line.public_id}


def _write(ok):
    """The client and their read-write clinician change it; read-only gets 403; everyone else 404."""
    return only({"client": ok, "clinician": ok, "readonly_clinician": FORBIDDEN})


def _journal_write(ok):
    """Only the client writes their journal; their care team may read shared entries but not change them."""
    return only({"client": ok, "clinician": FORBIDDEN, "readonly_clinician": FORBIDDEN})


JOURNAL_WRITE = _journal_write(OK)
PRIVATE_ONLY_CLIENT = only({"client": OK})

ADMIN_ONLY = only({"org_admin": OK}, others=FORBIDDEN)
ADMIN_WRITES = only({"org_admin": REDIRECT}, others=FORBIDDEN)

ROUTES = [
    Route("planning:org_crisis_lines", ADMIN_ONLY),
    Route("planning:org_crisis_lines", ADMIN_WRITES, method="post", data=_line_data, writes=True),
    Route("planning:org_crisis_lines", ADMIN_WRITES, method="post", data=lambda w: {"adopt": "1"}, writes=True),
    Route("planning:org_clinic_details", ADMIN_ONLY),
    Route(
        "planning:org_clinic_details",
        ADMIN_WRITES,
        method="post",
        data=lambda w: {"country": "Ireland", "phone": "01 555 0199"},
        writes=True,
    ),
    # Another clinic's admin would get a 404; none of the personas is one, so the tests below check it.
    Route("planning:org_crisis_line_edit", ADMIN_ONLY, kwargs=_crisis_line),
    Route(
        "planning:org_crisis_line_edit", ADMIN_WRITES, kwargs=_crisis_line, method="post", data=_line_data, writes=True
    ),
    Route("planning:org_crisis_line_remove", ADMIN_WRITES, kwargs=_crisis_line, method="post", writes=True),
    Route("planning:my_safety_plan", only({"client": OK, "other_client": OK}, others=FORBIDDEN)),
    Route("planning:safety_plan", client_record_read(), kwargs=_with_plan),
    Route("planning:safety_plan_edit", _write(OK), kwargs=_with_plan),
    Route(
        "planning:safety_plan_edit",
        _write(REDIRECT),
        kwargs=_client,
        method="post",
        data=lambda w: {"version": "0", "coping": "Slow breathing"},
        writes=True,
    ),
    Route(
        "planning:safety_plan_add_item",
        _write(REDIRECT),
        kwargs=_client,
        method="post",
        data=lambda w: {"section": "coping", "text": "Hum a tune"},
        writes=True,
    ),
    Route("planning:safety_plan_versions", client_record_read(), kwargs=_with_plan),
    Route("planning:safety_plan_version", client_record_read(), kwargs=_version),
    Route("planning:safety_plan_version_restore", _write(REDIRECT), kwargs=_version, method="post", writes=True),
    Route("planning:safety_plan_review", care_team_write(REDIRECT), kwargs=_with_plan, method="post", writes=True),
    Route("planning:safety_plan_pdf", client_record_read(), kwargs=_with_plan),
    Route("planning:safety_plan_card_pdf", client_record_read(), kwargs=_with_plan),
    Route("planning:safety_plan_card", client_record_read(), kwargs=_with_plan),
    Route(
        "planning:safety_plan_card",
        client_record_read(),
        kwargs=_with_plan,
        query="?version=1&coping=1&crisis=on",  # a preview: it saves nothing
    ),
    Route(
        "planning:safety_plan_card",
        _write(REDIRECT),
        kwargs=_with_plan,
        method="post",
        data=lambda w: {"version": "1", "coping": ["0"], "crisis": "on"},
        writes=True,
    ),
    Route("planning:trigger_list", client_record_read(), kwargs=_client),
    Route("planning:trigger_add", _write(OK), kwargs=_client),
    Route(
        "planning:trigger_add",
        _write(REDIRECT),
        kwargs=_client,
        method="post",
        data=lambda w: {"name": "Crowded bus", "kind": "place", "strength": "70", "version": "0"},
        writes=True,
    ),
    Route("planning:trigger_edit", _write(OK), kwargs=_trigger),
    Route("planning:trigger_edit", _write(REDIRECT), kwargs=_trigger, method="post", data=_trigger_data, writes=True),
    Route("planning:trigger_remove", _write(REDIRECT), kwargs=_trigger, method="post", writes=True),
    Route("planning:journal_list", client_record_read(), kwargs=_client),
    Route("planning:journal_patterns", client_record_read(), kwargs=_client),
    Route("planning:journal_add", JOURNAL_WRITE, kwargs=_client),
    Route(
        "planning:journal_add", _journal_write(REDIRECT), kwargs=_client, method="post", data=_entry_data, writes=True
    ),
    Route("planning:journal_detail", client_record_read(), kwargs=_shared_entry),
    Route("planning:journal_detail", PRIVATE_ONLY_CLIENT, kwargs=_private_entry),
    Route("planning:journal_edit", JOURNAL_WRITE, kwargs=_shared_entry),
    Route(
        "planning:journal_edit",
        _journal_write(REDIRECT),
        kwargs=_shared_entry,
        method="post",
        data=_entry_data,
        writes=True,
    ),
    Route("planning:journal_edit", PRIVATE_ONLY_CLIENT, kwargs=_private_entry),
    Route(
        "planning:journal_edit",
        only({"client": REDIRECT}),
        kwargs=_private_entry,
        method="post",
        data=lambda w: {**_entry_data(w), "shared_with_care_team": ""},
        writes=True,
    ),
    Route("planning:journal_remove", _journal_write(REDIRECT), kwargs=_shared_entry, method="post", writes=True),
    Route("planning:journal_remove", only({"client": REDIRECT}), kwargs=_private_entry, method="post", writes=True),
]
