"""Demo plans: values, goals, step ladders and a few weeks of practices. Also a large plan for speed checks.

All text is made up for the demo and written in plain, warm words.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from ..models import Client, Goal, Plan, Practice, Step, User, Value

# (activity, setting, with whom, minutes, expected distress, exit plan)
StepRow = tuple[str, str, str, int, int, str]

PLANS: dict[str, dict[str, Any]] = {
    "Sam": {
        "values": [
            ("Being an uncle my nephew can count on", "He asked me to come to his school play. I want to be there."),
            ("Having a laugh with people again", "I used to be the funny one. I miss that part of me."),
        ],
        "goals": [
            (
                "Go to my nephew's school play in March",
                0,
                [
                    ("Walk past the school at a quiet time", "in_person", "", 15, 20, "I can turn back at any corner."),
                    (
                        "Sit in a café for ten minutes",
                        "in_person",
                        "my sister",
                        10,
                        30,
                        "Seat by the door; I leave when I like.",
                    ),
                    (
                        "Watch a film at a weekday matinee",
                        "in_person",
                        "my sister",
                        90,
                        40,
                        "Aisle seat; step out if needed.",
                    ),
                    (
                        "Go to a small community event",
                        "in_person",
                        "my sister",
                        45,
                        55,
                        "I'll text my sister 'home' and go.",
                    ),
                    (
                        "Attend a rehearsal at the school",
                        "in_person",
                        "my sister",
                        30,
                        65,
                        "Stand at the back near the exit.",
                    ),
                    ("Go to the school play", "in_person", "my sister and nephew", 90, 75, "Sit at the end of a row."),
                ],
            ),
            (
                "Join a weekly board-game night by spring",
                1,
                [
                    ("Read the game café's page and menu", "online", "", 10, 15, "Close the page whenever I want."),
                    ("Post a hello in the café's online group", "online", "", 10, 30, "I can delete it if I need to."),
                    ("Visit the café on a quiet afternoon", "in_person", "", 20, 40, "Leave after one drink."),
                    (
                        "Watch a game night for half an hour",
                        "in_person",
                        "Priya",
                        30,
                        55,
                        "Priya knows I might go early.",
                    ),
                    ("Play one short game", "in_person", "Priya", 40, 65, "Say 'I need some air' and step out."),
                ],
            ),
        ],
    },
    "Lena": {
        "values": [
            ("Being a good friend", "Maya kept in touch all this time. I want to show up for her."),
            ("Learning things with other people", "I love pottery and I want to share that."),
        ],
        "goals": [
            (
                "Meet Maya for coffee once a month",
                0,
                [
                    ("Send Maya a message", "online", "Maya", 5, 25, "I can write it and send it later."),
                    ("Have a short video call with Maya", "online", "Maya", 15, 35, "Camera can go off."),
                    ("Walk in the park with Maya", "in_person", "Maya", 30, 45, "We agreed I can end it early."),
                    ("Coffee with Maya at a quiet café", "in_person", "Maya", 45, 55, "Corner table; I drive myself."),
                    (
                        "Coffee with Maya at a busier place",
                        "in_person",
                        "Maya",
                        60,
                        70,
                        "Step outside if it's too loud.",
                    ),
                ],
            ),
            (
                "Take a pottery class by summer",
                1,
                [
                    ("Look at the studio's class list", "online", "", 10, 15, "Just looking, no sign-up."),
                    ("Email the studio a question", "online", "", 10, 30, "I can wait for a reply."),
                    ("Visit the studio during open hours", "in_person", "", 20, 45, "Leave when I've seen enough."),
                    ("Join a drop-in taster session", "blended", "", 60, 60, "Sit at the end of the bench."),
                    ("Sign up for the first class", "online", "", 10, 50, "Refunds are allowed for a week."),
                    ("Go to the first class", "in_person", "", 90, 70, "Tell the teacher I may take breaks."),
                ],
            ),
            (
                "Say yes to one family lunch",
                0,
                [
                    ("Reply to the family group chat", "online", "", 5, 25, "Keep it short."),
                    ("Phone my brother", "online", "my brother", 15, 40, "I can say I have to go."),
                    (
                        "Visit my brother at home for an hour",
                        "in_person",
                        "my brother",
                        60,
                        55,
                        "I'll drive; I can leave.",
                    ),
                    ("Go to the lunch for dessert only", "in_person", "family", 45, 65, "Arrive late, leave early."),
                    ("Stay for the whole lunch", "in_person", "family", 120, 75, "Take a walk halfway through."),
                ],
            ),
        ],
    },
    "Theo": {
        "values": [
            ("Making music with others", "Playing bass in a group used to feel like home."),
            ("Feeling part of my neighbourhood", "I'd like to know the people I live near."),
        ],
        "goals": [
            (
                "Play in a community music jam",
                0,
                [
                    ("Listen to a jam's live stream", "online", "", 30, 15, "Turn it off any time."),
                    ("Join the jam's chat with camera off", "online", "", 20, 30, "Leave the chat quietly."),
                    ("Visit the hall when it's empty", "in_person", "the organiser", 15, 40, "The door stays open."),
                    (
                        "Sit in on a jam with ear plugs",
                        "in_person",
                        "Jordan",
                        30,
                        55,
                        "Jordan walks out with me if I nod.",
                    ),
                    ("Play one song at the jam", "in_person", "Jordan", 10, 70, "Put the bass down and step out."),
                ],
            ),
            (
                "Say hello to neighbours on my street",
                1,
                [
                    ("Nod to a neighbour in passing", "in_person", "", 1, 20, "Keep walking."),
                    ("Say good morning to the shopkeeper", "in_person", "", 2, 30, "Pay and go."),
                    ("Ask a neighbour about their garden", "in_person", "", 5, 45, "Say 'have a good day' and go."),
                    ("Go to the street clean-up for a while", "in_person", "", 30, 55, "Leave after one bag."),
                    ("Bring biscuits to the street party", "in_person", "", 45, 70, "Drop them off and go home."),
                ],
            ),
        ],
    },
}

FEARS = [
    "Everyone will notice I'm nervous and think I'm strange.",
    "I'll freeze and not know what to say.",
    "Someone will ask where I've been and I'll panic.",
]
LEARNED = [
    "People were busy with their own things. Nobody stared.",
    "I did freeze for a moment, and then it passed.",
    "It was hard at the start and easier after ten minutes.",
]


def seed(client: Client, clinician: User) -> None:
    """Give a demo client a plan with values, goals, ladders and a few weeks of practices, once."""
    if client.plans.exists():
        return
    data = PLANS.get(client.preferred_name) or PLANS["Sam"]
    now = timezone.now()
    with transaction.atomic():
        plan = Plan.objects.create(client=client, status=Plan.Status.ACTIVE, created_by=clinician, title="My plan")
        values = [
            Value.objects.create(plan=plan, statement=statement, why=why, position=i)
            for i, (statement, why) in enumerate(data["values"], start=1)
        ]
        for g, (title, value_index, steps) in enumerate(data["goals"], start=1):
            goal = Goal.objects.create(
                plan=plan,
                value=values[value_index],
                title=title,
                horizon=timezone.localdate() + timedelta(days=90 + 30 * g),
                position=g,
                updated_by=clinician,
            )
            for s, row in enumerate(steps, start=1):
                _demo_step(goal, s, row, clinician, client, first_goal=g == 1, now=now)


def _demo_step(
    goal: Goal, position: int, row: StepRow, clinician: User, client: Client, *, first_goal: bool, now: Any
) -> None:
    activity, setting, with_whom, minutes, expected, exit_plan = row
    status = Step.Status.PLANNED
    if first_goal and position == 1:
        status = Step.Status.MASTERED
    elif first_goal and position == 2:
        status = Step.Status.IN_PRACTICE
    step = Step.objects.create(
        goal=goal,
        position=position,
        activity=activity,
        setting=setting,
        with_whom=with_whom,
        duration_minutes=minutes,
        expected_distress=expected,
        exit_plan=exit_plan,
        accommodations="A quiet time of day; a break is always allowed.",
        status=status,
        proposed_by=Step.Proposer.CLIENT if position % 2 else Step.Proposer.CLINICIAN,
        client_agreed_at=now - timedelta(days=30),
        client_agreement_recorded_by=client.user or clinician,
        created_by=clinician,
        updated_by=clinician,
    )
    # A few weeks of practices on the first two rungs of the first goal, distress easing over time.
    if status == Step.Status.PLANNED:
        return
    peaks = [45, 30, 25] if status == Step.Status.MASTERED else [55, 45]
    for week, peak in enumerate(peaks):
        days_ago = 21 - 7 * week - (0 if status == Step.Status.MASTERED else 3)
        Practice.objects.create(
            step=step,
            planned_for=timezone.localdate() - timedelta(days=days_ago),
            expected_distress=expected + 15,
            feared_outcome=FEARS[week % len(FEARS)],
            feared_likelihood=70 - 10 * week,
            coping_plan="Slow breathing, feet on the floor.",
            peak_distress=peak,
            end_distress=max(peak - 20, 5),
            what_happened="It went more smoothly than I thought it would.",
            feared_happened=Practice.FearedHappened.NO,
            surprise=60,
            likelihood_after=40 - 10 * week,
            learned=LEARNED[week % len(LEARNED)],
            outcome=Practice.Outcome.STAYED if week else Practice.Outcome.LEFT_BY_EXIT_PLAN,
            completed_at=now - timedelta(days=days_ago),
            created_by=client.user or clinician,
        )


def build_large_plan(client: Client, *, goals: int = 20, steps: int = 15, practices: int = 20) -> Plan:
    """Create a big plan fast with bulk_create, for query-count tests and the benchmark."""
    now = timezone.now()
    plan = Plan.objects.create(client=client, status=Plan.Status.ACTIVE)
    value = Value.objects.create(plan=plan, statement="Being there for people", position=1)
    goal_rows = Goal.objects.bulk_create(
        [Goal(plan=plan, value=value, title=f"Goal {g}", position=g) for g in range(1, goals + 1)]
    )
    step_rows = Step.objects.bulk_create(
        [
            Step(goal=goal, position=s, activity=f"Step {s}", expected_distress=min(5 * s, 100), updated_at=now)
            for goal in goal_rows
            for s in range(1, steps + 1)
        ]
    )
    Practice.objects.bulk_create(
        [
            Practice(
                step=step,
                planned_for=timezone.localdate() - timedelta(days=p),
                expected_distress=50,
                feared_outcome="They will think I'm odd.",
                feared_likelihood=60,
                peak_distress=40,
                feared_happened=Practice.FearedHappened.NO,
                outcome=Practice.Outcome.STAYED,
                completed_at=now,
            )
            for step in step_rows
            for p in range(practices)
        ],
        batch_size=2000,
    )
    return plan
