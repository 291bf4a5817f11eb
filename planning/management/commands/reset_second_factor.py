"""Reset someone's two-step sign-in from the server: `manage.py reset_second_factor EMAIL`.

For the person who runs Stepwise, when a clinic's only admin has lost both their phone and their recovery
codes (any other admin of the clinic can do it from the organisation page). Works with DEBUG off. The
clinic's trail records the reset with no actor: the system did it. The email is never echoed or logged.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from planning.models import User
from planning.services.second_factor import second_factor_reset_by_staff


class Command(BaseCommand):
    help = "Clear one person's authenticator app and recovery codes and sign them out everywhere."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The email the person signs in with.")

    def handle(self, *args: Any, **options: Any) -> None:
        person = User.objects.filter(email__iexact=options["email"].strip()).first()
        if person is None:
            raise CommandError(
                "No Stepwise account signs in with that email. Please check it and try again; nothing was changed."
            )
        second_factor_reset_by_staff(person=person)
        self.stdout.write(
            f"Two-step sign-in is reset for {person} and they are signed out everywhere. "
            "At their next sign-in, Stepwise helps them set up their app again."
        )
