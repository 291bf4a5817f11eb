"""Erase the clinical records of closed accounts past their clinic's retention.

    DEBUG=true .venv/bin/python manage.py erase_past_retention [--dry-run]

Run it daily (a cron job or systemd timer). Each erased client gets one audit entry naming the kinds
of record erased and how many; the output names clients by public id only, never by name.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from planning.services.retention import client_records_erase, clients_past_retention


class Command(BaseCommand):
    help = "Erase the clinical records of closed accounts whose clinic's retention has run out."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List who would be erased; erase nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        due = clients_past_retention()
        for client in due:
            closed = f"{client.closure_requested_at:%Y-%m-%d}"
            if options["dry_run"]:
                self.stdout.write(f"would erase client {client.public_id} (closed {closed})")
                continue
            erased = client_records_erase(client=client)
            kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(erased.items())) or "nothing left to erase"
            self.stdout.write(f"erased client {client.public_id} (closed {closed}): {kinds}")
        verb = "would be erased" if options["dry_run"] else "erased"
        self.stdout.write(f"{len(due)} closed account(s) past retention {verb}.")
