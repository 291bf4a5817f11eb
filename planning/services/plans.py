"""Writes to the re-entry plan. Each is keyword-only, atomic, and writes its own audit entry.

Plans, values, goals and steps carry a `version`. An edit names the version it was based on; when
someone else saved in between, the service raises StaleEdit with the current row instead of
overwriting it, so the view can show both versions and keep what this person typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from django.db import models, transaction
from django.db.models import F, Max
from django.utils import timezone

from ..models import Client, Goal, Plan, PlanView, Practice, RestWeek, Role, Step, User, Value
from ..models.plans import week_start
from .people import audit_record

# Added to every position before renumbering, so no two steps ever share a position mid-update.
_POSITION_SHIFT = 100_000


class StaleEdit(Exception):
    """Someone saved this record after the version an edit was based on."""

    def __init__(self, current: models.Model) -> None:
        super().__init__("stale edit")
        self.current = current


class LadderMismatch(ValueError):
    """A reorder named steps that are not exactly this goal's ladder."""


def _audit(*, actor: User, action: str, client: Client, target: models.Model, changed: Iterable[str] = ()) -> None:
    audit_record(
        actor=actor,
        action=action,
        organization=client.organization,
        target=target,
        client=client,
        changed_fields=changed,
    )


def _changed(obj: models.Model, data: dict[str, Any]) -> list[str]:
    return [name for name, value in data.items() if getattr(obj, name) != value]


# Plans


def plan_start(*, actor: User, client: Client, title: str = "My plan") -> Plan:
    """Start the client's plan, or return the one already under way (one current plan per client)."""
    with transaction.atomic():
        current = client.plans.current().first()
        if current is not None:
            return current
        plan = Plan.objects.create(client=client, title=title, created_by=actor)
        _audit(actor=actor, action="plan.created", client=client, target=plan)
    return plan


def plan_set_status(*, actor: User, plan: Plan, status: str) -> Plan:
    """Activate, pause, resume or complete a plan. Pausing never counts against anyone."""
    if plan.status == status:
        return plan
    with transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(status=status, version=F("version") + 1, updated_at=timezone.now())
        plan.refresh_from_db()
        _audit(actor=actor, action=f"plan.{status}", client=plan.client, target=plan, changed=["status"])
    return plan


def plan_update(*, actor: User, plan: Plan, data: dict[str, Any], based_on_version: int) -> Plan:
    """Rename the plan unless someone saved it since `based_on_version` (then raise StaleEdit)."""
    return _versioned_update(  # type: ignore[no-any-return]
        actor=actor, model=Plan, obj=plan, data=data, based_on=based_on_version, action="plan.updated"
    )


def rest_week_mark(*, actor: User, plan: Plan, day: date | None = None) -> RestWeek:
    """Mark the week as a rest week. Rest is part of the plan, not a gap in it."""
    monday = week_start(day or timezone.localdate())
    with transaction.atomic():
        rest, created = RestWeek.objects.get_or_create(plan=plan, week_start=monday, defaults={"created_by": actor})
        if created:
            _audit(actor=actor, action="rest_week.marked", client=plan.client, target=rest)
    return rest


def rest_week_clear(*, actor: User, plan: Plan, day: date | None = None) -> None:
    """Take back a rest week the client no longer wants."""
    monday = week_start(day or timezone.localdate())
    with transaction.atomic():
        rest = plan.rest_weeks.filter(week_start=monday).first()
        if rest is not None:
            _audit(actor=actor, action="rest_week.cleared", client=plan.client, target=rest)
            rest.delete()


def plan_view_touch(*, user: User, plan: Plan) -> Any:
    """Record that this person looked at the plan now; return when they last looked before (or None)."""
    now = timezone.now()
    view, created = PlanView.objects.get_or_create(plan=plan, user=user, defaults={"last_seen_at": now})
    if created:
        return None
    previous = view.last_seen_at
    PlanView.objects.filter(pk=view.pk).update(last_seen_at=now)
    return previous


# Values


def value_create(*, actor: User, plan: Plan, statement: str, why: str = "") -> Value:
    """Add something that matters to the client."""
    with transaction.atomic():
        position = (plan.values.aggregate(top=Max("position"))["top"] or 0) + 1
        value = Value.objects.create(plan=plan, statement=statement, why=why, position=position)
        _audit(actor=actor, action="value.created", client=plan.client, target=value)
    return value


def value_update(*, actor: User, value: Value, data: dict[str, Any], based_on_version: int) -> Value:
    """Change a value's words unless someone saved it since `based_on_version` (then raise StaleEdit)."""
    return _versioned_update(  # type: ignore[no-any-return]
        actor=actor, model=Value, obj=value, data=data, based_on=based_on_version, action="value.updated"
    )


# Goals


def goal_create(
    *, actor: User, plan: Plan, title: str, value: Value | None = None, horizon: date | None = None
) -> Goal:
    """Add a goal to the plan, after the existing ones."""
    with transaction.atomic():
        position = (plan.goals.aggregate(top=Max("position"))["top"] or 0) + 1
        goal = Goal.objects.create(
            plan=plan, title=title, value=value, horizon=horizon, position=position, updated_by=actor
        )
        _audit(actor=actor, action="goal.created", client=plan.client, target=goal)
    return goal


def _versioned_update(
    *, actor: User, model: type[models.Model], obj: Any, data: dict[str, Any], based_on: int, action: str
) -> Any:
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=obj.pk)  # type: ignore[attr-defined]
        if current.version != based_on:
            raise StaleEdit(current)
        changed = _changed(current, data)
        if not changed:
            return current
        for name in changed:
            setattr(current, name, data[name])
        current.version += 1
        current.updated_at = timezone.now()
        current.updated_by = actor
        current.save(update_fields=[*changed, "version", "updated_at", "updated_by"])
        if isinstance(current, Plan):
            client = current.client
        elif isinstance(current, (Goal, Value)):
            client = current.plan.client
        else:
            client = current.goal.plan.client
        _audit(actor=actor, action=action, client=client, target=current, changed=changed)
    return current


def goal_update(*, actor: User, goal: Goal, data: dict[str, Any], based_on_version: int) -> Goal:
    """Change a goal unless someone saved it since `based_on_version` (then raise StaleEdit)."""
    return _versioned_update(  # type: ignore[no-any-return]
        actor=actor, model=Goal, obj=goal, data=data, based_on=based_on_version, action="goal.updated"
    )


# Steps


def step_create(*, actor: User, goal: Goal, **fields: Any) -> Step:
    """Add a step to the top of a goal's ladder.

    The library's "add from a step template" calls this too (pass template_key=...). A step the
    client adds themself counts as proposed and agreed by them.
    """
    by_client = actor.role == Role.CLIENT
    fields.setdefault("proposed_by", Step.Proposer.CLIENT if by_client else Step.Proposer.CLINICIAN)
    if by_client:
        fields.setdefault("client_agreed_at", timezone.now())
        fields.setdefault("client_agreement_recorded_by", actor)
    with transaction.atomic():
        Goal.objects.select_for_update().filter(pk=goal.pk).first()  # serialise position allocation per goal
        position = (goal.steps.aggregate(top=Max("position"))["top"] or 0) + 1
        step = Step.objects.create(goal=goal, position=position, created_by=actor, updated_by=actor, **fields)
        _audit(actor=actor, action="step.created", client=goal.plan.client, target=step, changed=sorted(fields))
    return step


def step_update(*, actor: User, step: Step, data: dict[str, Any], based_on_version: int) -> Step:
    """Change a step unless someone saved it since `based_on_version` (then raise StaleEdit)."""
    return _versioned_update(  # type: ignore[no-any-return]
        actor=actor, model=Step, obj=step, data=data, based_on=based_on_version, action="step.updated"
    )


def _renumber(goal: Goal, ordered: Sequence[Step]) -> None:
    """Write positions 1..n in the given order without ever breaking the unique position constraint."""
    goal.steps.update(position=F("position") + _POSITION_SHIFT)
    for index, step in enumerate(ordered, start=1):
        step.position = index
    Step.objects.bulk_update(list(ordered), ["position"])


def step_reorder(*, actor: User, goal: Goal, ordered_ids: Sequence[UUID | str]) -> None:
    """Put the ladder in the given order; the ids must be exactly this goal's steps."""
    with transaction.atomic():
        steps = {str(step.public_id): step for step in goal.steps.select_for_update()}
        wanted = [str(i) for i in ordered_ids]
        if sorted(wanted) != sorted(steps):
            raise LadderMismatch("The order names steps that are not on this ladder.")
        _renumber(goal, [steps[i] for i in wanted])
        _audit(actor=actor, action="ladder.reordered", client=goal.plan.client, target=goal, changed=["position"])


def step_move(*, actor: User, step: Step, direction: str) -> None:
    """Move a step one rung earlier or later on its ladder."""
    goal = step.goal
    ids = [str(i) for i in goal.steps.values_list("public_id", flat=True)]
    index = ids.index(str(step.public_id))
    target = index + 1 if direction == "later" else index - 1
    if not 0 <= target < len(ids):
        return
    ids[index], ids[target] = ids[target], ids[index]
    step_reorder(actor=actor, goal=goal, ordered_ids=ids)


def step_sort_by_distress(*, actor: User, goal: Goal) -> None:
    """Order the ladder from least to most expected distress (ties keep their order)."""
    with transaction.atomic():
        steps = sorted(goal.steps.select_for_update(), key=lambda s: (s.expected_distress, s.position))
        _renumber(goal, steps)
        _audit(actor=actor, action="ladder.sorted", client=goal.plan.client, target=goal, changed=["position"])


def step_record_agreement(*, actor: User, step: Step) -> Step:
    """Record that the client agreed to this step (they say so, or the clinician notes it in session)."""
    if step.client_agreed_at is not None:
        return step
    with transaction.atomic():
        step.client_agreed_at = timezone.now()
        step.client_agreement_recorded_by = actor
        step.save(update_fields=["client_agreed_at", "client_agreement_recorded_by"])
        _audit(
            actor=actor, action="step.agreed", client=step.goal.plan.client, target=step, changed=["client_agreed_at"]
        )
    return step


def step_mark_mastered(*, actor: User, step: Step) -> Step:
    """Mark a step as feeling manageable now. Only ever done when the person chooses to."""
    with transaction.atomic():
        Step.objects.filter(pk=step.pk).update(
            status=Step.Status.MASTERED, version=F("version") + 1, updated_at=timezone.now(), updated_by=actor
        )
        step.refresh_from_db()
        _audit(actor=actor, action="step.mastered", client=step.goal.plan.client, target=step, changed=["status"])
    return step


# Practices


def practice_start(*, actor: User, step: Step, **before: Any) -> Practice:
    """Save the "before" half of a practice; the step is now in practice."""
    with transaction.atomic():
        practice = Practice.objects.create(step=step, created_by=actor, **before)
        if step.status == Step.Status.PLANNED:
            Step.objects.filter(pk=step.pk).update(status=Step.Status.IN_PRACTICE)
            step.status = Step.Status.IN_PRACTICE
        _audit(
            actor=actor,
            action="practice.started",
            client=step.goal.plan.client,
            target=practice,
            changed=sorted(before),
        )
    return practice


def practice_finish(*, actor: User, practice: Practice, based_on_version: int | None = None, **after: Any) -> Practice:
    """Save the "after" half of a practice (or change it later), unless someone saved it since `based_on_version`."""
    with transaction.atomic():
        current = Practice.objects.select_for_update().select_related("step__goal__plan__client").get(pk=practice.pk)
        if based_on_version is not None and current.version != based_on_version:
            raise StaleEdit(current)
        changed = _changed(current, after)
        for name, value in after.items():
            setattr(current, name, value)
        first_time = current.completed_at is None
        if first_time:
            current.completed_at = timezone.now()
            changed.append("completed_at")
        current.version += 1
        current.save(update_fields=[*after, "completed_at", "version"])
        action = "practice.finished" if first_time else "practice.updated"
        _audit(actor=actor, action=action, client=current.step.goal.plan.client, target=current, changed=changed)
    return current
