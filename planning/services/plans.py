"""Writes to the re-entry plan. Each is keyword-only, atomic, and writes its own audit entry.

Plans, values, goals, steps and practices carry a `version`; edits name the version they were
based on and go through planning.versioning, which refuses a stale save with StaleEdit.
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from datetime import date, datetime, timedelta
from uuid import UUID

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from ..models import Client, Goal, Plan, PlanView, Practice, RestWeek, Step, User, Value
from ..models.plans import week_start
from ..versioning import lock_current, save_if_current, stamp_and_save
from .audit import audit_record
from .notifications import notify_step_proposed

# Added to every position before renumbering, so no two steps ever share a position mid-update.
_POSITION_SHIFT = 100_000


class LadderMismatch(ValueError):
    """A reorder named steps that are not exactly this goal's ladder."""


# Plans


def plan_start(*, actor: User, client: Client, title: str = "My plan") -> Plan:
    """Start the client's plan, or return the one already under way (one current plan per client)."""
    with transaction.atomic():
        current = client.plans.current().first()
        if current is not None:
            return current
        plan = Plan.objects.create(client=client, title=title, created_by=actor)
        audit_record(actor=actor, action="plan.created", target=plan)
    return plan


def plan_set_status(*, actor: User, plan: Plan, status: str) -> Plan:
    """Activate, pause, resume or complete a plan. Pausing never counts against anyone."""
    if plan.status == status:
        return plan
    with transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(status=status, version=F("version") + 1, updated_at=timezone.now())
        plan.refresh_from_db()
        audit_record(actor=actor, action=f"plan.{status}", target=plan, changed_fields=["status"])
    return plan


def plan_update(*, actor: User, plan: Plan, based_on: int, title: str) -> Plan:
    """Rename the plan unless someone saved it since `based_on`."""
    return save_if_current(actor=actor, record=plan, based_on=based_on, changes={"title": title}, action="plan.updated")


def rest_week_mark(*, actor: User, plan: Plan, day: date | None = None) -> RestWeek:
    """Mark the week (this one, or one ahead) as a rest week. Rest is part of the plan, not a gap in it."""
    monday = week_start(day or timezone.localdate())
    ahead = monday > week_start(timezone.localdate())
    with transaction.atomic():
        rest, created = RestWeek.objects.get_or_create(plan=plan, week_start=monday, defaults={"created_by": actor})
        if created:
            audit_record(actor=actor, action="rest_week.planned" if ahead else "rest_week.marked", target=rest)
    return rest


def rest_week_clear(*, actor: User, plan: Plan, day: date | None = None) -> None:
    """Take back a rest week the client no longer wants."""
    monday = week_start(day or timezone.localdate())
    with transaction.atomic():
        rest = plan.rest_weeks.filter(week_start=monday).first()
        if rest is not None:
            audit_record(actor=actor, action="rest_week.cleared", target=rest)
            rest.delete()


# Looks at a plan within this long of the recorded one are one visit: no write, and what was new stays marked.
SAME_VISIT = timedelta(minutes=5)


def plan_view_touch(*, user: User, plan: Plan, visits: MutableMapping[str, str] | None = None) -> datetime | None:
    """Record that this person looked at the plan; return when they last looked before this visit (or None).

    A look within SAME_VISIT of the recorded one belongs to the same visit: nothing is written, and the
    changes since the visit began stay marked, so reloading the page mid-session does not wipe them.

    `visits` (the person's session) remembers when each plan's visit began. The recorded look moves on only
    once SAME_VISIT has passed since it, so until then the remembered time is the one the database holds:
    the rest of a visit (the plan page again after each save) is answered without a query.
    """
    now = timezone.now()
    key = str(plan.pk)
    remembered = visits.get(key) if visits is not None else None
    if remembered is not None and now - (began := datetime.fromisoformat(remembered)) < SAME_VISIT:
        return began
    view, created = PlanView.objects.get_or_create(plan=plan, user=user, defaults={"last_seen_at": now})
    last_seen = None if created else view.last_seen_at
    if last_seen is not None and now - last_seen >= SAME_VISIT:
        PlanView.objects.filter(pk=view.pk).update(last_seen_at=now)
        began = now
    else:
        began = last_seen or now
    if visits is not None:
        for other in [k for k, at in visits.items() if now - datetime.fromisoformat(at) >= SAME_VISIT]:
            del visits[other]  # only visits still going are kept: the session stays small
        visits[key] = began.isoformat()
    return last_seen


# Values


def value_create(*, actor: User, plan: Plan, statement: str, why: str = "") -> Value:
    """Add something that matters to the client."""
    with transaction.atomic():
        position = (plan.values.aggregate(top=Max("position"))["top"] or 0) + 1
        value = Value.objects.create(plan=plan, statement=statement, why=why, position=position, updated_by=actor)
        audit_record(actor=actor, action="value.created", target=value)
    return value


def value_update(*, actor: User, value: Value, based_on: int, statement: str, why: str) -> Value:
    """Change a value's words unless someone saved it since `based_on`."""
    changes = {"statement": statement, "why": why}
    return save_if_current(actor=actor, record=value, based_on=based_on, changes=changes, action="value.updated")


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
        audit_record(actor=actor, action="goal.created", target=goal)
    return goal


def goal_update(
    *, actor: User, goal: Goal, based_on: int, title: str, value: Value | None, horizon: date | None
) -> Goal:
    """Change a goal unless someone saved it since `based_on`."""
    changes = {"title": title, "value": value, "horizon": horizon}
    return save_if_current(actor=actor, record=goal, based_on=based_on, changes=changes, action="goal.updated")


# Steps


def step_create(
    *,
    actor: User,
    goal: Goal,
    activity: str,
    expected_distress: int,
    setting: str = Step.Setting.IN_PERSON,
    with_whom: str = "",
    duration_minutes: int | None = None,
    accommodations: str = "",
    practices_wanted: int = 3,
    exit_plan: str = "",
    proposed_by: str | None = None,
    template_key: str = "",
    below: Step | None = None,
) -> Step:
    """Add a step to the top of a goal's ladder, or just below the rung `below` (which moves up one, with the
    rungs above it).

    The library's "add from a step template" and a setback review's "a smaller version" call this too. A step
    the client adds themself counts as proposed and agreed by them.
    """
    by_client = actor.is_client
    with transaction.atomic():
        Goal.objects.select_for_update().filter(pk=goal.pk).first()  # serialise position allocation per goal
        if below is None:
            position = (goal.steps.aggregate(top=Max("position"))["top"] or 0) + 1
        else:
            position = Step.objects.values_list("position", flat=True).get(pk=below.pk)  # as it is now, under the lock
            goal.steps.filter(position__gte=position).update(position=F("position") + _POSITION_SHIFT)
        step = Step.objects.create(
            goal=goal,
            position=position,
            activity=activity,
            expected_distress=expected_distress,
            setting=setting,
            with_whom=with_whom,
            duration_minutes=duration_minutes,
            accommodations=accommodations,
            practices_wanted=practices_wanted,
            exit_plan=exit_plan,
            template_key=template_key,
            proposed_by=proposed_by or (Step.Proposer.CLIENT if by_client else Step.Proposer.CLINICIAN),
            client_agreed_at=timezone.now() if by_client else None,
            client_agreement_recorded_by=actor if by_client else None,
            created_by=actor,
            updated_by=actor,
        )
        audit_record(actor=actor, action="step.created", target=step)
        if below is not None:  # the rungs moved aside come back one higher, the new one now below them
            goal.steps.filter(position__gte=_POSITION_SHIFT).update(position=F("position") - _POSITION_SHIFT + 1)
            audit_record(actor=actor, action="ladder.reordered", target=goal, changed_fields=["position"])
        notify_step_proposed(actor=actor, step=step)
    return step


def step_update(
    *,
    actor: User,
    step: Step,
    based_on: int,
    activity: str,
    setting: str,
    with_whom: str,
    duration_minutes: int | None,
    accommodations: str,
    expected_distress: int,
    practices_wanted: int,
    exit_plan: str,
    proposed_by: str,
    status: str,
) -> Step:
    """Change a step unless someone saved it since `based_on`."""
    changes = {
        "activity": activity,
        "setting": setting,
        "with_whom": with_whom,
        "duration_minutes": duration_minutes,
        "accommodations": accommodations,
        "expected_distress": expected_distress,
        "practices_wanted": practices_wanted,
        "exit_plan": exit_plan,
        "proposed_by": proposed_by,
        "status": status,
    }
    return save_if_current(actor=actor, record=step, based_on=based_on, changes=changes, action="step.updated")


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
        audit_record(actor=actor, action="ladder.reordered", target=goal, changed_fields=["position"])


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
        audit_record(actor=actor, action="ladder.sorted", target=goal, changed_fields=["position"])


def step_record_agreement(*, actor: User, step: Step) -> Step:
    """Record that the client agreed to this step (they say so, or the clinician notes it in session)."""
    if step.client_agreed_at is not None:
        return step
    with transaction.atomic():
        step.client_agreed_at = timezone.now()
        step.client_agreement_recorded_by = actor
        step.save(update_fields=["client_agreed_at", "client_agreement_recorded_by"])
        audit_record(actor=actor, action="step.agreed", target=step, changed_fields=["client_agreed_at"])
    return step


def step_mark_mastered(*, actor: User, step: Step) -> Step:
    """Mark a step as feeling manageable now. Only ever done when the person chooses to."""
    with transaction.atomic():
        Step.objects.filter(pk=step.pk).update(
            status=Step.Status.MASTERED, version=F("version") + 1, updated_at=timezone.now(), updated_by=actor
        )
        step.refresh_from_db()
        audit_record(actor=actor, action="step.mastered", target=step, changed_fields=["status"])
    return step


# Practices


def practice_start(
    *,
    actor: User,
    step: Step,
    expected_distress: int,
    feared_outcome: str,
    feared_likelihood: int,
    planned_for: date | None = None,
    place: str = "",
    safety_behaviours_to_drop: str = "",
    coping_plan: str = "",
) -> Practice:
    """Save the "before" half of a practice; the step is now in practice."""
    before = {
        "planned_for": planned_for or timezone.localdate(),
        "place": place.strip(),
        "expected_distress": expected_distress,
        "feared_outcome": feared_outcome,
        "feared_likelihood": feared_likelihood,
        "safety_behaviours_to_drop": safety_behaviours_to_drop,
        "coping_plan": coping_plan,
    }
    with transaction.atomic():
        practice = Practice.objects.create(step=step, created_by=actor, **before)
        if step.status == Step.Status.PLANNED:
            Step.objects.filter(pk=step.pk).update(status=Step.Status.IN_PRACTICE)
            step.status = Step.Status.IN_PRACTICE
        audit_record(actor=actor, action="practice.started", target=practice, changed_fields=before)
    return practice


def practice_finish(
    *,
    actor: User,
    practice: Practice,
    based_on: int,
    outcome: str,
    peak_distress: int,
    feared_happened: str,
    end_distress: int | None = None,
    what_happened: str = "",
    surprise: int | None = None,
    likelihood_after: int | None = None,
    safety_behaviours_used: str = "",
    learned: str = "",
    felt_hard: bool = False,
) -> Practice:
    """Save the "after" half of a practice (or change it later), unless someone saved it since `based_on`."""
    after = {
        "outcome": outcome,
        "peak_distress": peak_distress,
        "end_distress": end_distress,
        "what_happened": what_happened,
        "feared_happened": feared_happened,
        "surprise": surprise,
        "likelihood_after": likelihood_after,
        "safety_behaviours_used": safety_behaviours_used,
        "learned": learned,
        "felt_hard": felt_hard,
    }
    with transaction.atomic():
        current = lock_current(practice, based_on=based_on)
        changed = [name for name, value in after.items() if getattr(current, name) != value]
        for name, value in after.items():
            setattr(current, name, value)
        first_time = current.completed_at is None
        if first_time:
            current.completed_at = timezone.now()
            changed.append("completed_at")
        stamp_and_save(current, actor=actor, fields=[*after, "completed_at"])
        action = "practice.finished" if first_time else "practice.updated"
        audit_record(actor=actor, action=action, target=current, changed_fields=changed)
        from .tracking import practice_risk_check  # tracking builds on plans (rest weeks), not the reverse

        practice_risk_check(actor=actor, practice=current)
    return current


def practice_close_not_this_time(*, actor: User, practice: Practice) -> Practice:
    """Close a started practice as "I didn't go this time": a valid outcome, never counted against the client."""
    with transaction.atomic():
        current = lock_current(practice, based_on=practice.version)
        if current.completed_at is not None or current.outcome == Practice.Outcome.NOT_THIS_TIME:
            return current
        current.outcome = Practice.Outcome.NOT_THIS_TIME
        stamp_and_save(current, actor=actor, fields=["outcome"])
        audit_record(actor=actor, action="practice.not_this_time", target=current, changed_fields=["outcome"])
    return current
