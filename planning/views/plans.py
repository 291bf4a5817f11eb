"""The co-building screen: the plan, its values, goals and step ladders, edited by client and clinician."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST, require_safe

from config.kept_pages import kept_page, stamp_read_with

from ..access import Access, AuthedRequest, audited_read, client_for, goal_for, plan_for, step_for, value_for
from ..forms.plans import GoalForm, PlanForm, StepForm, ValueForm
from ..models import Plan, Removal, Step
from ..models.plans import REST_WEEKS_AHEAD, week_start
from ..services.plans import (
    LadderMismatch,
    goal_create,
    goal_update,
    plan_set_status,
    plan_update,
    plan_view_touch,
    rest_week_clear,
    rest_week_mark,
    step_create,
    step_mark_mastered,
    step_record_agreement,
    step_reorder,
    step_sort_by_distress,
    step_update,
    value_create,
    value_update,
)
from ..services.plans import (
    plan_start as start_plan,
)
from ..services.plans import (
    step_move as move_step,
)
from ..services.removals import record_remove
from ..versioning import versioned_edit
from .removals import removed


def _plan_url(plan: Plan, anchor: str = "") -> str:
    return reverse("planning:plan_detail", args=[plan.public_id]) + (f"#{anchor}" if anchor else "")


def _saved(request: AuthedRequest, url: str) -> HttpResponse:
    messages.success(request, "Saved.")
    return redirect(url)


@login_required
@require_POST
def plan_start(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client, _access = client_for(request.user, client_id, write=True)
    return redirect(_plan_url(start_plan(actor=request.user, client=client)))


@login_required
@require_safe  # a view records "last looked"; only a real visit should
@audited_read("plan", at_access=True)
def plan_detail(request: AuthedRequest, plan_id: UUID) -> HttpResponse:
    plan, access = plan_for(request.user, plan_id, with_stamp=True)
    last_seen = _last_seen(request, plan) if access.is_care_team else None

    def draw() -> HttpResponse:
        prefetch_related_objects([plan], "rest_weeks")  # this week, the weeks marked ahead and those still free
        return _plan_detail(request, plan, access, last_seen)

    # Kept until the clinic records a change (config/kept_pages.py); "changed since your last visit" goes by last_seen.
    return kept_page(
        request, "plan", draw, parts=(plan.pk, last_seen), about=plan.client_id, stamp=stamp_read_with(plan)
    )


PLAN_VISITS = "plan_visits"  # the session's note of when each plan's visit began (plan_view_touch)


def _last_seen(request: AuthedRequest, plan: Plan) -> datetime | None:
    """When this care-team member last looked before this visit: from the session for the rest of a visit."""
    remembered = request.session.get(PLAN_VISITS, {})
    visits = dict(remembered)
    last_seen = plan_view_touch(user=request.user, plan=plan, visits=visits)
    if visits != remembered:
        request.session[PLAN_VISITS] = visits
    return last_seen


def _plan_detail(request: AuthedRequest, plan: Plan, access: Access, last_seen: datetime | None) -> HttpResponse:
    context = {
        "plan": plan,
        "client": plan.client,
        "access": access,
        "values": plan.values.all(),
        "goals": plan.ladders(),
        "resting": plan.is_resting(),
        "recent_practices": plan.recent_practices(),
        "last_seen": last_seen,
        "changes": plan.changes_since(last_seen, exclude_user=request.user) if last_seen else [],
        "has_current_plan": plan.client.plans.current().exists(),
    }
    return render(request, "planning/plan_detail.html", context)


@login_required
def plan_edit(request: AuthedRequest, plan_id: UUID) -> HttpResponse:
    plan, _access = plan_for(request.user, plan_id, write=True)
    edit = versioned_edit(
        request,
        current=plan,
        make_form=lambda data, row: PlanForm(data, instance=row),
        save=lambda form: plan_update(actor=request.user, plan=plan, based_on=form.based_on, **form.record_data()),
    )
    if edit.saved:
        return _saved(request, _plan_url(plan))
    return render(request, "planning/plan_form.html", {"plan": plan, **edit.context()}, status=edit.status)


PACE_ACTIONS = {
    "activate": "We've started the plan. Take it one step at a time.",
    "pause": "The plan is paused. Nothing is lost, and you can pick it up whenever you're ready.",
    "resume": "Welcome back. The plan is active again.",
    "rest": "This week is a rest week. Rest is part of the plan.",
    "unrest": "This week is no longer marked as a rest week.",
    "rest_ahead": "The week from {week} is marked as a rest week. Rest is part of the plan.",
    "unrest_ahead": "The week from {week} is no longer marked as a rest week.",
    "complete": "The plan is complete and kept here to look back on. A new one can start whenever you're ready.",
}


def _chosen_week(request: AuthedRequest) -> date | None:
    """Return the week a rest action names (this week when it names none); None when it is not one on offer."""
    today = timezone.localdate()
    raw = request.POST.get("week", "")
    if not raw:
        return today
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return None
    this_monday = week_start(today)
    return day if day.weekday() == 0 and this_monday <= day <= this_monday + timedelta(weeks=REST_WEEKS_AHEAD) else None


@login_required
@require_POST
def plan_pace(request: AuthedRequest, plan_id: UUID) -> HttpResponse:
    plan, _access = plan_for(request.user, plan_id, write=True)
    action = request.POST.get("action", "") if plan.status != Plan.Status.COMPLETED else ""
    week = _chosen_week(request)
    if action in ("rest", "unrest") and week is None:
        messages.info(request, "Please choose one of the weeks offered. Nothing was changed.")
        return redirect(_plan_url(plan))
    if action in ("activate", "resume"):
        plan_set_status(actor=request.user, plan=plan, status=Plan.Status.ACTIVE)
    elif action == "pause":
        plan_set_status(actor=request.user, plan=plan, status=Plan.Status.PAUSED)
    elif action == "complete":
        plan_set_status(actor=request.user, plan=plan, status=Plan.Status.COMPLETED)
    elif action == "rest":
        rest_week_mark(actor=request.user, plan=plan, day=week)
    elif action == "unrest":
        rest_week_clear(actor=request.user, plan=plan, day=week)
    else:
        messages.info(request, "Nothing was changed.")
        return redirect(_plan_url(plan))
    if week and week_start(week) > week_start(timezone.localdate()):
        ahead = "rest_ahead" if action == "rest" else "unrest_ahead"
        messages.success(request, PACE_ACTIONS[ahead].format(week=date_format(week, "j F")))
    else:
        messages.success(request, PACE_ACTIONS[action])
    return redirect(_plan_url(plan))


@login_required
def value_add(request: AuthedRequest, plan_id: UUID) -> HttpResponse:
    plan, _access = plan_for(request.user, plan_id, write=True)
    form = ValueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        value_create(actor=request.user, plan=plan, **form.record_data())
        messages.success(request, "Added. Thank you for sharing what matters.")
        return redirect(_plan_url(plan, "values"))
    return render(request, "planning/plan_value_form.html", {"plan": plan, "form": form})


@login_required
def value_edit(request: AuthedRequest, value_id: UUID) -> HttpResponse:
    value, _access = value_for(request.user, value_id, write=True)
    edit = versioned_edit(
        request,
        current=value,
        make_form=lambda data, row: ValueForm(data, instance=row),
        save=lambda form: value_update(actor=request.user, value=value, based_on=form.based_on, **form.record_data()),
    )
    if edit.saved:
        return _saved(request, _plan_url(value.plan, "values"))
    context = {"plan": value.plan, "value": value, **edit.context()}
    return render(request, "planning/plan_value_form.html", context, status=edit.status)


@login_required
def goal_add(request: AuthedRequest, plan_id: UUID) -> HttpResponse:
    plan, _access = plan_for(request.user, plan_id, write=True)
    form = GoalForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        goal = goal_create(actor=request.user, plan=plan, **form.record_data())
        messages.success(request, "Goal added. Next, add the first few steps towards it.")
        return redirect(_plan_url(plan, f"goal-{goal.public_id}"))
    return render(request, "planning/plan_goal_form.html", {"plan": plan, "form": form})


@login_required
def goal_edit(request: AuthedRequest, goal_id: UUID) -> HttpResponse:
    goal, _access = goal_for(request.user, goal_id, write=True)
    edit = versioned_edit(
        request,
        current=goal,
        make_form=lambda data, row: GoalForm(data, instance=row, plan=goal.plan),
        save=lambda form: goal_update(actor=request.user, goal=goal, based_on=form.based_on, **form.record_data()),
    )
    if edit.saved:
        return _saved(request, _plan_url(goal.plan, f"goal-{goal.public_id}"))
    context = {"plan": goal.plan, "goal": goal, **edit.context()}
    return render(request, "planning/plan_goal_form.html", context, status=edit.status)


@login_required
def step_add(request: AuthedRequest, goal_id: UUID) -> HttpResponse:
    goal, _access = goal_for(request.user, goal_id, write=True)
    proposer = Step.Proposer.CLIENT if request.user.is_client else Step.Proposer.CLINICIAN
    form = StepForm(request.POST or None, initial={"proposed_by": proposer})
    if request.method == "POST" and form.is_valid():
        step = step_create(actor=request.user, goal=goal, **form.record_data())
        messages.success(request, "Step added to the ladder.")
        return redirect(_plan_url(goal.plan, f"step-{step.public_id}"))
    return render(request, "planning/plan_step_form.html", {"plan": goal.plan, "goal": goal, "form": form})


@login_required
def step_edit(request: AuthedRequest, step_id: UUID) -> HttpResponse:
    step, _access = step_for(request.user, step_id, write=True)
    edit = versioned_edit(
        request,
        current=step,
        make_form=lambda data, row: StepForm(data, instance=row),
        save=lambda form: step_update(actor=request.user, step=step, based_on=form.based_on, **form.record_data()),
    )
    if edit.saved:
        return _saved(request, _plan_url(step.goal.plan, f"step-{step.public_id}"))
    context: dict[str, Any] = {"plan": step.goal.plan, "goal": step.goal, "step": step, **edit.context()}
    return render(request, "planning/plan_step_form.html", context, status=edit.status)


@login_required
@audited_read("step")
def step_detail(request: AuthedRequest, step_id: UUID) -> HttpResponse:
    step, access = step_for(request.user, step_id)
    context = {
        "plan": step.goal.plan,
        "step": step,
        "practices": step.practices.order_by("planned_for", "created_at"),
        "access": access,
        "mastery_reasons": step.mastery_reasons(to_client=access.is_own),
    }
    return render(request, "planning/plan_step_detail.html", context)


@login_required
@require_POST
def step_move(request: AuthedRequest, step_id: UUID) -> HttpResponse:
    step, _access = step_for(request.user, step_id, write=True)
    direction = request.POST.get("direction")
    if direction in ("earlier", "later"):
        move_step(actor=request.user, step=step, direction=direction)
    return redirect(_plan_url(step.goal.plan, f"step-{step.public_id}"))


@login_required
@require_POST
def ladder_reorder(request: AuthedRequest, goal_id: UUID) -> HttpResponse:
    goal, _access = goal_for(request.user, goal_id, write=True)
    try:
        step_reorder(actor=request.user, goal=goal, ordered_ids=request.POST.getlist("step"))
    except LadderMismatch:
        messages.warning(request, "The ladder changed while you were moving steps. Here is the latest order.")
    return redirect(_plan_url(goal.plan, f"goal-{goal.public_id}"))


@login_required
@require_POST
def ladder_sort(request: AuthedRequest, goal_id: UUID) -> HttpResponse:
    goal, _access = goal_for(request.user, goal_id, write=True)
    step_sort_by_distress(actor=request.user, goal=goal)
    messages.success(request, "The ladder now climbs from the least to the most distress expected.")
    return redirect(_plan_url(goal.plan, f"goal-{goal.public_id}"))


@login_required
@require_POST
def step_agree(request: AuthedRequest, step_id: UUID) -> HttpResponse:
    step, _access = step_for(request.user, step_id, write=True)
    step_record_agreement(actor=request.user, step=step)
    return redirect(_plan_url(step.goal.plan, f"step-{step.public_id}"))


@login_required
@require_POST
def step_mastered(request: AuthedRequest, step_id: UUID) -> HttpResponse:
    step, _access = step_for(request.user, step_id, write=True)
    step_mark_mastered(actor=request.user, step=step)
    messages.success(request, "Well done. This step feels manageable now, and that is real progress.")
    return redirect("planning:step_detail", step_id=step.public_id)


@login_required
@require_POST
def step_remove(request: AuthedRequest, step_id: UUID) -> HttpResponse:
    step, access = step_for(request.user, step_id, write=True)
    plan = step.goal.plan
    if not access.is_own and step.practices.exists():  # their practices are the client's own words
        messages.info(
            request,
            f"This step holds {plan.client.preferred_name}'s practices, so only they can remove it. "
            "Setting it aside keeps everything.",
        )
        return redirect("planning:step_detail", step_id=step.public_id)
    removal = record_remove(
        actor=request.user,
        record=step,
        kind=Removal.Kind.STEP,
        back_name="planning:plan_detail",
        back_id=plan.public_id,
    )
    return removed(request, removal, "The step is off the ladder, with its practices.")
