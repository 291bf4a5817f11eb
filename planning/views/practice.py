"""The practice log, phone first: the "before" half now, the "after" half later."""

from __future__ import annotations

from copy import copy
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ..access import can_write, practice_for, step_for
from ..forms.plans import PracticeAfterForm, PracticeBeforeForm, VersionedForm
from ..services.plans import StaleEdit, practice_finish, practice_start
from .plans import differences, rebase


@login_required
def practice_before(request: HttpRequest, step_id: UUID) -> HttpResponse:
    step = step_for(request.user, step_id, write=True)
    form = PracticeBeforeForm(request.POST or None, initial={"expected_distress": step.expected_distress})
    if request.method == "POST" and form.is_valid():
        practice = practice_start(actor=request.user, step=step, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, "Saved. When you're back, come here to note how it went. Go gently.")
        return redirect("planning:practice_detail", practice_id=practice.public_id)
    return render(request, "planning/practice_before.html", {"step": step, "plan": step.goal.plan, "form": form})


@login_required
def practice_after(request: HttpRequest, practice_id: UUID) -> HttpResponse:
    practice = practice_for(request.user, practice_id, write=True)
    form: VersionedForm = PracticeAfterForm(request.POST or None, instance=copy(practice))
    context: dict[str, Any] = {"practice": practice, "step": practice.step, "plan": practice.step.goal.plan}
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            version = form.cleaned_data["version"]
            practice_finish(actor=request.user, practice=practice, based_on_version=version, **data)  # type: ignore[arg-type]
        except StaleEdit as stale:
            form = rebase(PracticeAfterForm, form, stale.current)
            context |= {"conflict": stale.current, "differences": differences(form, stale.current)}
        else:
            messages.success(request, "Saved. Thank you for doing this, and for noting it.")
            return redirect("planning:practice_detail", practice_id=practice.public_id)
    return render(request, "planning/practice_after.html", {**context, "form": form})


@login_required
def practice_detail(request: HttpRequest, practice_id: UUID) -> HttpResponse:
    practice = practice_for(request.user, practice_id)
    step = practice.step
    context = {
        "practice": practice,
        "step": step,
        "plan": step.goal.plan,
        "can_write": can_write(request.user, step.goal.plan.client),
        "offer_mastery": practice.is_finished and step.offers_mastery(),
    }
    return render(request, "planning/practice_detail.html", context)
