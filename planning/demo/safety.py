"""Demo safety plans, trigger lists and journal entries. Every word is invented for the demo."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from ..models import Client, JournalEntry, SafetyPlan, Trigger, User
from ..services.crisis_lines import crisis_lines_seed
from ..services.journal import journal_entry_save
from ..services.safety_plan import safety_plan_mark_reviewed, safety_plan_save
from ..services.triggers import trigger_create

PLANS: dict[str, dict[str, list[Any]]] = {
    "Sam": {
        "warning_signs": [
            "I leave messages unread for a whole day",
            "My jaw is tight and I keep checking the door",
            'The thought "nobody would notice if I stopped turning up"',
        ],
        "coping": [
            "Breathe out longer than I breathe in, ten times",
            "Cold water on my wrists",
            "Walk the long way round the park with a podcast",
            "Put the kettle on and name five things I can see",
        ],
        "distraction": ["The bench outside the bakery on Elm Road", "Helping at my brother's allotment"],
        "help_contacts": [
            {"name": "Aisha", "relationship": "sister", "phone": "555 0142"},
            {"name": "Marcus", "relationship": "old friend from work", "phone": "555 0178"},
        ],
        "professional_contacts": [
            {"name": "Dr Maya Lindqvist", "relationship": "my clinician", "phone": "555 0100"},
            {"name": "Out-of-hours GP", "relationship": "doctor", "phone": "555 0111"},
        ],
        "safe_environment": ["Aisha keeps the spare medication at her flat", "No drinking alone at home"],
        "reasons": ["Being an uncle my nephew can count on", "Finishing the bike I'm rebuilding"],
        "exit_plans": [
            "Sit near the door and tell one person I might leave early",
            "Text Aisha the word 'bench' and walk to the bus stop",
        ],
    },
    "Lena": {
        "warning_signs": ["I cancel plans and tell myself I'm just tired", "Sleeping past noon", "Chest feels heavy"],
        "coping": [
            "Write it down in my notebook before I say it",
            "A warm shower with the radio on",
            "Stretch for five minutes",
        ],
        "distraction": ["The quiet corner of the library", "Sketching at the café on the square"],
        "help_contacts": [{"name": "Noor", "relationship": "cousin", "phone": "555 0163"}],
        "professional_contacts": [{"name": "Jonah Adeyemi", "relationship": "my clinician", "phone": "555 0101"}],
        "safe_environment": ["Keep my evenings planned on the calendar"],
        "reasons": ["My cat, Biscuit", "Seeing the sea again in summer"],
        "exit_plans": ["Step outside 'to take a call' and decide from there"],
    },
    "Theo": {
        "warning_signs": ["Startling at every noise", "Wanting to stay in my room all weekend"],
        "coping": ["Noise-cancelling headphones and the rain playlist", "Press my feet into the floor and count to 30"],
        "distraction": ["Online game nights with the regulars", "Feeding the ducks at the canal"],
        "help_contacts": [{"name": "Rosa", "relationship": "flatmate", "phone": "555 0155"}],
        "professional_contacts": [{"name": "Dr Maya Lindqvist", "relationship": "my clinician", "phone": "555 0100"}],
        "safe_environment": ["Rosa knows where I keep the things that worry me"],
        "reasons": ["Learning to play the drums properly", "My gran's Sunday calls"],
        "exit_plans": ["Leave at the planned time, no explanation needed", "Headphones on for the walk home"],
    },
}

TRIGGERS: dict[str, list[dict[str, Any]]] = {
    "Sam": [
        {
            "name": "Crowded bus at rush hour",
            "kind": "place",
            "strength": 70,
            "warning_signs": "Hands sweating, planning every way off the bus",
            "what_helps": "Standing by the doors; getting off one stop early",
        },
        {
            "name": "Someone raising their voice",
            "kind": "sound",
            "strength": 80,
            "warning_signs": "Freezing, jaw clenched",
            "what_helps": "Slow breathing and looking at something green",
        },
        {
            "name": "The anniversary in early March",
            "kind": "date",
            "strength": 60,
            "warning_signs": "Sleeping badly the week before",
            "what_helps": "Planning the day with Aisha in advance",
        },
    ],
    "Lena": [
        {
            "name": "Being asked 'so what do you do?'",
            "kind": "situation",
            "strength": 55,
            "warning_signs": "Face goes hot",
            "what_helps": "A ready answer I rehearsed",
        },
        {
            "name": "Thinking everyone is judging my silence",
            "kind": "thought",
            "strength": 65,
            "warning_signs": "Going quiet and looking at my phone",
            "what_helps": "Reminding myself quiet is allowed",
        },
    ],
    "Theo": [
        {
            "name": "Fireworks",
            "kind": "sound",
            "strength": 85,
            "warning_signs": "Heart pounding, can't sit still",
            "what_helps": "Headphones and a heavy blanket",
        },
        {
            "name": "Tight chest in a crowd",
            "kind": "body",
            "strength": 60,
            "warning_signs": "Shallow breathing",
            "what_helps": "Stepping to the edge of the room",
        },
    ],
}

ENTRIES: dict[str, list[dict[str, Any]]] = {
    "Sam": [
        {
            "days_ago": 12,
            "situation": "Took the bus to my brother's for Sunday lunch.",
            "feelings": [{"name": "tense", "intensity": 65}, {"name": "proud", "intensity": 40}],
            "thoughts": "Everyone can tell I'm on edge.",
            "trap": "mind_reading",
            "for": "I was fidgeting a lot.",
            "against": "Nobody looked at me twice; a woman asked me the time as if I was anyone.",
            "balanced": "I feel more visible than I am. I made the trip anyway.",
            "shared": True,
            "triggers": ["Crowded bus at rush hour"],
        },
        {
            "days_ago": 5,
            "situation": "Neighbours argued loudly on the stairs while I was heading out.",
            "feelings": [{"name": "scared", "intensity": 75}],
            "thoughts": "I should just stay in.",
            "trap": "should",
            "for": "It shook me.",
            "against": "It passed in a few minutes and it had nothing to do with me.",
            "balanced": "I can wait ten minutes, breathe, and then go.",
            "shared": True,
            "triggers": ["Someone raising their voice"],
        },
        {
            "days_ago": 2,
            "situation": "Thought about the March date coming up.",
            "feelings": [{"name": "low", "intensity": 50}],
            "thoughts": "It's going to ruin the whole month.",
            "trap": "catastrophising",
            "for": "Last year was hard.",
            "against": "Last year I had no plan; this year I do.",
            "balanced": "It may be a hard day, not a hard month.",
            "shared": False,
            "triggers": ["The anniversary in early March"],
        },
    ],
    "Lena": [
        {
            "days_ago": 9,
            "situation": "Book club at the library; someone asked what I do for work.",
            "feelings": [{"name": "embarrassed", "intensity": 60}],
            "thoughts": "They think I'm a failure.",
            "trap": "mind_reading",
            "for": "There was a pause.",
            "against": "She told me about her own career break right after.",
            "balanced": "A pause is just a pause.",
            "shared": True,
            "triggers": ["Being asked 'so what do you do?'"],
        },
        {
            "days_ago": 3,
            "situation": "Stayed quiet most of coffee with Noor.",
            "feelings": [{"name": "awkward", "intensity": 45}],
            "thoughts": "I'm boring company.",
            "trap": "labelling",
            "for": "I didn't say much.",
            "against": "Noor asked to meet again next week.",
            "balanced": "Quiet company is still company.",
            "shared": False,
            "triggers": ["Thinking everyone is judging my silence"],
        },
    ],
    "Theo": [
        {
            "days_ago": 6,
            "situation": "Game night online; someone's fireworks went off outside my window.",
            "feelings": [{"name": "jumpy", "intensity": 70}],
            "thoughts": "I have to log off now or I'll embarrass myself.",
            "trap": "all_or_nothing",
            "for": "I jumped and swore on the mic.",
            "against": "Two people said the same thing happened to them that week.",
            "balanced": "I can mute for a minute and come back.",
            "shared": True,
            "triggers": ["Fireworks"],
        },
    ],
}


@transaction.atomic
def entry_fields(details: dict[str, Any]) -> dict[str, Any]:
    """Map one of ENTRIES to the journal entry's fields (the demo and seed_clinic both write them)."""
    return {
        "situation": details["situation"],
        "feelings": details["feelings"],
        "thoughts": details["thoughts"],
        "thinking_trap": details["trap"],
        "evidence_for": details["for"],
        "evidence_against": details["against"],
        "balanced_thought": details["balanced"],
        "shared_with_care_team": details["shared"],
    }


def seed(client: Client, clinician: User) -> None:
    """Give a demo client a safety plan (two versions, reviewed), triggers and a few journal entries, once."""
    crisis_lines_seed(organization=client.organization)
    if SafetyPlan.objects.filter(client=client).exists():
        return
    author = client.user or clinician
    name = client.preferred_name if client.preferred_name in PLANS else "Sam"
    plan = PLANS[name]
    first = {key: items[:1] for key, items in plan.items()}
    version = safety_plan_save(actor=clinician, client=client, based_on=0, content=first)
    safety_plan_mark_reviewed(actor=clinician, plan=version.plan)
    safety_plan_save(actor=author, client=client, based_on=1, content=plan)
    by_name: dict[str, Trigger] = {}
    for details in TRIGGERS[name]:
        trigger = trigger_create(actor=author, client=client, helpful_strategies=plan["coping"][:1], **details)
        by_name[trigger.name] = trigger
    today = timezone.localdate()
    for details in ENTRIES[name]:
        entry = JournalEntry(
            client=client,
            happened_on=today - timedelta(days=details["days_ago"]),
            **entry_fields(details),
        )
        triggers = [by_name[name] for name in details["triggers"] if name in by_name]
        saved = journal_entry_save(actor=author, entry=entry, triggers=triggers, changed=[])
        # Written on the day it happened, as a real journal would be (the caseload reads these times).
        written = timezone.now() - timedelta(days=details["days_ago"])
        JournalEntry.objects.filter(pk=saved.pk).update(created_at=written, updated_at=written)
