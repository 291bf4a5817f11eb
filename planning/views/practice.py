"""The practice log, phone first: the "before" half now, the "after" half later."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..access import AuthedRequest, audited_read, own_practice_for, practice_for, step_for
from ..forms.plans import PracticeAfterForm, PracticeBeforeForm
from ..models import Ally, Practice, Removal
from ..services.plans import practice_close_not_this_time, practice_finish, practice_start
from ..services.removals import record_remove
from ..versioning import versioned_edit
from .removals import removed

HARD_ONE = (
    "Saved. Thank you for doing this, and for noting it. "
    "It sounds like a hard one: there's a short look back below, if you'd like it."
)


@login_required
def practice_before(request: AuthedRequest, step_id: UUID) -> HttpResponse:
    step, _access = step_for(request.user, step_id, write=True)
    form = PracticeBeforeForm(request.POST or None, initial={"expected_distress": step.expected_distress})
    if request.method == "POST" and form.is_valid():
        practice = practice_start(actor=request.user, step=step, **form.cleaned_data)
        messages.success(request, "Saved. When you're back, come here to note how it went. Go gently.")
        return redirect("planning:practice_detail", practice_id=practice.public_id)
    return render(request, "planning/practice_before.html", {"step": step, "plan": step.goal.plan, "form": form})


@login_required
def practice_after(request: AuthedRequest, practice_id: UUID) -> HttpResponse:
    practice, _access = own_practice_for(request.user, practice_id)
    edit = versioned_edit(
        request,
        current=practice,
        make_form=lambda data, row: PracticeAfterForm(data, instance=row),
        save=lambda form: practice_finish(
            actor=request.user, practice=practice, based_on=form.based_on, **form.record_data()
        ),
    )
    if edit.saved:
        hard = edit.saved.offers_setback_review()
        messages.success(request, HARD_ONE if hard else "Saved. Thank you for doing this, and for noting it.")
        return redirect("planning:practice_detail", practice_id=practice.public_id)
    context = {"practice": practice, "step": practice.step, "plan": practice.step.goal.plan, **edit.context()}
    return render(request, "planning/practice_after.html", context, status=edit.status)


@login_required
@audited_read("practice")
def practice_detail(request: AuthedRequest, practice_id: UUID) -> HttpResponse:
    practice, access = practice_for(request.user, practice_id)
    step = practice.step
    context = {
        "practice": practice,
        "step": step,
        "plan": step.goal.plan,
        "access": access,
        "mastery_reasons": step.mastery_reasons(to_client=access.is_own) if practice.is_finished else [],
        "lessons": practice.lessons(to_client=access.is_own),
        "comments": practice.comments.select_related("author"),
        "review": getattr(practice, "setback_review", None),
        "offers_review": access.is_own and practice.offers_setback_review(),
        "thank_ally": _ally_to_thank(practice) if access.is_own else None,
    }
    return render(request, "planning/practice_detail.html", context)


def _ally_to_thank(practice: Practice) -> Ally | None:
    """The active ally who came along on a finished practice, if the client has not thanked them for it yet."""
    ally = practice.step.ally
    if ally is None or not ally.is_active or not practice.is_finished:
        return None
    return None if practice.ally_thanks.filter(ally=ally).exists() else ally


@login_required
@require_POST
def practice_not_this_time(request: AuthedRequest, practice_id: UUID) -> HttpResponse:
    practice, _access = own_practice_for(request.user, practice_id)
    practice_close_not_this_time(actor=request.user, practice=practice)
    messages.success(
        request, "Noted: you didn't go this time. That's a fine answer, and the step is still here whenever you like."
    )
    return redirect("planning:step_detail", step_id=practice.step.public_id)


@login_required
@require_POST
def practice_remove(request: AuthedRequest, practice_id: UUID) -> HttpResponse:
    practice, _access = own_practice_for(request.user, practice_id)
    removal = record_remove(
        actor=request.user,
        record=practice,
        kind=Removal.Kind.PRACTICE,
        back_name="planning:step_detail",
        back_id=practice.step.public_id,
    )
    return removed(request, removal, "The practice is removed.")
