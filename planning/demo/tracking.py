"""Demo check-ins and questionnaires: twelve weeks of each demo client's progress. Every word is invented.

Sam's PTSD symptoms (PCL-5) and loneliness (UCLA-3) reliably ease. Lena answered the PHQ-9's
self-harm item about six weeks ago; the flag it raised was acknowledged that evening. Theo moves
gently, with no reliable change yet. Everything goes through the services, so audits, scores,
reliable change and the flag are real, and is then moved back to the day it belongs to.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from .. import measures
from ..models import CheckIn, Client, MeasureAssignment, MeasureResponse, RestWeek, RiskFlag, User
from ..models.plans import week_start
from ..services.audit import history_written_at
from ..services.tracking import (
    check_in_create,
    measure_assign,
    measure_response_open,
    measure_response_save,
    risk_flag_acknowledge,
)

WEEKS = 12
# The latest check-in is this many days ago; the earlier ones a week apart before it.
LATEST_CHECK_IN_DAYS_AGO = 3


class Week(NamedTuple):
    comfort: int
    connection: int
    in_person: int
    online: int
    rest: bool = False
    note: str = ""
    shared: bool = False


class Schedule(NamedTuple):
    every_days: int
    # (days ago, total), oldest first
    visits: list[tuple[int, int]]


# Oldest week first. Comfort and connection climb slowly, with ordinary dips and a rest week or two.
CHECK_INS: dict[str, list[Week]] = {
    "Sam": [
        Week(3, 2, 1, 2),
        Week(
            3,
            3,
            2,
            2,
            note="Sat in the café with Aisha for ten minutes. I left when I chose to, and that felt like mine.",
        ),
        Week(4, 3, 2, 3),
        Week(
            3, 3, 1, 2, note="Busy week at work. I kept to the small things: a walk, one call with Marcus.", shared=True
        ),
        Week(4, 4, 2, 3),
        Week(3, 4, 0, 2, rest=True, note="Taking this week off from practising. Sleeping better already."),
        Week(5, 4, 3, 3),
        Week(5, 5, 3, 4, note="Went to the matinee with Aisha and stayed right to the end credits.", shared=True),
        Week(4, 5, 2, 4),
        Week(6, 5, 4, 3),
        Week(6, 6, 4, 4, note="My nephew read me his lines for the play. I'm going to be there."),
        Week(
            6,
            7,
            5,
            3,
            note="Chatted with a neighbour over the fence for a good while. I didn't plan it, it just happened.",
            shared=True,
        ),
    ],
    "Lena": [
        Week(4, 3, 1, 3),
        Week(4, 4, 2, 3, note="Noor came over and we watched a film. Easy company.", shared=True),
        Week(3, 4, 1, 2),
        Week(3, 3, 1, 2),
        Week(3, 3, 1, 1, note="A heavy week. Writing things down more than saying them."),
        Week(2, 2, 0, 1),
        Week(
            3,
            3,
            1,
            2,
            rest=True,
            note="Maya called and we talked it through. Resting this week, and letting Noor bring dinner round.",
            shared=True,
        ),
        Week(3, 4, 1, 3),
        Week(4, 4, 2, 3),
        Week(
            5,
            4,
            2,
            2,
            note="Sketched at the café on the square for an hour. Someone asked about my drawing and I answered.",
            shared=True,
        ),
        Week(4, 5, 2, 4, note="Biscuit and I had a quiet Sunday. That counts as looking after myself."),
        Week(5, 5, 3, 3),
    ],
    "Theo": [
        Week(3, 3, 0, 4),
        Week(3, 4, 0, 5, note="Game night with the regulars, camera off. I talked more than usual.", shared=True),
        Week(4, 4, 1, 4),
        Week(3, 4, 1, 5),
        Week(4, 4, 1, 5, note="Fed the ducks at the canal with Rosa. It was quiet and I liked it."),
        Week(
            3,
            3,
            0,
            3,
            rest=True,
            note="Fireworks nearby all week. Staying in with my headphones and going easy on myself.",
            shared=True,
        ),
        Week(4, 4, 1, 4),
        Week(5, 4, 2, 5),
        Week(4, 5, 1, 6),
        Week(5, 5, 2, 5, note="Turned my camera on for the last half hour of game night. Nobody made a fuss."),
        Week(5, 6, 2, 6),
        Week(
            6,
            5,
            3,
            5,
            note="Had lunch with my gran after her Sunday call. Two hours, and I stayed for pudding.",
            shared=True,
        ),
    ],
}

SCHEDULES: dict[str, dict[str, Schedule]] = {
    # PCL-5 52 -> 36 (16 down, past the 10-point threshold); UCLA-3 8 -> 5 (lonely to not lonely).
    "Sam": {
        "PHQ-9": Schedule(14, [(82, 16), (68, 15), (54, 13), (40, 14), (26, 11), (12, 9)]),
        "PCL-5": Schedule(28, [(82, 52), (54, 45), (26, 36)]),
        "UCLA-3": Schedule(28, [(82, 8), (54, 7), (26, 5)]),
        "WSAS": Schedule(28, [(81, 22), (53, 19), (25, 15)]),
    },
    # The PHQ-9 41 days ago carries a 1 on item 9 (see RISK_VISIT).
    "Lena": {
        "PHQ-9": Schedule(14, [(83, 13), (69, 14), (55, 15), (41, 17), (27, 13), (13, 11)]),
        "PCL-5": Schedule(28, [(83, 41), (55, 43), (27, 36)]),
        "UCLA-3": Schedule(28, [(83, 7), (55, 8), (27, 7)]),
        "GAD-7": Schedule(14, [(83, 12), (69, 12), (55, 14), (41, 15), (27, 11), (13, 10)]),
    },
    "Theo": {
        "PHQ-9": Schedule(14, [(80, 11), (66, 12), (52, 10), (38, 10), (24, 9), (10, 8)]),
        "PCL-5": Schedule(28, [(80, 38), (52, 36), (24, 33)]),
        "UCLA-3": Schedule(28, [(80, 7), (52, 7), (24, 6)]),
        "GAD-7": Schedule(14, [(80, 13), (66, 14), (52, 12), (38, 12), (24, 11), (10, 10)]),
        "WSAS": Schedule(28, [(79, 24), (51, 22), (23, 20)]),
    },
}

# (client, instrument, days ago): the one questionnaire with a 1 on PHQ-9 item 9.
RISK_VISIT = ("Lena", "PHQ-9", 41)
RISK_ITEM_INDEX = 8  # PHQ-9 item 9, 0-based
ACKNOWLEDGED_AFTER = timedelta(hours=2, minutes=50)
ACKNOWLEDGE_NOTE = (
    "Called Lena the same evening. She is safe, has her plan to hand and Noor is staying over. "
    "We brought our next session forward."
)


def seed(client: Client, clinician: User) -> None:
    """Give a demo client twelve weeks of check-ins and questionnaires, once."""
    if client.check_ins.exists() or client.measure_responses.exists():
        return
    name = client.preferred_name if client.preferred_name in CHECK_INS else "Sam"
    author = client.user or clinician
    # One transaction: the flag's emailed_at is set before commit, so the email task dispatched on
    # commit finds nothing to send for an old demo flag.
    with transaction.atomic():
        _check_ins(client, author, CHECK_INS[name])
        _measures(client, clinician, author, name, SCHEDULES[name])


def answers_for(code: str, total: int, *, fixed: dict[int, int] | None = None) -> list[int]:
    """Return valid answers (item order) that add up to total, spread evenly; `fixed` pins items by index."""
    instrument = measures.get(code)
    count, low, high = len(instrument.items), instrument.min_answer, instrument.max_answer
    answers = [low] * count
    for index, value in (fixed or {}).items():
        answers[index] = value
    free = [(total + i) % count for i in range(count) if (total + i) % count not in (fixed or {})]
    remaining = total - sum(answers)
    if remaining < 0 or remaining > (high - low) * len(free):
        raise ValueError(f"{code} cannot total {total} with those fixed answers.")
    while remaining:
        for index in free:
            if remaining and answers[index] < high:
                answers[index] += 1
                remaining -= 1
    return answers


def _at(days_ago: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _check_ins(client: Client, author: User, weeks: list[Week]) -> None:
    for i, week in enumerate(weeks):
        days_ago = LATEST_CHECK_IN_DAYS_AGO + 7 * (len(weeks) - 1 - i)
        day: date = timezone.localdate() - timedelta(days=days_ago)
        when = _at(days_ago, 20, 15)
        with history_written_at(when):
            check_in, _flag = check_in_create(
                actor=author,
                client=client,
                day=day,
                comfort=week.comfort,
                connection=week.connection,
                contacts_in_person=week.in_person,
                contacts_online=week.online,
                is_rest_week=week.rest,
                note=week.note,
                note_shared=week.shared,
            )
        CheckIn.objects.filter(pk=check_in.pk).update(created_at=when)
        if week.rest:
            for rest in RestWeek.objects.filter(plan__client=client, week_start=week_start(day)):
                RestWeek.objects.filter(pk=rest.pk).update(created_at=when)


def _measures(client: Client, clinician: User, author: User, name: str, schedules: dict[str, Schedule]) -> None:
    assignments: dict[str, MeasureAssignment] = {}
    for code, schedule in schedules.items():
        first_days_ago = schedule.visits[0][0]
        assigned = _at(first_days_ago, 10)
        with history_written_at(assigned):
            assignment = measure_assign(
                actor=clinician,
                client=client,
                code=code,
                every_days=schedule.every_days,
                starts_on=timezone.localdate() - timedelta(days=first_days_ago),
            )
        MeasureAssignment.objects.filter(pk=assignment.pk).update(created_at=assigned)
        assignments[code] = assignment
    # Submitted oldest first: the services compare each with the first and mark the newest as latest.
    visits = sorted(
        ((days_ago, code, total) for code, schedule in schedules.items() for days_ago, total in schedule.visits),
        key=lambda visit: (-visit[0], visit[1]),
    )
    for days_ago, code, total in visits:
        risky = (name, code, days_ago) == RISK_VISIT
        answers = answers_for(code, total, fixed={RISK_ITEM_INDEX: 1 if risky else 0} if code == "PHQ-9" else None)
        submitted = _at(days_ago, 19, 40)
        started = submitted - timedelta(minutes=6)
        with history_written_at(started):
            response = measure_response_open(actor=author, assignment=assignments[code])
        with history_written_at(submitted):
            response, flag = measure_response_save(actor=author, response=response, answers=answers, submit=True)
        MeasureResponse.objects.filter(pk=response.pk).update(started_at=started, submitted_at=submitted)
        if flag is not None:
            _acknowledge(flag, clinician, raised=submitted)


def _acknowledge(flag: RiskFlag, clinician: User, *, raised: datetime) -> None:
    """Acknowledge an old demo flag as the clinician did that evening, and mark its email as long sent."""
    # Set inside the seeding transaction, before the on-commit email task looks at it.
    emailed = raised + timedelta(minutes=1)
    RiskFlag.objects.filter(pk=flag.pk).update(created_at=raised, emailed_at=emailed)
    acknowledged = raised + ACKNOWLEDGED_AFTER
    with history_written_at(acknowledged):
        risk_flag_acknowledge(
            actor=clinician, flag=flag, action=RiskFlag.Action.CONTACTED, action_note=ACKNOWLEDGE_NOTE
        )
    RiskFlag.objects.filter(pk=flag.pk).update(acknowledged_at=acknowledged)
