"""Demo sessions: each demo client's last session note (a week ago) and what they added to the next agenda."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ..models import AgendaItem, Client, SessionNote, User

LAST_SESSION_DAYS_AGO = 7


@dataclass(frozen=True)
class DemoSession:
    worked_on: str
    agreed: str
    next_time: str
    agenda: tuple[str, ...]  # added by the client since, oldest first


SESSIONS = {
    "Sam": DemoSession(
        worked_on=(
            "Looked back at the two café visits. Sam expected to be stared at both times; it did not happen, "
            "and the worry fell from about 70 to 40 out of 100. We talked about the urge to check the exit."
        ),
        agreed="Sam will try sitting one table further from the door on the next visit, and keep the exit plan.",
        next_time="Ask how the table move went. Start thinking about the board-game night's first step.",
        agenda=("My brother asked me to his birthday. I don't know if I can go.", "Sleep has been better."),
    ),
    "Lena": DemoSession(
        worked_on=(
            "Lena wrote first, then read her notes aloud. We went through the safety plan together after last "
            "month's hard week, and added Noor to the people she can call."
        ),
        agreed="One message a day in the book-club group chat, even a short one. A rest day is allowed.",
        next_time="Check the safety plan still feels right. Look at the book club's in-person evening.",
        agenda=("Can we talk about the book club evening? I'm not sure I'm ready.",),
    ),
    "Theo": DemoSession(
        worked_on=(
            "Camera off for the first half, then on for ten minutes. Theo mapped which sounds at the "
            "market are hardest and which ones they can plan for."
        ),
        agreed="Theo will visit the market early on Saturday with headphones, for as long as feels right.",
        next_time="Hear how the market went. Practise the script for asking a stallholder a question.",
        agenda=("Headphones helped but I felt rude wearing them.",),
    ),
}


def seed(client: Client, clinician: User) -> None:
    """Give a demo client a session note from a week ago and a few things on the next agenda, once."""
    if client.session_notes.exists() or client.agenda_items.exists():
        return
    data = SESSIONS.get(client.preferred_name) or SESSIONS["Sam"]
    held_on = timezone.localdate() - timedelta(days=LAST_SESSION_DAYS_AGO)
    with transaction.atomic():
        SessionNote.objects.create(
            client=client,
            held_on=held_on,
            worked_on=data.worked_on,
            agreed=data.agreed,
            next_time=data.next_time,
            created_by=clinician,
            updated_by=clinician,
        )
        for days_ago, text in zip(range(len(data.agenda) + 1, 1, -1), data.agenda, strict=False):
            AgendaItem.objects.create(
                client=client,
                text=text,
                added_by=client.user or clinician,
                created_at=timezone.now() - timedelta(days=days_ago),
            )
