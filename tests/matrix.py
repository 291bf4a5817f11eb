"""The permission matrix's vocabulary: one Route per URL pattern, with the status each persona gets.

Route tables live in tests/**/routes_*.py; tests/planning/test_permission_matrix.py gathers them
and fails when any URL pattern of the project has no Route.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PERSONAS = (
    "anonymous",
    "client",
    "other_client",
    "clinician",
    "readonly_clinician",
    "bystander_clinician",
    "outside_clinician",
    "org_admin",
)

LOGIN = 302  # anonymous visitors are sent to sign in
OK = 200
REDIRECT = 302
FORBIDDEN = 403
NOT_FOUND = 404


@dataclass
class Route:
    """One URL pattern as a persona meets it: how to build it, how to call it, what each persona gets."""

    name: str
    expect: dict[str, int | tuple[int, ...]]
    kwargs: Callable[[Any], dict[str, Any]] = field(default=lambda w: {})
    method: str = "get"
    data: Callable[[Any], dict[str, Any]] | None = None
    query: str = ""

    def __post_init__(self) -> None:
        missing = set(PERSONAS) - set(self.expect)
        assert not missing, f"{self.name}: no expectation for {sorted(missing)}"

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.name}"


def only(allowed: dict[str, int | tuple[int, ...]], *, others: int = NOT_FOUND) -> dict[str, int | tuple[int, ...]]:
    """Expectations where the named personas get their status, anonymous signs in, and everyone else gets `others`."""
    expect: dict[str, int | tuple[int, ...]] = {persona: others for persona in PERSONAS}
    expect["anonymous"] = LOGIN
    expect.update(allowed)
    return expect


def client_record_read() -> dict[str, int | tuple[int, ...]]:
    """Reading the client's clinical record: the client and their care team only."""
    return only({"client": OK, "clinician": OK, "readonly_clinician": OK})


def client_record_write(ok: int | tuple[int, ...] = (OK, REDIRECT)) -> dict[str, int | tuple[int, ...]]:
    """Changing the client's clinical record: the client and read-write care team; read-only gets 403."""
    return only({"client": ok, "clinician": ok, "readonly_clinician": FORBIDDEN})


def care_team_read() -> dict[str, int | tuple[int, ...]]:
    """Clinician-only views of the record (the client has their own pages): clients get 403 by role."""
    return only(
        {
            "clinician": OK,
            "readonly_clinician": OK,
            "client": FORBIDDEN,
            "other_client": FORBIDDEN,
            "org_admin": FORBIDDEN,
        }
    )


def care_team_write(ok: int | tuple[int, ...] = (OK, REDIRECT)) -> dict[str, int | tuple[int, ...]]:
    """Clinician-only changes: read-write care team; read-only gets 403; clients and admins 403 by role."""
    return only(
        {
            "clinician": ok,
            "readonly_clinician": FORBIDDEN,
            "client": FORBIDDEN,
            "other_client": FORBIDDEN,
            "org_admin": FORBIDDEN,
        }
    )
