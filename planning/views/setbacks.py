"""Looking back at a hard practice: offered after logging, never required, and the client's own words.

The care team reads a review beside the practice and in the session view; only the client writes one
and answers its smaller rung (their care team gets a 403, anyone else a 404).
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..access import AuthedRequest, audited_read, own_practice_for, own_setback_review_for, setback_review_for
from ..forms.setbacks import SetbackReviewForm, SmallerRungForm
from ..models import SetbackReview
from ..services.setbacks import (
    ReviewExists,
    setback_review_accept_smaller,
    setback_review_create,
    setback_review_decline_smaller,
)
from ..versioning import StaleEdit

NEXT_MESSAGES = {
    SetbackReview.Next.AGAIN: "Saved. The step is still here whenever you'd like to try it again, at your own pace.",
    SetbackReview.Next.SMALLER: "Saved. Here is a smaller rung to look at: it goes on your ladder only if you say yes.",
    SetbackReview.Next.DIFFERENT: "Saved. When you plan the next practice, you can choose another place or time.",
    SetbackReview.Next.REST: "Saved. You can mark a rest week just below. Rest is part of the plan.",
    SetbackReview.Next.TALK: "Saved. It's on the agenda for your next session.",
}
NOT_OFFERED = (
    'A look back is there for a practice that felt hard. If this one did, tick "That was hard" '
    "in how it went, and it will be offered here."
)
ALREADY_ANSWERED = "This smaller rung already has your answer, so nothing changed."


def _to_review(review: SetbackReview) -> HttpResponse:
    return redirect("planning:setback_review_detail", review_id=review.public_id)


@login_required
def setback_review_add(request: AuthedRequest, practice_id: UUID) -> HttpResponse:
    practice, _access = own_practice_for(request.user, practice_id)
    existing = getattr(practice, "setback_review", None)
    if existing is not None:
        return _to_review(existing)
    if not practice.is_finished:
        messages.info(request, "Add how it went first. Then you can look back at it here, if you'd like to.")
        return redirect("planning:practice_after", practice_id=practice.public_id)
    if not practice.was_hard():  # only ever offered after a hard one; a tick under how it went makes it one
        messages.info(request, NOT_OFFERED)
        return redirect("planning:practice_detail", practice_id=practice.public_id)
    form = SetbackReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = setback_review_create(actor=request.user, practice=practice, **form.cleaned_data)
        except ReviewExists as saved:  # a second tab or a double tap: the first one stands
            return _to_review(saved.review)
        messages.success(request, NEXT_MESSAGES[SetbackReview.Next(review.next_choice)])
        return _to_review(review)
    context = {"practice": practice, "step": practice.step, "plan": practice.step.goal.plan, "form": form}
    return render(request, "planning/setback_review_form.html", context)


def _detail(
    request: AuthedRequest, review: SetbackReview, access: object, form: SmallerRungForm | None
) -> HttpResponse:
    step = review.practice.step
    context = {"review": review, "practice": review.practice, "step": step, "plan": step.goal.plan}
    return render(request, "planning/setback_review_detail.html", {**context, "access": access, "form": form})


@login_required
@audited_read("setback_review")
def setback_review_detail(request: AuthedRequest, review_id: UUID) -> HttpResponse:
    review, access = setback_review_for(request.user, review_id)
    form = SmallerRungForm(review=review) if access.is_own and review.waits_for_answer else None
    return _detail(request, review, access, form)


@login_required
@require_POST
def setback_review_smaller(request: AuthedRequest, review_id: UUID) -> HttpResponse:
    """Say yes to the smaller rung, in the client's words: it goes on the ladder just below the hard step."""
    review, access = own_setback_review_for(request.user, review_id)
    if not review.waits_for_answer:
        messages.info(request, ALREADY_ANSWERED)
        return _to_review(review)
    form = SmallerRungForm(request.POST, review=review)
    if not form.is_valid():
        return _detail(request, review, access, form)
    try:
        setback_review_accept_smaller(actor=request.user, review=review, based_on=form.based_on, **form.record_data())
    except StaleEdit:
        messages.info(request, ALREADY_ANSWERED)
        return _to_review(review)
    messages.success(request, "The smaller rung is on your ladder, just below the one that was hard. Go gently.")
    return redirect("planning:plan_detail", plan_id=review.practice.step.goal.plan.public_id)


@login_required
@require_POST
def setback_review_decline(request: AuthedRequest, review_id: UUID) -> HttpResponse:
    """Leave the ladder as it is: no to the smaller rung is a fine answer."""
    review, _access = own_setback_review_for(request.user, review_id)
    try:
        setback_review_decline_smaller(actor=request.user, review=review, based_on=review.version)
    except StaleEdit:
        messages.info(request, ALREADY_ANSWERED)
        return _to_review(review)
    messages.success(request, "Your ladder stays as it is. The step is there whenever you're ready.")
    return _to_review(review)
