"""A client's safety plan (in numbered versions), triggers, journal entries and library links."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from ...models import JournalEntry, LibraryLink, SafetyPlan, SafetyPlanVersion, Trigger
from ...models.safety import SECTION_KEYS
from .. import library as library_demo
from .. import safety as safety_demo
from .record import Record

ENTRIES = [(name, entry) for name, entries in safety_demo.ENTRIES.items() for entry in entries]


def _share(items: list[Any], number: int, count: int) -> list[Any]:
    """The first part of a list that version `number` of `count` holds (the last version holds all)."""
    return items[: math.ceil(len(items) * number / count)]


def seed_safety_plan(r: Record) -> SafetyPlan | None:
    """A safety plan saved in a few versions, each holding more of the demo plan's words; most are reviewed."""
    b, rng = r.b, r.rng
    if r.days < 10:
        return None
    made = r.created + timedelta(days=rng.randint(7, 10))
    count = 4 if r.measured else 1 + min(rng.randint(0, 4), r.days // 120)
    content = safety_demo.PLANS[r.demo]
    plan = b.add(SafetyPlan(public_id=b.uuid(), client=r.client, created_at=made, version=count))
    previous: dict[str, list[Any]] = {key: [] for key in SECTION_KEYS}
    when = made
    for number in range(1, count + 1):
        words = {key: _share(content.get(key, []), number, count) for key in SECTION_KEYS}
        author = r.lead if number % 2 else r.author
        version = b.add(
            SafetyPlanVersion(
                public_id=b.uuid(), plan=plan, number=number, content=words, author=author, created_at=when
            )
        )
        changed = [key for key in SECTION_KEYS if words[key] != previous[key]]
        b.audit(when, author, "safety_plan.saved", plan, r.client, changed)
        previous = words
        if number < count:
            when = min(when + timedelta(days=rng.randint(20, max(21, r.days // count))), r.until)
    if r.measured or rng.random() < 0.85:
        reviewed = min(version.created_at + timedelta(days=rng.randint(1, 10)), b.now)
        plan.reviewed_at, plan.reviewed_by, plan.reviewed_number = reviewed, r.lead, count
        b.audit(reviewed, r.lead, "safety_plan.reviewed", plan, r.client, ["reviewed_at"])
    return plan


def seed_triggers(r: Record) -> list[Trigger]:
    """The demo person's triggers, noted two weeks into care."""
    b = r.b
    coping = safety_demo.PLANS[r.demo]["coping"][:1]
    made = r.created + timedelta(days=14)
    rows = []
    for details in safety_demo.TRIGGERS[r.demo]:
        if made > r.until:
            break
        trigger = b.add(
            Trigger(
                public_id=b.uuid(),
                client=r.client,
                helpful_strategies=coping,
                created_at=made,
                updated_at=made,
                updated_by=r.author,
                **details,
            )
        )
        b.audit(made, r.author, "trigger.created", trigger, r.client, ["name", "kind", "strength"])
        rows.append(trigger)
    return rows


def seed_journal(r: Record, triggers: list[Trigger]) -> None:
    """Up to six journal entries; private ones leave no trace on the client's audit trail."""
    b, rng = r.b, r.rng
    by_name = {trigger.name: trigger for trigger in triggers}
    for _ in range(rng.randint(0, 6) if r.days > 30 else 0):
        demo_name, details = rng.choice(ENTRIES)
        when = b.between(r.created + timedelta(days=14), r.until)
        entry = b.add(
            JournalEntry(
                public_id=b.uuid(),
                client=r.client,
                happened_on=when.date(),
                **safety_demo.entry_fields(details),
                created_at=when,
                updated_at=when,
            )
        )
        for trigger_name in details["triggers"]:
            if trigger_name in by_name and demo_name == r.demo:
                b.add(JournalEntry.triggers.through(journalentry=entry, trigger=by_name[trigger_name]))
        # A private entry leaves nothing on the client's trail (services.audit, private=True).
        shared = details["shared"]
        b.audit(when, r.author, "journal_entry.created", entry, r.client if shared else None, ["situation"])


def seed_library_links(r: Record, triggers: list[Trigger], plan: SafetyPlan | None) -> None:
    """Library items on the first step, first trigger and safety plan, as the demo links them."""
    b, steps = r.b, r.steps
    targets: list[tuple[dict[str, Any], list[str]]] = []
    if steps:
        targets.append(({"step": steps[0]}, library_demo.STEP_ITEMS))
    if triggers:
        targets.append(({"trigger": triggers[0]}, library_demo.TRIGGER_ITEMS))
    if plan is not None:
        targets.append(({"safety_plan": plan}, library_demo.SAFETY_ITEMS))
    for target, slugs in targets:
        items = [b.library[slug] for slug in slugs if slug in b.library]
        for item in items:
            b.add(LibraryLink(public_id=b.uuid(), item=item, added_by=r.lead, added_at=r.created, **target))
        if items:
            record = next(iter(target.values()))
            b.audit(r.created, r.lead, "library_links.updated", record, r.client, ["items"])
