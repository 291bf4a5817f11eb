"""The re-entry plan: values, goals, graded step ladders, practices, rest weeks.

Distress is rated on the SUDS scale, 0 (calm) to 100 (the worst imaginable). Practices are
recorded the inhibitory-learning way: the feared outcome and its likelihood before, what
actually happened after, so the gap between the two can be shown back to the client.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, Q, Subquery
from django.utils import timezone

from .records import ClientRecord, NestedClientRecord
from .setbacks import SETBACK_PEAK_ABOVE_EXPECTED


def _within_0_100(field: str, name: str, *, nullable: bool = False) -> models.CheckConstraint:
    """Keep a rating on the 0-100 scale (SUDS or a percentage)."""
    condition = Q(**{f"{field}__gte": 0, f"{field}__lte": 100})
    if nullable:
        condition |= Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(name=name, condition=condition)


# How far ahead a rest week can be marked: enough for a holiday or an anniversary coming up.
REST_WEEKS_AHEAD = 8


def week_start(day: date) -> date:
    """Return the Monday of the week the day falls in."""
    return day - timedelta(days=day.weekday())


# Plain words for the plan's audit actions, as the care team reads them under "Since you last looked".
CHANGE_LABELS = {
    "plan.created": "started the plan",
    "plan.active": "made the plan active",
    "plan.paused": "paused the plan",
    "plan.updated": "renamed the plan",
    "rest_week.marked": "marked this week as a rest week",
    "rest_week.planned": "marked a coming week as a rest week",
    "rest_week.cleared": "took back a rest week",
    "value.created": "added something that matters",
    "value.updated": "changed something that matters",
    "goal.created": "added a goal",
    "goal.updated": "changed a goal",
    "step.created": "added a step",
    "step.updated": "changed a step",
    "ladder.reordered": "reordered a ladder",
    "ladder.sorted": "ordered a ladder by expected distress",
    "step.agreed": "agreed to a step",
    "step.mastered": "marked a step as manageable",
    "practice.started": "planned a practice",
    "practice.finished": "noted how a practice went",
    "practice.updated": "changed a practice",
    "practice.not_this_time": "closed a practice as not this time",
    "practice.deleted": "removed a practice",
    "practice.restored": "brought back a practice",
    "step.deleted": "removed a step",
    "step.restored": "brought back a step",
    "setback_review.created": "looked back at a hard practice",
    "setback_review.smaller_accepted": "added a smaller rung after a hard practice",
    "setback_review.smaller_declined": "kept the ladder as it was after a hard practice",
    "comment.created": "wrote a comment beside a practice or journal entry",
    "comment.updated": "changed a comment",
}


class PlanQuerySet(models.QuerySet["Plan"]):
    def current(self) -> PlanQuerySet:
        """Plans still being worked on (not completed): at most one per client."""
        return self.exclude(status=Plan.Status.COMPLETED)

    def completed(self) -> PlanQuerySet:
        """Earlier plans, kept to look back on, newest first."""
        return self.filter(status=Plan.Status.COMPLETED).order_by("-updated_at")

    def current_and_earlier(self) -> tuple[Plan | None, list[Plan]]:
        """The current plan (with its rest weeks) and the earlier ones newest first, in one query of plans."""
        plans = list(self.prefetch_related("rest_weeks"))
        current = next((plan for plan in plans if plan.status != Plan.Status.COMPLETED), None)
        earlier = [plan for plan in plans if plan.status == Plan.Status.COMPLETED]
        return current, sorted(earlier, key=lambda plan: plan.updated_at, reverse=True)


class Plan(ClientRecord, models.Model):
    """A client's re-entry plan. One current plan per client; earlier ones are kept."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Being built"
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        COMPLETED = "completed", "Completed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("planning.Client", on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(max_length=120, default="My plan")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey("planning.User", on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey("planning.User", on_delete=models.SET_NULL, null=True, related_name="+")

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"], condition=~Q(status="completed"), name="plan_one_current_per_client"
            ),
        ]

    def __str__(self) -> str:
        return f"Plan {self.public_id}"

    def is_resting(self, today: date | None = None) -> bool:
        """Say whether the client marked the current week as a rest week (uses prefetched rows)."""
        monday = week_start(today or timezone.localdate())
        return any(rest.week_start == monday for rest in self.rest_weeks.all())

    def coming_rest_weeks(self, today: date | None = None) -> list[RestWeek]:
        """Return the rest weeks marked ahead, soonest first (uses prefetched rows)."""
        monday = week_start(today or timezone.localdate())
        return sorted((rest for rest in self.rest_weeks.all() if rest.week_start > monday), key=lambda r: r.week_start)

    def weeks_to_rest(self, today: date | None = None) -> list[date]:
        """Return the Mondays of the coming weeks that can be marked ahead and are not marked yet."""
        monday = week_start(today or timezone.localdate())
        marked = {rest.week_start for rest in self.rest_weeks.all()}
        ahead = (monday + timedelta(weeks=n) for n in range(1, REST_WEEKS_AHEAD + 1))
        return [week for week in ahead if week not in marked]

    def ladders(self) -> list[Goal]:
        """Return the goals with their steps (practice counts included) and each ladder's next rung."""
        steps = models.Prefetch(
            "steps", queryset=Step.objects.with_practice_counts().order_by("position"), to_attr="ladder"
        )
        goals: list[Goal] = list(self.goals.select_related("value").prefetch_related(steps))
        for goal in goals:
            goal.next_rung = next((s for s in goal.ladder if s.is_open()), None)  # type: ignore[attr-defined]
        return goals

    def changes_since(self, since: datetime, *, exclude_user: Any, limit: int = 10) -> list[dict[str, Any]]:
        """Describe others' recorded changes to this plan since a time, newest first (from the audit trail)."""
        events = (
            self.client.audit_events.filter(created_at__gt=since, action__in=CHANGE_LABELS)
            .exclude(actor=exclude_user)
            .select_related("actor")[:limit]
        )
        return [
            {
                "created_at": event.created_at,
                "actor": event.actor,
                "label": CHANGE_LABELS[event.action],
                "fields": ", ".join(f.replace("_", " ") for f in event.changed_fields)
                if event.action.endswith(".updated")
                else "",
            }
            for event in events
        ]

    def next_step(self) -> Step | None:
        """Return the lowest open rung of the earliest goal: the obvious next thing to try."""
        open_steps = Step.objects.filter(goal__plan=self, status__in=Step.OPEN_STATUSES)
        return open_steps.select_related("goal").order_by("goal__position", "position").first()

    def waiting_practice(self, today: date | None = None) -> Practice | None:
        """Return the latest practice that was started (for today or before) and still waits for how it went."""
        rows = Practice.objects.filter(
            step__goal__plan=self, completed_at__isnull=True, planned_for__lte=today or timezone.localdate()
        )
        return rows.exclude(outcome=Practice.Outcome.NOT_THIS_TIME).select_related("step").first()

    def recent_practices(self, limit: int = 5) -> models.QuerySet[Practice]:
        """Return the latest practices across the plan, newest first."""
        return Practice.objects.filter(step__goal__plan=self).select_related("step")[:limit]

    def home(self, today: date | None = None, *, recent: int = 5, days: int = 30) -> PlanHome:
        """Read what the client's home shows of this plan in two queries, whatever the plan's size.

        The same as next_step(), waiting_practice(), recent_practices() and recent_wins(): one query of the
        next open step and the steps that lately came to feel manageable, one of the latest practices and the
        one still waiting for how it went, with the count of practices finished lately on each row.
        """
        today = today or timezone.localdate()
        since = timezone.now() - timedelta(days=days)
        plan_steps = Step.objects.filter(goal__plan=self)
        next_open = plan_steps.filter(status__in=Step.OPEN_STATUSES).order_by("goal__position", "position")
        mastered = plan_steps.filter(status=Step.Status.MASTERED, updated_at__gte=since).order_by("-updated_at")
        steps = list(
            plan_steps.filter(Q(pk__in=next_open.values("pk")[:1]) | Q(pk__in=mastered.values("pk")[:3]))
            .select_related("goal")
            .order_by("goal__position", "position")
        )
        plan_practices = Practice.objects.filter(step__goal__plan=self)
        waiting = plan_practices.filter(completed_at__isnull=True, planned_for__lte=today).exclude(
            outcome=Practice.Outcome.NOT_THIS_TIME
        )
        finished = (
            plan_practices.filter(completed_at__gte=since)
            .order_by()
            .values("step__goal__plan")  # one group: a count as a subquery
            .annotate(n=Count("pk"))
            .values("n")
        )
        # Newest first, so the latest `recent` come first and the waiting one, if older, after them.
        practices = list(
            plan_practices.filter(Q(pk__in=plan_practices.values("pk")[:recent]) | Q(pk__in=waiting.values("pk")[:1]))
            .select_related("step")
            .annotate(finished_lately=Subquery(finished))
        )
        return PlanHome(
            next_step=next((step for step in steps if step.status in Step.OPEN_STATUSES), None),
            waiting=next((p for p in practices if p.is_waiting and p.planned_for <= today), None),
            recent_practices=practices[:recent],
            wins={
                "practices": (practices[0].finished_lately or 0) if practices else 0,  # type: ignore[attr-defined]
                "mastered": sorted(
                    (step for step in steps if step.status == Step.Status.MASTERED),
                    key=lambda step: step.updated_at,
                    reverse=True,
                ),
            },
        )

    def recent_wins(self, days: int = 30) -> dict[str, Any]:
        """Gather what to celebrate lately: practices finished and steps that now feel manageable."""
        since = timezone.now() - timedelta(days=days)
        practices = Practice.objects.filter(step__goal__plan=self, completed_at__gte=since)
        mastered = Step.objects.filter(goal__plan=self, status=Step.Status.MASTERED, updated_at__gte=since)
        return {"practices": practices.count(), "mastered": list(mastered.order_by("-updated_at")[:3])}


@dataclass(frozen=True)
class PlanHome:
    """What the client's home shows of their current plan (see Plan.home)."""

    next_step: Step | None
    waiting: Practice | None
    recent_practices: Sequence[Practice]
    wins: dict[str, Any]


class Value(NestedClientRecord, models.Model):
    """Something that matters to the client: why re-entry is worth the discomfort."""

    client_path = "plan__client"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="values")
    statement = models.CharField(max_length=200, help_text='For example: "being an uncle my nephew can count on".')
    why = models.TextField(max_length=2000, blank=True, help_text="Why this matters to you, in your own words.")
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey("planning.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["position", "created_at"]

    def __str__(self) -> str:
        return self.statement


class Goal(NestedClientRecord, models.Model):
    """A value-linked social aim with a horizon, climbed through a ladder of steps."""

    client_path = "plan__client"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    value = models.ForeignKey(Value, on_delete=models.SET_NULL, null=True, blank=True, related_name="goals")
    title = models.CharField(max_length=200)
    horizon = models.DateField(null=True, blank=True, help_text="Roughly when you would like to get there.")
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey("planning.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["position", "created_at"]

    def __str__(self) -> str:
        return self.title


class StepQuerySet(models.QuerySet["Step"]):
    def with_practice_counts(self) -> StepQuerySet:
        """Annotate how many practices each step has, how many finished, and how many felt manageable."""
        rule = settings.MASTERY_RULE
        return self.annotate(
            practice_count=Count("practices", distinct=True),
            finished_count=Count("practices", filter=Q(practices__completed_at__isnull=False), distinct=True),
            manageable_count=Count(
                "practices", filter=Q(practices__peak_distress__lte=rule["peak_at_most"]), distinct=True
            ),
        )


class Step(NestedClientRecord, models.Model):
    """One rung of a goal's ladder: a concrete activity and what makes it possible."""

    client_path = "goal__plan__client"

    class Setting(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"
        BLENDED = "blended", "Blended"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PRACTICE = "in_practice", "In practice"
        MASTERED = "mastered", "Feels manageable now"
        SET_ASIDE = "set_aside", "Set aside for now"

    class Proposer(models.TextChoices):
        CLIENT = "client", "Client"
        CLINICIAN = "clinician", "Clinician"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField()
    activity = models.CharField(max_length=200)
    setting = models.CharField(max_length=16, choices=Setting.choices, default=Setting.IN_PERSON)
    with_whom = models.CharField(max_length=200, blank=True)
    duration_minutes = models.PositiveIntegerField(null=True, blank=True)
    accommodations = models.TextField(max_length=2000, blank=True)
    expected_distress = models.PositiveSmallIntegerField()
    practices_wanted = models.PositiveSmallIntegerField(default=3)
    exit_plan = models.TextField(max_length=2000, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)
    proposed_by = models.CharField(max_length=16, choices=Proposer.choices, default=Proposer.CLINICIAN)
    client_agreed_at = models.DateTimeField(null=True, blank=True)
    client_agreement_recorded_by = models.ForeignKey(
        "planning.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    template_key = models.CharField(
        max_length=120, blank=True, help_text="The library step template this step came from, if any."
    )
    # Who comes along: one of the client's allies, chosen by the client. The ally sees this step on their page.
    ally = models.ForeignKey("planning.Ally", on_delete=models.SET_NULL, null=True, blank=True, related_name="steps")
    together_on = models.DateField(null=True, blank=True)
    together_time = models.TimeField(null=True, blank=True)
    ally_sees_exit_plan = models.BooleanField(default=False)
    # When the ally said "I'll be there" (cleared when the client names someone else or changes when).
    ally_coming_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey("planning.User", on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey("planning.User", on_delete=models.SET_NULL, null=True, related_name="+")

    objects = StepQuerySet.as_manager()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "position"], name="step_position_unique_in_goal"),
            _within_0_100("expected_distress", "step_expected_distress_0_100"),
            models.CheckConstraint(
                name="step_practices_wanted_1_50", condition=Q(practices_wanted__gte=1, practices_wanted__lte=50)
            ),
            models.CheckConstraint(
                name="step_duration_1_1440",
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__gte=1, duration_minutes__lte=1440),
            ),
        ]

    def __str__(self) -> str:
        return self.activity

    @property
    def is_agreed(self) -> bool:
        return self.client_agreed_at is not None

    OPEN_STATUSES = ("planned", "in_practice")

    def is_open(self) -> bool:
        """A step the client may still work on: not mastered and not set aside."""
        return self.status in self.OPEN_STATUSES

    def offers_mastery(self) -> bool:
        """Offer (never impose) marking mastered once practices meet settings.MASTERY_RULE."""
        return bool(self.mastery_reasons())

    def mastery_reasons(self, *, to_client: bool = True) -> list[str]:
        """Say why the step may feel manageable now (settings.MASTERY_RULE), or nothing if it is not offered yet.

        The words speak to the client, or about them to their care team (`to_client=False`).

        Two roads, either is enough: distress stayed low often enough, or the practices showed the
        feared outcome not happening while its likelihood fell by the clinic's margin (the
        inhibitory-learning signal: what the client learned, not only how calm they felt).
        """
        if not self.is_open():
            return []
        rule = settings.MASTERY_RULE
        reasons = []
        count = getattr(self, "manageable_count", None)
        if count is None:
            count = self.practices.filter(peak_distress__lte=rule["peak_at_most"]).count()
        your = "your" if to_client else "their"
        if count >= rule["times"]:
            reasons.append(f"Distress stayed at {rule['peak_at_most']} or below in {count} of {your} practices.")
        if rule["from_predictions"]:
            reasons.extend(self._prediction_reasons(your))
        return reasons

    def _prediction_reasons(self, your: str) -> list[str]:
        """Check the last `practices_wanted` finished practices: the fear never happened and its likelihood fell."""
        from .caseload import rules_for  # the clinic's margin lives with its other rules

        wanted = self.practices_wanted
        last = list(self.practices.filter(completed_at__isnull=False).order_by("-completed_at")[:wanted])
        if len(last) < wanted or any(p.feared_happened != Practice.FearedHappened.NO for p in last):
            return []
        before = last[-1].feared_likelihood
        after = last[0].likelihood_after if last[0].likelihood_after is not None else last[0].feared_likelihood
        rules = rules_for(self.client.organization)
        places = {p.place.strip().casefold() for p in last if p.place.strip()}
        varied_enough = rules.mastery_places_at_least <= 1 or len(places) >= rules.mastery_places_at_least
        if before - after < rules.mastery_likelihood_drop or not varied_enough:
            return []
        practices = "practice" if wanted == 1 else f"{wanted} practices"
        feared = "The thing you feared" if your == "your" else "The feared outcome"
        where = f" in {len(places)} different places" if len(places) > 1 else ""
        return [
            f"{feared} didn't happen in {your} last {practices}{where}, "
            f"and how likely it felt fell from {before} % to {after} %."
        ]


class Practice(NestedClientRecord, models.Model):
    """One attempt at a step: the "before" half first, the "after" half later."""

    client_path = "step__goal__plan__client"

    class Outcome(models.TextChoices):
        STAYED = "stayed", "I stayed as long as I planned"
        LEFT_BY_EXIT_PLAN = "left_by_exit_plan", "I left early, using my exit plan"
        SHORTER = "shorter", "I did a shorter version"
        NOT_THIS_TIME = "not_this_time", "I didn't go this time"

    class FearedHappened(models.TextChoices):
        NO = "no", "No"
        PARTLY = "partly", "Partly"
        YES = "yes", "Yes"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="practices")
    planned_for = models.DateField(default=timezone.localdate)
    place = models.CharField(
        max_length=120, blank=True, help_text="Where this practice happens, in the client's words (optional)."
    )
    # Before
    expected_distress = models.PositiveSmallIntegerField()
    feared_outcome = models.TextField(max_length=2000)
    feared_likelihood = models.PositiveSmallIntegerField(help_text="How likely it feels, 0-100 %.")
    safety_behaviours_to_drop = models.TextField(max_length=2000, blank=True)
    coping_plan = models.TextField(max_length=2000, blank=True)
    # After
    peak_distress = models.PositiveSmallIntegerField(null=True, blank=True)
    end_distress = models.PositiveSmallIntegerField(null=True, blank=True)
    what_happened = models.TextField(max_length=4000, blank=True)
    feared_happened = models.CharField(max_length=8, choices=FearedHappened.choices, blank=True)
    surprise = models.PositiveSmallIntegerField(null=True, blank=True)
    likelihood_after = models.PositiveSmallIntegerField(null=True, blank=True)
    safety_behaviours_used = models.TextField(max_length=2000, blank=True)
    learned = models.TextField(max_length=4000, blank=True)
    outcome = models.CharField(max_length=24, choices=Outcome.choices, blank=True)
    felt_hard = models.BooleanField(default=False, help_text="The client said it was hard, whatever the numbers.")
    completed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey("planning.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-planned_for", "-created_at"]
        constraints = [
            _within_0_100("expected_distress", "practice_expected_distress_0_100"),
            _within_0_100("feared_likelihood", "practice_feared_likelihood_0_100"),
            _within_0_100("peak_distress", "practice_peak_distress_0_100", nullable=True),
            _within_0_100("end_distress", "practice_end_distress_0_100", nullable=True),
            _within_0_100("surprise", "practice_surprise_0_100", nullable=True),
            _within_0_100("likelihood_after", "practice_likelihood_after_0_100", nullable=True),
        ]
        indexes = [models.Index(fields=["step", "-planned_for"], name="practice_step_recent")]

    def __str__(self) -> str:
        return f"Practice {self.public_id}"

    @property
    def is_finished(self) -> bool:
        return self.completed_at is not None

    @property
    def not_this_time(self) -> bool:
        """The client didn't go this time: a valid way to close a practice, never counted against them."""
        return not self.is_finished and self.outcome == self.Outcome.NOT_THIS_TIME

    @property
    def is_waiting(self) -> bool:
        """Started, and how it went is still to come."""
        return not self.is_finished and not self.not_this_time

    def was_hard(self) -> bool:
        """Say whether to offer a setback review: it ended early, peaked far above what was expected, or felt hard."""
        if not self.is_finished:
            return False
        far_above = self.peak_distress is not None and (
            self.peak_distress >= self.expected_distress + SETBACK_PEAK_ABOVE_EXPECTED
        )
        return self.felt_hard or self.outcome == self.Outcome.LEFT_BY_EXIT_PLAN or far_above

    def offers_setback_review(self) -> bool:
        """Offer (never require) a look back at a hard practice that has none yet."""
        return self.was_hard() and not hasattr(self, "setback_review")

    def lessons(self, *, to_client: bool = True) -> list[str]:
        """Say, plainly, the gap between what was expected and what happened (expectancy violation).

        The words speak to the client, or about them to their care team (`to_client=False`).
        """
        if not self.is_finished or self.peak_distress is None:
            return []
        you, your, name = ("you", "your", "You") if to_client else ("they", "their", "They")
        expected, peak = self.expected_distress, self.peak_distress
        lines = []
        if peak < expected:
            lines.append(f"{name} expected {your} distress to reach {expected}; it peaked at {peak}.")
        elif peak > expected:
            lines.append(
                f"{name} expected {expected} and it peaked at {peak}. "
                f"It was harder than {you} thought, and {you} did it anyway."
            )
        else:
            lines.append(f"{your.capitalize()} distress peaked at {peak}, just as {you} expected.")
        if self.feared_happened == self.FearedHappened.NO:
            lines.append(f"The outcome {you} feared did not happen.")
        elif self.feared_happened == self.FearedHappened.PARTLY:
            lines.append(f"Part of what {you} feared happened, and {you} got through it.")
        elif self.feared_happened == self.FearedHappened.YES:
            lines.append(f"What {you} feared happened, and {you} got through it. That is worth knowing too.")
        if self.likelihood_after is not None and self.likelihood_after != self.feared_likelihood:
            lines.append(
                f"Before, it felt {self.feared_likelihood}% likely; now it feels {self.likelihood_after}% likely."
            )
        if self.outcome == self.Outcome.LEFT_BY_EXIT_PLAN:
            lines.append(f"{name} used {your} exit plan. Leaving the way {you} planned is part of the practice.")
        return lines


class RestWeek(NestedClientRecord, models.Model):
    """A week the client chose to rest. Nothing counts against them."""

    client_path = "plan__client"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rest_weeks")
    week_start = models.DateField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey("planning.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-week_start"]
        constraints = [models.UniqueConstraint(fields=["plan", "week_start"], name="rest_week_once_per_week")]

    def __str__(self) -> str:
        return f"Rest week from {self.week_start}"


class PlanView(NestedClientRecord, models.Model):
    """When a person last looked at a plan, so they can see what changed since."""

    client_path = "plan__client"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="views_by")
    user = models.ForeignKey("planning.User", on_delete=models.CASCADE, related_name="+")
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "user"], name="plan_view_once_per_user")]

    def __str__(self) -> str:
        return f"Seen {self.last_seen_at:%Y-%m-%d %H:%M}"
