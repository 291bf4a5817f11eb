"""Create a whole clinic with years of records in an empty database, for load tests (`make loadtest`)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from planning.demo.clinic import ClinicExists, ClinicSize, seed_clinic
from planning.demo.people import DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Create a clinic of many clinicians and clients with years of plans, practices, check-ins, "
        "questionnaires, safety plans and audit history. Deterministic; for an empty database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        defaults = ClinicSize()
        parser.add_argument("--clinicians", type=int, default=defaults.clinicians)
        parser.add_argument("--clients", type=int, default=defaults.clients)
        parser.add_argument("--years", type=int, default=defaults.years)
        parser.add_argument("--caseload", type=int, default=defaults.caseload, help="Clients of the first clinician.")
        parser.add_argument("--seed", type=int, default=defaults.seed, help="Same seed, same clinic.")

    def handle(self, *args: Any, **options: Any) -> None:
        size = ClinicSize(
            clinicians=options["clinicians"],
            clients=options["clients"],
            years=options["years"],
            caseload=options["caseload"],
            seed=options["seed"],
        )
        if size.clinicians < 1 or size.clients < 1 or size.years < 1 or size.caseload < 1:
            raise CommandError("Clinicians, clients, years and caseload must each be at least 1.")
        started = time.monotonic()
        try:
            clinic = seed_clinic(size, progress=lambda message: self.stdout.write(f"  {message}"))
        except ClinicExists as error:
            raise CommandError(f"{error} Use a fresh database.") from error
        seconds = time.monotonic() - started
        rows = sum(clinic.counts.values())
        self.stdout.write(self.style.SUCCESS(f"{clinic.organization.name}: {rows:,} rows in {seconds:.0f} s."))
        for label, count in sorted(clinic.counts.items()):
            self.stdout.write(f"  {label:32} {count:>9,}")
        caseload = clinic.clinician.care_assignments.count()
        self.stdout.write(f"Sign in (password for everyone: {DEMO_PASSWORD})")
        self.stdout.write(f"  organisation admin  {clinic.admin.email}")
        self.stdout.write(f"  clinician           {clinic.clinician.email}  ({caseload} clients)")
        assert clinic.client.user is not None
        self.stdout.write(f"  client              {clinic.client.user.email}  (on that caseload)")
