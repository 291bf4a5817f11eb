"""Check the audit trail's hash chain: `manage.py verify_audit` exits non-zero at the first edited or missing row."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from planning.services.audit import audit_chain_check


class Command(BaseCommand):
    help = "Walk the audit trail in order and report the first row that was edited or removed."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, problem = audit_chain_check()
        if problem:
            raise CommandError(f"{problem} ({checked} rows before it are intact.)")
        self.stdout.write(f"The audit trail is intact: {checked} rows, each chained to the one before.")
