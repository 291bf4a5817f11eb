"""The permission matrix's vocabulary: one Route per URL pattern, with the status each persona gets.

Route tables live in tests/**/routes_*.py; tests/planning/test_permission_matrix.py gathers them
and fails when any URL pattern of the project has no Route. A Route that `writes` changes the
record for every signed-in persona whose expected status is a success, and for nobody else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

from django.apps import apps
from django.db import connection
from django.template.backends.django import Template

PERSONAS = (
    "anonymous",
    "client",
    "other_client",
    "clinician",
    "readonly_clinician",
    "bystander_clinician",
    "outside_clinician",
    "org_admin",
    "ally",
    "other_ally",
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
    expect: dict[str, int]
    kwargs: Callable[[Any], dict[str, Any]] = field(default=lambda w: {})
    method: str = "get"
    data: Callable[[Any], dict[str, Any]] | None = None
    query: str = ""
    writes: bool = False

    def __post_init__(self) -> None:
        missing = set(PERSONAS) - set(self.expect)
        assert not missing, f"{self.name}: no expectation for {sorted(missing)}"
        assert not self.writes or self.method == "post", f"{self.name}: only a post writes"

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.name}"

    def writes_for(self, persona: str) -> bool:
        """Say whether this call, made as `persona`, must change the record (a signed-in success)."""
        return self.writes and persona != "anonymous" and self.expect[persona] < 400


def only(allowed: dict[str, int], *, others: int = NOT_FOUND) -> dict[str, int]:
    """Expectations where the named personas get their status, anonymous signs in, and everyone else gets `others`."""
    expect = {persona: others for persona in PERSONAS}
    expect["anonymous"] = LOGIN
    expect.update(allowed)
    return expect


def client_record_read() -> dict[str, int]:
    """Reading the client's clinical record: the client and their care team only."""
    return only({"client": OK, "clinician": OK, "readonly_clinician": OK})


def client_record_write(ok: int) -> dict[str, int]:
    """Changing the client's clinical record: the client and read-write care team; read-only gets 403."""
    return only({"client": ok, "clinician": ok, "readonly_clinician": FORBIDDEN})


def care_team_read() -> dict[str, int]:
    """Clinician-only views of the record (the client has their own pages): clients and allies get 403 by role."""
    return only(
        {
            "clinician": OK,
            "readonly_clinician": OK,
            "client": FORBIDDEN,
            "other_client": FORBIDDEN,
            "org_admin": FORBIDDEN,
            "ally": FORBIDDEN,
            "other_ally": FORBIDDEN,
        }
    )


def care_team_write(ok: int) -> dict[str, int]:
    """Clinician-only changes: read-write care team; read-only gets 403; clients, admins and allies 403 by role."""
    return only(
        {
            "clinician": ok,
            "readonly_clinician": FORBIDDEN,
            "client": FORBIDDEN,
            "other_client": FORBIDDEN,
            "org_admin": FORBIDDEN,
            "ally": FORBIDDEN,
            "other_ally": FORBIDDEN,
        }
    )


# What an audited read of a client's record adds to a page (access.audited_read): the chain's last hash and
# the INSERT, and on PostgreSQL the chain's advisory lock before them. Query budgets add it where a page logs.
AUDITED_READ_QUERIES = 3 if connection.vendor == "postgresql" else 2
# What two-step sign-in adds to a clinician's or admin's page: django-otp's OTPMiddleware loads the device the
# session passed with, by primary key, to check it is still theirs and confirmed (a reset deletes it). Budgets
# measure the first request after signing in, which reads it from the database; later ones read it from the
# cache (planning/user_cache.py, tests/planning/test_user_cache.py).
SECOND_FACTOR_QUERIES = 1


# Sign-in times, and when each person last looked at a plan, move on reads; they change no record.
NOT_RECORDED = {"last_login"}
READ_RECEIPTS = {"planning.PlanView"}
# The shared library is loaded data that no view edits (its edit pages are 404s); counting it is enough.
SHARED_LIBRARY = {"content.Item": "organization_id IS NULL"}


def _fingerprint_sql() -> str:
    """One statement that reads every row of every planning, library and two-step sign-in table as text.

    One round trip instead of one ORM query per table: the check runs twice on every post in the matrix.
    """
    quote = connection.ops.quote_name
    parts = []  # table and column names come from the models, never from input
    for label in ("planning", "content", "otp_totp", "otp_static"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.label in READ_RECEIPTS:
                continue
            table = quote(model._meta.db_table)
            fields = [f for f in model._meta.concrete_fields if f.attname not in NOT_RECORDED]
            row = " || '|' || ".join(_as_text(f, quote) for f in fields)
            name = model._meta.label
            if name in SHARED_LIBRARY:
                shared = SHARED_LIBRARY[name]
                parts.append(f"SELECT '{name} shared' AS t, CAST(COUNT(*) AS TEXT) AS r FROM {table} WHERE {shared}")  # noqa: S608
                parts.append(f"SELECT '{name}' AS t, {row} AS r FROM {table} WHERE NOT ({shared})")  # noqa: S608
            else:
                parts.append(f"SELECT '{name}' AS t, {row} AS r FROM {table}")  # noqa: S608
    return " UNION ALL ".join(parts)


def _as_text(field: Any, quote: Callable[[str], str]) -> str:
    """One column as text; bytes (a kept PDF) by their length, since they are not text and derive from other rows."""
    if field.get_internal_type() == "BinaryField":
        return f"COALESCE(CAST(LENGTH({quote(field.column)}) AS TEXT), '~')"
    return f"COALESCE(CAST({quote(field.column)} AS TEXT), '~')"


_SQL: dict[str, str] = {}


def record_rows() -> list[tuple[str, str]]:
    """Every row of every planning and library table as (model, text of the row), in a stable order."""
    sql = _SQL.get(connection.vendor) or _SQL.setdefault(connection.vendor, _fingerprint_sql())
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return sorted(cursor.fetchall())


def record_fingerprint() -> int:
    """Fingerprint everything a view could write, audit trail included: unchanged means nothing was written."""
    return hash(tuple(record_rows()))


@contextmanager
def pages_not_rendered() -> Iterator[None]:
    """Answer every template with an empty page: for requests where only the status and the record matter."""
    with mock.patch.object(Template, "render", return_value=""):
        yield
