"""Demo look back: one client's hard practice, the review she wrote, and the smaller rung she added.

All words are made up for the demo and written in plain, warm words.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ..models import Client, Practice, SetbackReview, Step, User
from ..services.audit import history_written_at
from ..services.setbacks import setback_review_accept_smaller, setback_review_create

WHO = "Lena"
HARD_STEP = "Have a short video call with Maya"
DAYS_AGO = 3  # since the last demo session (a week ago), so it shows in the session view's summary
SMALLER_RUNG = "A voice call with Maya, camera off, for ten minutes"


def seed(client: Client, clinician: User) -> None:
    """Give Lena a hard practice with a look back that chose a smaller version, once."""
    if client.preferred_name != WHO or client.user is None:
        return
    step = Step.objects.filter(goal__plan__in=client.plans.current(), activity=HARD_STEP).first()
    if step is None or SetbackReview.objects.filter(practice__step=step).exists():
        return
    when = timezone.now() - timedelta(days=DAYS_AGO)
    with transaction.atomic(), history_written_at(when):
        practice = Practice.objects.create(
            step=step,
            planned_for=when.date(),
            expected_distress=40,
            feared_outcome="I'll go blank and Maya will think I don't want to talk to her.",
            feared_likelihood=60,
            coping_plan="A glass of water beside me, feet on the floor.",
            peak_distress=80,
            end_distress=45,
            what_happened="Her flatmate walked in halfway through and I suddenly felt watched. I said I had to go.",
            feared_happened=Practice.FearedHappened.NO,
            likelihood_after=45,
            learned="Maya didn't mind at all. She texted afterwards to say it was lovely to see me.",
            outcome=Practice.Outcome.LEFT_BY_EXIT_PLAN,
            felt_hard=True,
            completed_at=when,
            created_at=when,
            created_by=client.user,
        )
        review = setback_review_create(
            actor=client.user,
            practice=practice,
            next_choice=SetbackReview.Next.SMALLER,
            harder=[SetbackReview.Harder.BODY, SetbackReview.Harder.BIG_JUMP],
            harder_words="Being seen on camera in my own room felt like a lot, on top of someone else walking in.",
            went_all_right="I told Maya I needed to stop, and she said that was completely fine. We laughed first.",
        )
        smaller = setback_review_accept_smaller(
            actor=client.user, review=review, based_on=review.version, activity=SMALLER_RUNG, expected_distress=25
        )
        # Dated like the rest of the demo's history (the services stamp the present).
        SetbackReview.objects.filter(pk=review.pk).update(created_at=when, updated_at=when)
        Step.objects.filter(pk=smaller.pk).update(created_at=when, updated_at=when, client_agreed_at=when)
