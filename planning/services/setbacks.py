"""Setback reviews: the client's look back at a hard practice, and the next thing they choose.

Each write is keyword-only, atomic and audited with field names only. "A smaller version" proposes a rung
just below the hard one; it reaches the ladder only when the client accepts it, through
`services.plans.step_create(below=...)`, audited like every other new step. "Talk it over" puts an item on
the next session's agenda through `services.sessions.agenda_item_add`.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from ..models import Practice, SetbackReview, Step, User
from ..models.setbacks import SMALLER_STEP_EASIER_BY
from ..versioning import StaleEdit, lock_current, stamp_and_save
from .audit import audit_record
from .plans import step_create
from .sessions import agenda_item_add

# The agenda item "talk it over" adds, in the client's voice. The step's name helps the session find it.
TALK_IT_OVER = "A practice that was hard ({activity}). I'd like to talk it over."


class ReviewExists(Exception):
    """This practice already has its review (a second tab, or a double tap). Carries the one saved."""

    def __init__(self, review: SetbackReview) -> None:
        super().__init__("review exists")
        self.review = review


def smaller_proposal_for(step: Step) -> tuple[str, int]:
    """Suggest a smaller rung below a hard step: words for the client to make their own, and a lower distress."""
    activity = f"A smaller version of: {step.activity}"[: Step._meta.get_field("activity").max_length]
    return activity, max(step.expected_distress - SMALLER_STEP_EASIER_BY, 0)


def setback_review_create(
    *,
    actor: User,
    practice: Practice,
    next_choice: str,
    harder: Sequence[str] = (),
    harder_words: str = "",
    went_all_right: str = "",
) -> SetbackReview:
    """Save the client's review of a hard practice and act on what they want next (one review per practice)."""
    step = practice.step
    with transaction.atomic():
        Practice.objects.select_for_update().filter(pk=practice.pk).first()  # one review, even from two tabs
        existing = SetbackReview.objects.filter(practice=practice).first()
        if existing is not None:
            raise ReviewExists(existing)
        review = SetbackReview(
            practice=practice,
            harder=[code for code in SetbackReview.Harder.values if code in harder],
            harder_words=harder_words.strip(),
            went_all_right=went_all_right.strip(),
            next_choice=next_choice,
            created_by=actor,
            updated_by=actor,
        )
        if next_choice == SetbackReview.Next.SMALLER:
            review.smaller_activity, review.smaller_expected_distress = smaller_proposal_for(step)
            review.proposal = SetbackReview.Proposal.OPEN
        if next_choice == SetbackReview.Next.TALK:
            text = TALK_IT_OVER.format(activity=step.activity)
            review.agenda_item = agenda_item_add(actor=actor, client=step.client, text=text[:300])
        review.save()
        audit_record(
            actor=actor,
            action="setback_review.created",
            target=review,
            changed_fields=["harder", "harder_words", "went_all_right", "next_choice"],
        )
    return review


def _open_proposal(review: SetbackReview, *, based_on: int) -> SetbackReview:
    """Lock the review; raise StaleEdit unless its smaller rung still waits for an answer, as of `based_on`."""
    current = lock_current(review, based_on=based_on)
    if current.proposal != SetbackReview.Proposal.OPEN:
        raise StaleEdit(current)
    return current


def setback_review_accept_smaller(
    *, actor: User, review: SetbackReview, based_on: int, activity: str, expected_distress: int
) -> Step:
    """Put the smaller rung, in the client's words, just below the hard step; the proposal is answered.

    Raises StaleEdit when the proposal was answered since `based_on` (a second tab), so it is never added twice.
    """
    with transaction.atomic():
        current = _open_proposal(review, based_on=based_on)
        hard = current.practice.step
        step = step_create(
            actor=actor,
            goal=hard.goal,
            below=hard,
            activity=activity.strip(),
            expected_distress=expected_distress,
            setting=hard.setting,
            with_whom=hard.with_whom,
            duration_minutes=hard.duration_minutes,
            accommodations=hard.accommodations,
            exit_plan=hard.exit_plan,
            practices_wanted=hard.practices_wanted,
        )
        current.proposal = SetbackReview.Proposal.ACCEPTED
        current.smaller_activity, current.smaller_expected_distress = step.activity, expected_distress
        current.smaller_step = step
        stamp_and_save(
            current, actor=actor, fields=["proposal", "smaller_activity", "smaller_expected_distress", "smaller_step"]
        )
        audit_record(actor=actor, action="setback_review.smaller_accepted", target=current, changed_fields=["proposal"])
    return step


def setback_review_decline_smaller(*, actor: User, review: SetbackReview, based_on: int) -> SetbackReview:
    """Leave the ladder as it is: the client said no to the smaller rung, which is a fine answer."""
    with transaction.atomic():
        current = _open_proposal(review, based_on=based_on)
        current.proposal = SetbackReview.Proposal.DECLINED
        stamp_and_save(current, actor=actor, fields=["proposal"])
        audit_record(actor=actor, action="setback_review.smaller_declined", target=current, changed_fields=["proposal"])
    return current
