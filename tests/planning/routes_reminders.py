"""Permission-matrix rows for the client's reminders: client-only pages without ids, each client their own."""

from __future__ import annotations

from typing import Any

from tests.matrix import FORBIDDEN, LOGIN, OK, REDIRECT, Route


def _client_only(ok: int) -> dict[str, int]:
    """Every client reaches their own reminders; other roles are refused by role."""
    return {
        "anonymous": LOGIN,
        "client": ok,
        "other_client": ok,
        "clinician": FORBIDDEN,
        "readonly_clinician": FORBIDDEN,
        "bystander_clinician": FORBIDDEN,
        "outside_clinician": FORBIDDEN,
        "org_admin": FORBIDDEN,
        "ally": FORBIDDEN,
        "other_ally": FORBIDDEN,
    }


def _settings(w: Any) -> dict[str, Any]:
    return {"check_in": "on", "weekdays": ["1", "3"], "at": "18:30", "time_zone": "Europe/London"}


ROUTES = [
    Route("planning:reminders", _client_only(OK)),
    Route("planning:reminders", _client_only(REDIRECT), method="post", data=_settings, writes=True),
    Route("planning:reminders_pause", _client_only(REDIRECT), method="post", writes=True),
    Route("planning:reminders_resume", _client_only(REDIRECT), method="post", writes=True),
    Route("planning:reminders_off", _client_only(REDIRECT), method="post", writes=True),
]
