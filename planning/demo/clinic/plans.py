"""A client's plans: values, goals, ladders of steps and practices whose distress eases over time."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from ...models import Goal, Plan, Practice, Step, Value
from .. import plans as plans_demo
from .record import Record

# Sixth rungs for the measured client's three ladders, where a demo ladder has only five.
EXTRA_RUNGS: list[plans_demo.StepRow] = [
    ("Go to a second game night", "in_person", "Priya", 60, 75, "Same seat near the door."),
    ("Stay for coffee after the session", "in_person", "", 20, 75, "Say I have a bus to catch."),
    ("Host the family for tea at home", "in_person", "family", 90, 80, "Ask my brother to wind things up."),
]


def seed_plan(r: Record, begin: datetime, *, completed: bool) -> Plan:
    """Write a plan with its values and ladders; rungs are mastered in step with the time in care."""
    b, rng, client = r.b, r.rng, r.client
    data = plans_demo.PLANS[r.demo]
    status: str = Plan.Status.COMPLETED if completed else Plan.Status.ACTIVE
    if not completed and r.days < 21:
        status = Plan.Status.DRAFT
    elif not completed and rng.random() < 0.05:
        status = Plan.Status.PAUSED
    end = begin + timedelta(days=r.days / 3) if completed else r.until
    plan = b.add(
        Plan(
            public_id=b.uuid(),
            client=client,
            status=status,
            created_at=begin,
            created_by=r.lead,
            updated_at=end if completed else begin,
            updated_by=r.lead,
        )
    )
    b.audit(begin, r.lead, "plan.created", plan, client)
    values = []
    for position, (statement, why) in enumerate(data["values"], start=1):
        value = b.add(
            Value(public_id=b.uuid(), plan=plan, statement=statement, why=why, position=position, created_at=begin)
        )
        b.audit(begin, r.author, "value.created", value, client)
        values.append(value)
    ladders = _ladders(r, data)
    if completed:
        ladders = ladders[:1]
    # How far they have come: mastered rungs grow with time in care (capped at a year).
    progress = 1.0 if completed else min(r.days / 365, 1.0) * rng.uniform(0.5, 1.0)
    practised: list[tuple[Step, int, bool]] = []
    for position, (title, value_index, rows) in enumerate(ladders, start=1):
        goal = b.add(
            Goal(
                public_id=b.uuid(),
                plan=plan,
                value=values[value_index],
                title=title,
                horizon=(begin + timedelta(days=120 + 45 * position)).date(),
                position=position,
                created_at=begin,
                updated_at=begin,
                updated_by=r.lead,
            )
        )
        b.audit(begin, r.lead, "goal.created", goal, client)
        mastered = _mastered_count(r, len(rows), position, progress, completed)
        for rung, row in enumerate(rows, start=1):
            step_status: str = Step.Status.PLANNED
            if rung <= mastered:
                step_status = Step.Status.MASTERED
            elif rung == mastered + 1 and progress > 0.05 and not completed:
                step_status = Step.Status.IN_PRACTICE
            elif rng.random() < 0.03:
                step_status = Step.Status.SET_ASIDE
            step = _step(r, goal, rung, row, step_status, begin)
            if not completed:
                r.steps.append(step)
            if step_status in (Step.Status.MASTERED, Step.Status.IN_PRACTICE):
                practised.append((step, row[4], step_status == Step.Status.MASTERED))
    _practices(r, practised, begin, end)
    return plan


def _ladders(r: Record, data: dict[str, Any]) -> list[tuple[str, int, list[plans_demo.StepRow]]]:
    """The demo's goals; for the measured client, three ladders of six rungs."""
    if not r.measured:
        return list(data["goals"])
    goals = plans_demo.PLANS["Sam"]["goals"][:1] + plans_demo.PLANS["Lena"]["goals"][1:3]
    ladders: list[tuple[str, int, list[plans_demo.StepRow]]] = []
    for (title, _value, rows), extra in zip(goals, EXTRA_RUNGS, strict=True):
        rows = list(rows)[:6]
        ladders.append((title, len(ladders) % 2, rows if len(rows) == 6 else [*rows, extra]))
    return ladders


def _mastered_count(r: Record, rungs: int, position: int, progress: float, completed: bool) -> int:
    """How many rungs of a ladder already feel manageable (the measured client's are fixed)."""
    if completed:
        return rungs
    if r.measured:
        return {1: 5, 2: 3, 3: 2}[position]
    return min(int(rungs * progress * r.rng.uniform(0.3, 0.9) / position), rungs)


def _step(r: Record, goal: Goal, rung: int, row: plans_demo.StepRow, status: str, begin: datetime) -> Step:
    """One rung, proposed and agreed when the plan began."""
    b = r.b
    activity, setting, with_whom, minutes, expected, exit_plan = row
    proposer = Step.Proposer.CLIENT if rung % 2 else Step.Proposer.CLINICIAN
    agreed = begin + timedelta(days=1)
    step = b.add(
        Step(
            public_id=b.uuid(),
            goal=goal,
            position=rung,
            activity=activity,
            setting=setting,
            with_whom=with_whom,
            duration_minutes=minutes,
            expected_distress=expected,
            exit_plan=exit_plan,
            accommodations="A quiet time of day; a break is always allowed.",
            status=status,
            proposed_by=proposer,
            client_agreed_at=agreed,
            client_agreement_recorded_by=r.author,
            created_at=begin,
            created_by=r.lead,
            updated_at=begin,
            updated_by=r.lead,
        )
    )
    b.audit(begin, r.lead, "step.created", step, r.client)
    b.audit(agreed, r.author, "step.agreed", step, r.client, ["client_agreed_at"])
    return step


def _practices(r: Record, practised: list[tuple[Step, int, bool]], begin: datetime, end: datetime) -> None:
    """Practices spread over the plan's time, each rung's distress easing until it feels manageable."""
    rng = r.rng
    if r.measured:
        base, extra = divmod(120, len(practised))
        counts = [base + (i < extra) for i in range(len(practised))]
    else:
        counts = [rng.randint(2, 5) if mastered else rng.randint(1, 3) for _step, _e, mastered in practised]
    total = sum(counts)
    done = 0
    for (step, expected, mastered), count in zip(practised, counts, strict=True):
        for attempt in range(count):
            when = begin + (end - begin) * ((done + 0.5) / max(total, 1))
            done += 1
            last = attempt == count - 1
            _practice(r, step, expected, attempt, count, when, finished=mastered or not last or rng.random() < 0.7)
        if mastered:
            r.b.audit(step.updated_at, r.author, "step.mastered", step, r.client, ["status"])


def _practice(
    r: Record, step: Step, expected: int, attempt: int, count: int, when: datetime, *, finished: bool
) -> None:
    """One practice: the "before" half, and the "after" half unless it is still to come."""
    b, rng = r.b, r.rng
    # Peaks ease from above the expected rating to the manageable range by the last tries.
    peak = max(10, min(90, round(expected + 15 - (expected + 5) * attempt / max(count - 1, 1))))
    if count >= 2 and attempt >= count - 2:
        peak = min(peak, 30)
    fear = attempt % len(plans_demo.FEARS)
    practice = b.add(
        Practice(
            public_id=b.uuid(),
            step=step,
            planned_for=when.date(),
            expected_distress=min(expected + 15, 100),
            feared_outcome=plans_demo.FEARS[fear],
            feared_likelihood=max(70 - 10 * attempt, 10),
            coping_plan="Slow breathing, feet on the floor.",
            created_at=when - timedelta(days=2),
            created_by=r.author,
        )
    )
    b.audit(practice.created_at, r.author, "practice.started", practice, r.client)
    if not finished:
        return
    practice.peak_distress = peak
    practice.end_distress = max(peak - 20, 5)
    practice.what_happened = "It went more smoothly than I thought it would."
    practice.feared_happened = rng.choice(
        [Practice.FearedHappened.NO] * 4 + [Practice.FearedHappened.PARTLY, Practice.FearedHappened.YES]
    )
    practice.surprise = rng.randint(20, 80)
    practice.likelihood_after = max(40 - 10 * attempt, 5)
    practice.learned = plans_demo.LEARNED[fear]
    practice.outcome = Practice.Outcome.STAYED if rng.random() < 0.85 else Practice.Outcome.LEFT_BY_EXIT_PLAN
    practice.completed_at = when
    step.updated_at = when
    b.audit(when, r.author, "practice.finished", practice, r.client, ["peak_distress", "what_happened"])


# Check-ins and questionnaires
