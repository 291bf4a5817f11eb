"""A demo ally: Sam's sister Ruth, who comes along to the matinee. Everyone here is invented."""

from __future__ import annotations

from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from ..models import Ally, Client, Role, Step, User
from .people import DEMO_PASSWORD

ALLY_EMAIL = "ruth@friends.example"
ALLY_NAME = "Ruth Okafor"
FOR_CLIENT = "Sam"
SUPPORT_NOTE = (
    "A text the evening before helps me feel ready. On the day, let's meet outside rather than inside. "
    "If I go quiet, I'm fine, just busy keeping steady. Talking about ordinary things afterwards is perfect."
)
EXIT_SIGNAL = "If I text 'popcorn', ring me and say you need a hand at home, so I have an easy reason to go."
TOGETHER_ON = "Watch a film at a weekday matinee"


@transaction.atomic
def seed(client: Client, clinician: User) -> None:
    """Give Sam one active ally who comes along to the matinee step; once, and only for Sam."""
    if client.preferred_name != FOR_CLIENT or client.allies.exists():
        return
    user, created = User.objects.get_or_create(
        email=ALLY_EMAIL, defaults={"full_name": ALLY_NAME, "role": Role.ALLY, "organization": None}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    now = timezone.now()
    ally = Ally.objects.create(
        client=client,
        user=user,
        name="Ruth",
        email=ALLY_EMAIL,
        status=Ally.Status.ACTIVE,
        support_note=SUPPORT_NOTE,
        exit_signal=EXIT_SIGNAL,
        accepted_at=now - timedelta(days=10),
        updated_by=client.user,
    )
    saturday = timezone.localdate() + timedelta(days=(5 - timezone.localdate().weekday()) % 7 or 7)
    Step.objects.filter(goal__plan__client=client, activity=TOGETHER_ON).update(
        ally=ally, together_on=saturday, together_time=time(14, 0), ally_sees_exit_plan=True
    )
