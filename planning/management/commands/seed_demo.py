"""Create the demo clinic for `make run`. Safe to run again: it adds only what is missing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand

from planning.demo import allies as allies_demo
from planning.demo import library as library_demo
from planning.demo import people
from planning.demo import plans as plans_demo
from planning.demo import safety as safety_demo
from planning.demo import sessions as sessions_demo
from planning.demo import setbacks as setbacks_demo
from planning.demo import tracking as tracking_demo
from planning.models import CareTeamMember, Client, User

# Each area's demo data: seed(client, lead_clinician), idempotent. One entry per planning/demo module.
AREA_SEEDS: list[Callable[[Client, User], None]] = [
    plans_demo.seed,
    safety_demo.seed,
    library_demo.seed,
    tracking_demo.seed,
    sessions_demo.seed,
    setbacks_demo.seed,
    allies_demo.seed,  # after plans: Sam's ally comes along on one of his steps
]


def _lead_clinician(client: Client) -> User:
    member = client.care_team.filter(access=CareTeamMember.Access.WRITE).select_related("clinician").earliest("pk")
    return member.clinician


class Command(BaseCommand):
    help = "Create (or complete) the demo clinic, its clinicians, admin and clients, with their plans."

    def handle(self, *args: Any, **options: Any) -> None:
        organization, _clinicians, clients = people.seed()
        for client in clients:
            for seed in AREA_SEEDS:
                seed(client, _lead_clinician(client))
        self.stdout.write(self.style.SUCCESS(f"Demo data ready for {organization.name}."))
        self.stdout.write(f"Sign in at http://127.0.0.1:8000 (password for everyone: {people.DEMO_PASSWORD})")
        self.stdout.write(f"  organisation admin  {people.ADMIN.email}")
        for person in people.CLINICIANS:
            self.stdout.write(f"  clinician           {person.email}  ({person.full_name})")
        for details in people.CLIENTS:
            self.stdout.write(f"  client              {details.email}  ({details.preferred_name})")
        self.stdout.write(f"  ally                {allies_demo.ALLY_EMAIL}  (Ruth, Sam's sister)")
        self.stdout.write(
            "Clinicians and the admin then type a code from an authenticator app (two-step sign-in). For the demo:\n"
            "  DEBUG=true .venv/bin/python manage.py demo_code EMAIL   prints the code to type now, or\n"
            f"  add the demo key {people.DEMO_TOTP_KEY} to any authenticator app (time-based, 6 digits)."
        )
