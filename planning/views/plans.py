"""The co-building screen: the plan, its values, goals and step ladders, edited by client and clinician."""

from __future__ import annotations

from collections.abc import Callable
from copy import copy
from functools import partial
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..access import AuthedRequest, can_write, client_for, goal_for, plan_for, step_for, value_for
from ..forms.plans import GoalForm, PlanForm, StepForm, ValueForm, VersionedForm, as_text
from ..models import Plan, Step
from ..services.plans import (
    LadderMismatch,
    StaleEdit,
    goal_create,
    goal_update,
    plan_set_status,
    plan_start,
    plan_update,
    plan_view_touch,
    rest_week_clear,
    rest_week_mark,
    step_create,
    step_mark_mastered,
    step_move,
    step_record_agreement,
    step_reorder,
    step_sort_by_distress,
    step_update,
    value_create,
    value_update,
)


def _plan_url(plan: Plan, anchor: str = "") -> str:
    return reverse("planning:plan_detail", args=[plan.public_id]) + (f"#{anchor}" if anchor else "")


def rebase(form_class: type[VersionedForm], form: VersionedForm, current: Any, **kwargs: Any) -> VersionedForm:
    """Merge a stale save onto the current version: keep what this person changed, take the rest from `current`."""
    fresh = form_class(instance=current, **kwargs)
    mine = form.changed_by_this_person()
    data = form.data.copy()  # type: ignore[attr-defined]
    for name in fresh.fields:
        if name == "version":
            continue
        theirs = as_text(fresh[name].initial)
        if name not in mine:
            data[name] = theirs
        data[f"base-{name}"] = theirs
    data["version"] = str(current.version)
    rebased = form_class(data, instance=copy(current), **kwargs)
    rebased.is_valid()
    return rebased


def differences(form: forms.ModelForm, current: Any) -> list[tuple[str, Any, Any]]:
    """List (label, their saved value, what this person typed) for each field that still differs."""
    rows = []
    for name, field in form.fields.items():
        if name == "version" or name not in form.cleaned_data:
            continue
        theirs, yours = getattr(current, name), form.cleaned_data[name]
        if theirs != yours:
            display = getattr(current, f"get_{name}_display", None)
            rows.append((str(field.label or name), display() if display else theirs, yours))
    return rows


def _versioned_edit(
    request: HttpRequest,
    form_class: type[VersionedForm],
    instance: Any,
    update: Callable[..., object],
    **form_kwargs: Any,
) -> tuple[VersionedForm, Any, bool]:
    """Bind an edit form and save it through `update`; a stale save rebases the form onto the newer row.

    Returns the form, the newer row when the save was stale (else None), and whether it saved.
    """
    form: VersionedForm = form_class(request.POST or None, instance=copy(instance), **form_kwargs)
    if request.method != "POST" or not form.is_valid():
        return form, None, False
    data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
    try:
        update(data=data, based_on_version=form.cleaned_data["version"])
    except StaleEdit as stale:
        return rebase(form_class, form, stale.current, **form_kwargs), stale.current, False
    return form, None, True


def _conflict_context(form: VersionedForm, conflict: Any) -> dict[str, Any]:
    return {"conflict": conflict, "differences": differences(form, conflict) if conflict is not None else None}


@login_required
@require_POST
def plan_start_view(request: HttpRequest, client_id: UUID) -> HttpResponse:
    client = client_for(request.user, client_id, write=True)
    plan = plan_start(actor=request.user, client=client)  # type: ignore[arg-type]
    return redirect(_plan_url(plan))


@login_required
def plan_detail(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    plan = plan_for(request.user, plan_id)
    last_seen = plan_view_touch(user=request.user, plan=plan) if request.user.is_clinician else None  # type: ignore[union-attr, arg-type]
    context = {
        "plan": plan,
        "client": plan.client,
        "can_write": can_write(request.user, plan.client),
        "values": plan.values.all(),
        "goals": plan.ladders(),
        "resting": plan.is_resting(),
        "recent_practices": plan.recent_practices(),
        "last_seen": last_seen,
        "changes": plan.changes_since(last_seen, exclude_user=request.user) if last_seen else [],
    }
    return render(request, "planning/plan_detail.html", context)


@login_required
def plan_edit(request: AuthedRequest, plan_id: UUID) -> HttpResponse:
    plan = plan_for(request.user, plan_id, write=True)
    update = partial(plan_update, actor=request.user, plan=plan)
    form, conflict, saved = _versioned_edit(request, PlanForm, plan, update)
    if saved:
        messages.success(request, "Saved.")
        return redirect(_plan_url(plan))
    context = {"plan": plan, "form": form, **_conflict_context(form, conflict)}
    return render(request, "planning/plan_form.html", context)


PACE_ACTIONS = {
    "activate": "We've started the plan. Take it one step at a time.",
    "pause": "The plan is paused. Nothing is lost, and you can pick it up whenever you're ready.",
    "resume": "Welcome back. The plan is active again.",
    "rest": "This week is a rest week. Rest is part of the plan.",
    "unrest": "This week is no longer marked as a rest week.",
}


@login_required
@require_POST
def plan_pace(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    plan = plan_for(request.user, plan_id, write=True)
    action = request.POST.get("action", "")
    if action in ("activate", "resume"):
        plan_set_status(actor=request.user, plan=plan, status=Plan.Status.ACTIVE)  # type: ignore[arg-type]
    elif action == "pause":
        plan_set_status(actor=request.user, plan=plan, status=Plan.Status.PAUSED)  # type: ignore[arg-type]
    elif action == "rest":
        rest_week_mark(actor=request.user, plan=plan)  # type: ignore[arg-type]
    elif action == "unrest":
        rest_week_clear(actor=request.user, plan=plan)  # type: ignore[arg-type]
    else:
        messages.info(request, "Nothing was changed.")
        return redirect(_plan_url(plan))
    messages.success(request, PACE_ACTIONS[action])
    return redirect(_plan_url(plan))


@login_required
def value_add(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    plan = plan_for(request.user, plan_id, write=True)
    form = ValueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        value_create(actor=request.user, plan=plan, **data)  # type: ignore[arg-type]
        messages.success(request, "Added. Thank you for sharing what matters.")
        return redirect(_plan_url(plan, "values"))
    return render(request, "planning/plan_value_form.html", {"plan": plan, "form": form})


@login_required
def value_edit(request: AuthedRequest, value_id: UUID) -> HttpResponse:
    value = value_for(request.user, value_id, write=True)
    update = partial(value_update, actor=request.user, value=value)
    form, conflict, saved = _versioned_edit(request, ValueForm, value, update)
    if saved:
        messages.success(request, "Saved.")
        return redirect(_plan_url(value.plan, "values"))
    context = {"plan": value.plan, "form": form, "value": value, **_conflict_context(form, conflict)}
    return render(request, "planning/plan_value_form.html", context)


@login_required
def goal_add(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    plan = plan_for(request.user, plan_id, write=True)
    form = GoalForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        goal = goal_create(actor=request.user, plan=plan, **data)  # type: ignore[arg-type]
        messages.success(request, "Goal added. Next, add the first few steps towards it.")
        return redirect(_plan_url(plan, f"goal-{goal.public_id}"))
    return render(request, "planning/plan_goal_form.html", {"plan": plan, "form": form})


@login_required
def goal_edit(request: AuthedRequest, goal_id: UUID) -> HttpResponse:
    goal = goal_for(request.user, goal_id, write=True)
    update = partial(goal_update, actor=request.user, goal=goal)
    form, conflict, saved = _versioned_edit(request, GoalForm, goal, update, plan=goal.plan)
    if saved:
        messages.success(request, "Saved.")
        return redirect(_plan_url(goal.plan, f"goal-{goal.public_id}"))
    context = {"plan": goal.plan, "goal": goal, "form": form, **_conflict_context(form, conflict)}
    return render(request, "planning/plan_goal_form.html", context)


@login_required
def step_add(request: HttpRequest, goal_id: UUID) -> HttpResponse:
    goal = goal_for(request.user, goal_id, write=True)
    initial = {"proposed_by": Step.Proposer.CLIENT if request.user.is_client else Step.Proposer.CLINICIAN}  # type: ignore[union-attr]
    form = StepForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        step = step_create(actor=request.user, goal=goal, **data)  # type: ignore[arg-type]
        messages.success(request, "Step added to the ladder.")
        return redirect(_plan_url(goal.plan, f"step-{step.public_id}"))
    return render(request, "planning/plan_step_form.html", {"plan": goal.plan, "goal": goal, "form": form})


@login_required
def step_edit(request: AuthedRequest, step_id: UUID) -> HttpResponse:
    step = step_for(request.user, step_id, write=True)
    update = partial(step_update, actor=request.user, step=step)
    form, conflict, saved = _versioned_edit(request, StepForm, step, update)
    if saved:
        messages.success(request, "Saved.")
        return redirect(_plan_url(step.goal.plan, f"step-{step.public_id}"))
    context = {
        "plan": step.goal.plan,
        "goal": step.goal,
        "step": step,
        "form": form,
        **_conflict_context(form, conflict),
    }
    return render(request, "planning/plan_step_form.html", context)


@login_required
def step_detail(request: HttpRequest, step_id: UUID) -> HttpResponse:
    step = step_for(request.user, step_id)
    context = {
        "plan": step.goal.plan,
        "step": step,
        "practices": step.practices.order_by("planned_for", "created_at"),
        "can_write": can_write(request.user, step.goal.plan.client),
    }
    return render(request, "planning/plan_step_detail.html", context)


@login_required
@require_POST
def step_move_view(request: HttpRequest, step_id: UUID) -> HttpResponse:
    step = step_for(request.user, step_id, write=True)
    direction = request.POST.get("direction")
    if direction in ("earlier", "later"):
        step_move(actor=request.user, step=step, direction=direction)  # type: ignore[arg-type]
    return redirect(_plan_url(step.goal.plan, f"step-{step.public_id}"))


@login_required
@require_POST
def ladder_reorder(request: HttpRequest, goal_id: UUID) -> HttpResponse:
    goal = goal_for(request.user, goal_id, write=True)
    try:
        step_reorder(actor=request.user, goal=goal, ordered_ids=request.POST.getlist("step"))  # type: ignore[arg-type]
    except LadderMismatch:
        messages.warning(request, "The ladder changed while you were moving steps. Here is the latest order.")
    return redirect(_plan_url(goal.plan, f"goal-{goal.public_id}"))


@login_required
@require_POST
def ladder_sort(request: HttpRequest, goal_id: UUID) -> HttpResponse:
    goal = goal_for(request.user, goal_id, write=True)
    step_sort_by_distress(actor=request.user, goal=goal)  # type: ignore[arg-type]
    messages.success(request, "The ladder now climbs from the least to the most distress expected.")
    return redirect(_plan_url(goal.plan, f"goal-{goal.public_id}"))


@login_required
@require_POST
def step_agree(request: HttpRequest, step_id: UUID) -> HttpResponse:
    step = step_for(request.user, step_id, write=True)
    step_record_agreement(actor=request.user, step=step)  # type: ignore[arg-type]
    return redirect(_plan_url(step.goal.plan, f"step-{step.public_id}"))


@login_required
@require_POST
def step_mastered(request: HttpRequest, step_id: UUID) -> HttpResponse:
    step = step_for(request.user, step_id, write=True)
    step_mark_mastered(actor=request.user, step=step)  # type: ignore[arg-type]
    messages.success(request, "Well done. This step feels manageable now, and that is real progress.")
    return redirect("planning:step_detail", step_id=step.public_id)
