"""A whole clinic with years of records, for load tests and scaling checks (`manage.py seed_clinic`).

Everything is deterministic: one seeded random generator decides every choice and every public
id, so two runs into fresh databases give the same records. Rows are built in memory a chunk of
clients at a time and written with bulk_create, parents before children; no services, signals or
per-row saves. What the services would have computed (scores, latest responses, reliable change,
safety-plan version numbers, audit rows) is computed here the same way. The words come from the
demo modules, so nothing clinical is written twice.

builder.py makes the clinic, its people and each client; plans.py, tracking.py and safety.py fill
in one client's record by area, as the demo modules do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...models import Client, Organization, User

CLINIC_NAME = "Harbour Lane Clinic"
DOMAIN = "harbourlane.example"


@dataclass(frozen=True)
class ClinicSize:
    clinicians: int = 50
    clients: int = 2500
    years: int = 2
    caseload: int = 150  # clients on the measured clinician's care teams
    seed: int = 2026


@dataclass
class SeededClinic:
    organization: Organization
    admin: User
    clinician: User  # the one with the big caseload
    client: Client  # on that caseload, with a 3 goals x 6 steps plan and 120 practices
    counts: dict[str, int] = field(default_factory=dict)


class ClinicExists(Exception):
    """The database already holds the load-test clinic; seed a fresh database instead."""


def seed_clinic(size: ClinicSize, *, progress: Any = None) -> SeededClinic:
    """Create the clinic, its people and their records; refuse a database that already has it."""
    if Organization.objects.filter(name=CLINIC_NAME).exists():
        raise ClinicExists(f"{CLINIC_NAME} is already in this database.")
    from .builder import Builder

    return Builder(size, progress).build()
