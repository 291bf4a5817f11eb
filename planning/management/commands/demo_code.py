"""Print the code a demo clinician or admin types after their password (the demo's shared authenticator key).

For `make run` on a laptop only: it refuses to run unless DEBUG is on, and only for an account that
seed_demo set up with the demo key, never a real person's app.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

from planning.demo.people import DEMO_APP_NAME, code_now


class Command(BaseCommand):
    help = "Print the two-step sign-in code for a demo account (DEBUG only): manage.py demo_code EMAIL"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("demo_code is for the demo on a laptop: it runs only with DEBUG=true.")
        device = TOTPDevice.objects.filter(user__email__iexact=email.strip(), name=DEMO_APP_NAME).first()
        if device is None:
            raise CommandError(f"{email} has no demo authenticator: run `manage.py seed_demo`, or use your own app.")
        self.stdout.write(code_now(device))
        self.stderr.write("Type it on the 'One more step' page within 30 seconds; run this again for a fresh one.")
