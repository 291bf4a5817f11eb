"""A client's check-ins (with rest weeks), questionnaires scored by their own rules, and the odd risk flag."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from ... import measures
from ...models import CheckIn, MeasureAssignment, MeasureResponse, Notification, RestWeek, RiskFlag
from ...models.plans import week_start
from .. import tracking as tracking_demo
from .record import Record

INSTRUMENTS = (("PHQ-9", 14, 1.0), ("PCL-5", 28, 0.6), ("UCLA-3", 28, 0.5), ("GAD-7", 14, 0.3), ("WSAS", 28, 0.2))
PHQ9_SELF_HARM_ITEM = tracking_demo.RISK_ITEM_INDEX
NOTES = [week.note for weeks in tracking_demo.CHECK_INS.values() for week in weeks if week.note]


def seed_check_ins(r: Record) -> None:
    """Check-ins every week or two until the client went quiet, comfort and connection slowly rising."""
    b, rng, client = r.b, r.rng, r.client
    every = (6, 9) if rng.random() < 0.6 or r.measured else (12, 24)
    day = r.created + timedelta(days=rng.randint(3, 10))
    weeks = 0
    while day < r.until:
        lift = min(weeks / 52, 1.0) * 4
        note = rng.choice(NOTES) if rng.random() < 0.25 else ""
        rest = rng.random() < 0.04
        check_in = b.add(
            CheckIn(
                public_id=b.uuid(),
                client=client,
                day=day.date(),
                comfort=min(10, max(0, round(3 + lift + rng.uniform(-1.5, 1.5)))),
                connection=min(10, max(0, round(3 + lift + rng.uniform(-1.5, 1.5)))),
                contacts_in_person=rng.randint(0, 3 + round(lift)),
                contacts_online=rng.randint(0, 5),
                is_rest_week=rest,
                note=note,
                note_shared=bool(note) and rng.random() < 0.5,
                created_at=day + timedelta(hours=20),
                created_by=r.author,
            )
        )
        shared = ["comfort", "connection", "contacts_in_person", "contacts_online", "is_rest_week"]
        fields = shared + (["note"] if check_in.note_shared else [])
        b.audit(check_in.created_at, r.author, "check_in.created", check_in, client, fields)
        if rest and r.plan is not None and week_start(day.date()) not in r.rest_weeks:
            r.rest_weeks.add(week_start(day.date()))
            rest_week = b.add(
                RestWeek(
                    public_id=b.uuid(),
                    plan=r.plan,
                    week_start=week_start(day.date()),
                    created_at=check_in.created_at,
                    created_by=r.author,
                )
            )
            b.audit(check_in.created_at, r.author, "rest_week.marked", rest_week, client)
        if check_in.note_shared and r.until - day < timedelta(days=60):
            notify_team(
                r,
                Notification.Kind.CHECK_IN_NOTE_SHARED,
                check_in.created_at,
                "planning:check_in_list",
                r.client.public_id,
            )
        weeks += 1
        day += timedelta(days=rng.randint(*every))


def notify_team(r: Record, kind: str, when: datetime, target: str, target_id: uuid.UUID) -> None:
    """Tell the lead clinician, read if it is more than a week old."""
    read = when + timedelta(days=2) if r.b.now - when > timedelta(days=7) else None
    r.b.add(
        Notification(
            public_id=r.b.uuid(),
            recipient=r.lead,
            client=r.client,
            kind=kind,
            target_name=target,
            target_id=target_id,
            created_at=when,
            read_at=read,
        )
    )


def seed_questionnaires(r: Record) -> None:
    """PHQ-9 for everyone and other instruments for some, each on its own cadence."""
    b, rng = r.b, r.rng
    trend = rng.choice(["better"] * 6 + ["same"] * 3 + ["worse"])
    for code, every_days, share in INSTRUMENTS:
        if not (r.measured or code == "PHQ-9" or rng.random() < share):
            continue
        starts = r.created + timedelta(days=7)
        if starts > r.until:
            continue
        assignment = b.add(
            MeasureAssignment(
                public_id=b.uuid(),
                client=r.client,
                code=code,
                every_days=every_days,
                starts_on=starts.date(),
                assigned_by=r.lead,
                created_at=starts - timedelta(hours=2),
            )
        )
        b.audit(assignment.created_at, r.lead, "measure.assigned", assignment, r.client, ["every_days"])
        _responses(r, assignment, trend)


def _responses(r: Record, assignment: MeasureAssignment, trend: str) -> None:
    """Submitted responses on the cadence, trending as this client's course goes; the last is the latest."""
    rng = r.rng
    instrument = measures.get(assignment.code)
    low, high = instrument.min_answer * len(instrument.items), instrument.max_answer * len(instrument.items)
    if assignment.code == "PHQ-9":
        high -= instrument.max_answer  # item 9 is answered separately
    first_total = round(low + (high - low) * rng.uniform(0.4, 0.7))
    goal = {"better": 0.45, "same": 1.0, "worse": 1.3}[trend] * first_total
    submitted = datetime.combine(assignment.starts_on, datetime.min.time(), tzinfo=r.created.tzinfo)
    rows: list[MeasureResponse] = []
    while submitted < r.until:
        share = min((submitted - r.created).days / 365, 1.0)
        total = round(first_total + (goal - first_total) * share + rng.uniform(-2, 2))
        total = min(max(total, low), high)
        rows.append(_response(r, assignment, total, submitted + timedelta(hours=19)))
        submitted += timedelta(days=assignment.every_days + rng.randint(0, 4))
    if rows and assignment.code == "PHQ-9" and rng.random() < 0.015:
        _flag(r, rows[-1] if rng.random() < 0.5 else rows[len(rows) // 2])
    if rows:
        first, latest = rows[0], rows[-1]
        latest.is_latest = True
        if len(rows) > 1 and first.total is not None and latest.total is not None:
            latest.change_from_first = measures.reliable_change(assignment.code, first.total, latest.total)


def _response(r: Record, assignment: MeasureAssignment, total: int, when: datetime) -> MeasureResponse:
    """One submitted response, scored by the instrument's own rules."""
    b = r.b
    fixed = {PHQ9_SELF_HARM_ITEM: 0} if assignment.code == "PHQ-9" else None
    answers = tracking_demo.answers_for(assignment.code, total, fixed=fixed)
    result = measures.score(assignment.code, answers)
    response = b.add(
        MeasureResponse(
            public_id=b.uuid(),
            client=r.client,
            assignment=assignment,
            code=assignment.code,
            answers=answers,
            status=MeasureResponse.Status.SUBMITTED,
            started_at=when - timedelta(minutes=6),
            submitted_at=when,
            total=result.total,
            band=result.band,
            risk=result.risk,
        )
    )
    b.audit(response.started_at, r.author, "measure.started", response, r.client)
    b.audit(when, r.author, "measure.submitted", response, r.client, ["answers"])
    return response


def _flag(r: Record, response: MeasureResponse) -> None:
    """A PHQ-9 with a 1 on the self-harm item: a flag, acknowledged unless it came in the last fortnight."""
    b = r.b
    response.answers[PHQ9_SELF_HARM_ITEM] = 1
    result = measures.score(response.code, response.answers)
    response.total, response.band, response.risk = result.total, result.band, result.risk
    raised = response.submitted_at
    assert raised is not None
    recent = b.now - raised < timedelta(days=14)
    flag = b.add(
        RiskFlag(
            public_id=b.uuid(),
            client=r.client,
            source=RiskFlag.Source.MEASURE,
            response=response,
            created_at=raised,
            emailed_at=raised + timedelta(minutes=1),
            acknowledged_at=None if recent else raised + tracking_demo.ACKNOWLEDGED_AFTER,
            acknowledged_by=None if recent else r.lead,
            action="" if recent else RiskFlag.Action.CONTACTED,
        )
    )
    b.audit(raised, r.author, "risk_flag.raised", flag, r.client)
    if not recent:
        assert flag.acknowledged_at is not None
        b.audit(flag.acknowledged_at, r.lead, "risk_flag.acknowledged", flag, r.client, ["action"])
    else:
        notify_team(r, Notification.Kind.RISK_FLAG, raised, "planning:risk_flag", flag.public_id)


# Safety plan, triggers, journal, library links
