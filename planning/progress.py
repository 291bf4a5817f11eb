"""A client's progress, gathered for the charts: a fixed number of queries whatever the history.

Everything here reads; the charts themselves are drawn by planning.charts from the plain data
this module returns. Withdrawn questionnaires and private notes never reach a chart.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from . import charts, measures
from .charts.base import Audience
from .models import Client, MeasureResponse, Practice
from .models.plans import week_start

WEEKS = 12
MONTHS = 6
STEP_CHARTS = 3  # the steps practised most recently
RECENT_PRACTICES = 24  # the expectancy gap shows the latest practices; a trend, not the whole history
MEASURE_POINTS = 26  # at most a year of fortnightly answers per questionnaire


@dataclass(frozen=True)
class Progress:
    """The charts of one client's progress page, in the order the page shows them."""

    activity: charts.Chart
    world: charts.Chart
    expectancy: charts.Chart
    steps: list[charts.Chart]
    measures: list[charts.Chart]

    def all(self) -> list[charts.Chart]:
        return [self.activity, self.world, self.expectancy, *self.steps, *self.measures]


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _months_back(today: date, count: int) -> list[date]:
    months, current = [], _month_start(today)
    for _ in range(count):
        months.append(current)
        current = _month_start(current - timedelta(days=1))
    return list(reversed(months))


def progress_for(client: Client, *, audience: Audience, today: date | None = None) -> Progress:
    """Gather and draw a client's progress (five queries: practices, check-ins, rest weeks, responses)."""
    today = today or timezone.localdate()
    practices = list(
        Practice.objects.filter(step__goal__plan__client=client, completed_at__isnull=False)
        .select_related("step")
        .order_by("planned_for", "created_at")
    )
    return Progress(
        activity=_weekly_activity(client, practices, today, audience),
        world=_widening_world(practices, today, audience),
        expectancy=charts.expectancy_gap(
            [(p.planned_for, p.feared_likelihood, p.likelihood_after) for p in practices[-RECENT_PRACTICES:]],
            audience=audience,
        ),
        steps=_step_charts(practices, audience),
        measures=_measure_charts(client, audience),
    )


def _weekly_activity(client: Client, practices: list[Practice], today: date, audience: Audience) -> charts.Chart:
    weeks = [week_start(today) - timedelta(weeks=n) for n in reversed(range(WEEKS))]
    practised: dict[date, int] = defaultdict(int)
    for practice in practices:
        practised[week_start(practice.planned_for)] += 1
    in_person: dict[date, int] = {}
    online: dict[date, int] = {}
    rest = set(client.plans.current().values_list("rest_weeks__week_start", flat=True).filter(rest_weeks__isnull=False))
    for day, people, screens, resting in client.check_ins.filter(day__gte=weeks[0]).values_list(
        "day", "contacts_in_person", "contacts_online", "is_rest_week"
    ):
        monday = week_start(day)
        in_person[monday] = in_person.get(monday, 0) + people
        online[monday] = online.get(monday, 0) + screens
        if resting:
            rest.add(monday)
    rows = [(monday, practised[monday], in_person.get(monday), online.get(monday), monday in rest) for monday in weeks]
    return charts.weekly_activity(rows, audience=audience)


def _widening_world(practices: list[Practice], today: date, audience: Audience) -> charts.Chart:
    months = _months_back(today, MONTHS)
    settings: dict[date, set[str]] = defaultdict(set)
    people: dict[date, set[str]] = defaultdict(set)
    for practice in practices:
        month = _month_start(practice.planned_for)
        settings[month].add(practice.step.setting)
        if practice.step.with_whom.strip():
            people[month].add(practice.step.with_whom.strip().lower())
    rows = [(month, len(settings[month]), len(people[month])) for month in months]
    return charts.widening_world(rows, audience=audience)


def _step_charts(practices: list[Practice], audience: Audience) -> list[charts.Chart]:
    by_step: dict[int, list[Practice]] = defaultdict(list)
    for practice in practices:
        by_step[practice.step_id].append(practice)
    recent = sorted(by_step.values(), key=lambda rows: rows[-1].planned_for, reverse=True)[:STEP_CHARTS]
    return [
        charts.distress_by_practice(
            rows[0].step.activity,
            [(p.planned_for, p.expected_distress, p.peak_distress) for p in rows],
            audience=audience,
        )
        for rows in recent
    ]


def _measure_charts(client: Client, audience: Audience) -> list[charts.Chart]:
    responses = client.measure_responses.filter(status=MeasureResponse.Status.SUBMITTED).order_by("submitted_at")
    by_code: dict[str, list[MeasureResponse]] = defaultdict(list)
    for response in responses:
        by_code[response.code].append(response)
    drawn = []
    for code, rows in sorted(by_code.items()):
        instrument = measures.get(code)
        bands = [(band.min, band.max, band.label) for band in instrument.bands]
        points = [(r.submitted_at.date(), r.total) for r in rows if r.submitted_at and r.total is not None]
        points = points[:1] + points[1:][-(MEASURE_POINTS - 1) :]  # the first answer stays: change is from it
        change = rows[-1].change_from_first or None
        title = instrument.title.replace(f" ({code})", "")
        drawn.append(charts.measure_over_time(code, title, bands, points, change, audience=audience))
    return drawn
