"""Writes for safety plans, crisis lines, triggers and the journal.

Keyword-only, one transaction each, audited with field names only. Nothing here touches the
cache or Celery: the safety plan must keep working when Redis or the worker is down.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ..models import Client, CrisisLine, JournalEntry, Organization, SafetyPlan, SafetyPlanVersion, Trigger, User
from ..models.safety import SECTION_KEYS, empty_content
from .people import audit_record
from .plans import StaleEdit

# The defaults a clinic starts with. Each clinic checks and edits its own copy.
DEFAULT_CRISIS_LINES_CHECKED = date(2026, 11, 1)
DEFAULT_CRISIS_LINES: tuple[dict[str, Any], ...] = (
    {
        "country": "United States",
        "name": "Emergency services",
        "channel": "call",
        "number": "911",
        "is_emergency": True,
    },
    {"country": "United States", "name": "988 Suicide & Crisis Lifeline", "channel": "call", "number": "988"},
    {"country": "United States", "name": "988 Suicide & Crisis Lifeline", "channel": "text", "number": "988"},
    {
        "country": "United States",
        "name": "988 Suicide & Crisis Lifeline",
        "channel": "chat",
        "number": "988lifeline.org",
    },
    {
        "country": "United States",
        "name": "Crisis Text Line",
        "channel": "text",
        "number": "741741",
        "instructions": "Text HOME",
    },
    {"country": "Canada", "name": "Emergency services", "channel": "call", "number": "911", "is_emergency": True},
    {"country": "Canada", "name": "9-8-8 Suicide Crisis Helpline", "channel": "call", "number": "9-8-8"},
    {"country": "Canada", "name": "9-8-8 Suicide Crisis Helpline", "channel": "text", "number": "9-8-8"},
    {
        "country": "United Kingdom",
        "name": "Emergency services",
        "channel": "call",
        "number": "999",
        "is_emergency": True,
    },
    {"country": "United Kingdom", "name": "Samaritans", "channel": "call", "number": "116 123"},
    {"country": "United Kingdom", "name": "SHOUT", "channel": "text", "number": "85258", "instructions": "Text SHOUT"},
)


class StaleSafetyPlan(Exception):
    """A save based on an older version than the current one. Carries the newer version."""

    def __init__(self, current: SafetyPlanVersion) -> None:
        super().__init__(f"Version {current.number} was saved in the meantime")
        self.current = current


def default_crisis_lines(organization: Organization) -> list[CrisisLine]:
    """Build (unsaved) the default crisis lines for a clinic."""
    return [
        CrisisLine(organization=organization, position=i, last_checked=DEFAULT_CRISIS_LINES_CHECKED, **line)
        for i, line in enumerate(DEFAULT_CRISIS_LINES)
    ]


def crisis_lines_for(organization: Organization) -> list[CrisisLine]:
    """Return the clinic's crisis lines; a clinic that has set none gets the defaults, so every plan has some."""
    lines = list(organization.crisis_lines.all())
    return lines or default_crisis_lines(organization)


def crisis_lines_seed(*, organization: Organization, actor: User | None = None) -> list[CrisisLine]:
    """Give a clinic its own editable copy of the default crisis lines, once."""
    with transaction.atomic():
        if organization.crisis_lines.exists():
            return list(organization.crisis_lines.all())
        lines = CrisisLine.objects.bulk_create(default_crisis_lines(organization))
        audit_record(actor=actor, action="crisis_lines.adopted", organization=organization)
    return lines


def crisis_line_save(*, actor: User, line: CrisisLine, changed: list[str]) -> CrisisLine:
    """Add or change one of a clinic's crisis lines; the clinic first gets its own copy of the defaults."""
    organization = actor.organization
    assert organization is not None  # only organisation admins reach this
    with transaction.atomic():
        creating = line.pk is None
        if creating:
            crisis_lines_seed(organization=organization)
        line.organization = organization
        line.save()
        audit_record(
            actor=actor,
            action="crisis_line.added" if creating else "crisis_line.updated",
            organization=organization,
            target=line,
            changed_fields=changed,
        )
    return line


def crisis_line_delete(*, actor: User, line: CrisisLine) -> None:
    """Take a crisis line off the clinic's plans."""
    with transaction.atomic():
        audit_record(actor=actor, action="crisis_line.removed", organization=line.organization, target=line)
        line.delete()


# Safety plans


def safety_plan_current(client: Client) -> tuple[SafetyPlan | None, SafetyPlanVersion | None]:
    """Return the client's plan and its current version (either may not exist yet)."""
    plan = SafetyPlan.objects.filter(client=client).select_related("reviewed_by").first()
    return plan, (plan.current_version() if plan else None)


def normalise_content(content: dict[str, Any]) -> dict[str, list[Any]]:
    """Keep only known sections, in plan order, dropping empty items."""
    result = empty_content()
    for key in SECTION_KEYS:
        result[key] = [item for item in content.get(key, []) if item]
    return result


def _changed_sections(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return [key for key in SECTION_KEYS if old.get(key, []) != new.get(key, [])]


def _next_version(
    *, actor: User, client: Client, plan: SafetyPlan, content: dict[str, Any], restored_from: int | None = None
) -> SafetyPlanVersion:
    latest = plan.versions.aggregate(n=Max("number"))["n"] or 0
    return SafetyPlanVersion.objects.create(
        plan=plan, number=latest + 1, content=content, author=actor, restored_from=restored_from
    )


def safety_plan_save(*, actor: User, client: Client, content: dict[str, Any], base_number: int) -> SafetyPlanVersion:
    """Save the plan as a new version, unless someone saved a newer one since `base_number` (then raise)."""
    content = normalise_content(content)
    with transaction.atomic():
        plan, _created = SafetyPlan.objects.get_or_create(client=client)
        plan = SafetyPlan.objects.select_for_update().get(pk=plan.pk)
        current = plan.current_version()
        if current is not None and current.number != base_number:
            raise StaleSafetyPlan(current)
        old = current.content if current else empty_content()
        version = _next_version(actor=actor, client=client, plan=plan, content=content)
        audit_record(
            actor=actor,
            action="safety_plan.saved",
            organization=client.organization,
            target=plan,
            client=client,
            changed_fields=_changed_sections(old, content),
        )
    return version


def safety_plan_add_line(*, actor: User, client: Client, section: str, text: str) -> SafetyPlanVersion:
    """Append one line to a section of the newest version. An append overwrites nothing, so it never conflicts."""
    with transaction.atomic():
        plan, _created = SafetyPlan.objects.get_or_create(client=client)
        plan = SafetyPlan.objects.select_for_update().get(pk=plan.pk)
        current = plan.current_version()
        content = normalise_content(current.content if current else {})
        content[section] = [*content[section], text.strip()]
        return safety_plan_save(
            actor=actor, client=client, content=content, base_number=current.number if current else 0
        )


def safety_plan_restore(*, actor: User, client: Client, version: SafetyPlanVersion) -> SafetyPlanVersion:
    """Make an earlier version current again by saving its words as a new version."""
    with transaction.atomic():
        plan = SafetyPlan.objects.select_for_update().get(pk=version.plan_id, client=client)
        current = plan.current_version()
        restored = _next_version(
            actor=actor, client=client, plan=plan, content=version.content, restored_from=version.number
        )
        audit_record(
            actor=actor,
            action="safety_plan.restored",
            organization=client.organization,
            target=plan,
            client=client,
            changed_fields=_changed_sections(current.content if current else {}, version.content),
        )
    return restored


def safety_plan_mark_reviewed(*, actor: User, client: Client, plan: SafetyPlan) -> SafetyPlan:
    """Record that a clinician went through the current version with the client."""
    with transaction.atomic():
        current = plan.current_version()
        plan.reviewed_at = timezone.now()
        plan.reviewed_by = actor
        plan.reviewed_number = current.number if current else None
        plan.save(update_fields=["reviewed_at", "reviewed_by", "reviewed_number"])
        audit_record(
            actor=actor,
            action="safety_plan.reviewed",
            organization=client.organization,
            target=plan,
            client=client,
            changed_fields=["reviewed_at"],
        )
    return plan


# Triggers


def trigger_save(
    *, actor: User, client: Client, trigger: Trigger, changed: list[str], based_on_version: int | None = None
) -> Trigger:
    """Create or update a trigger from a validated form's instance.

    An edit based on an older version than the saved one raises StaleEdit instead of overwriting it.
    """
    creating = trigger.pk is None
    with transaction.atomic():
        if not creating:
            current = Trigger.objects.select_for_update().get(pk=trigger.pk)
            if based_on_version is not None and current.version != based_on_version:
                raise StaleEdit(current)
            trigger.version = current.version + 1
        trigger.client = client
        trigger.updated_at = timezone.now()
        trigger.updated_by = actor
        trigger.save()
        audit_record(
            actor=actor,
            action="trigger.created" if creating else "trigger.updated",
            organization=client.organization,
            target=trigger,
            client=client,
            changed_fields=changed,
        )
    return trigger


def trigger_delete(*, actor: User, client: Client, trigger: Trigger) -> None:
    """Remove a trigger; journal entries that mentioned it keep their other words."""
    with transaction.atomic():
        audit_record(
            actor=actor, action="trigger.deleted", organization=client.organization, target=trigger, client=client
        )
        trigger.delete()


# The journal. Private entries leave no trace a clinician could see: their audit entries are not
# linked to the client, so they do not move the caseload's "last activity" either.


def _journal_audit(*, actor: User, entry: JournalEntry, action: str, changed: list[str] | None = None) -> None:
    client = entry.client
    audit_record(
        actor=actor,
        action=action,
        organization=client.organization,
        target=entry,
        client=client if entry.shared_with_care_team else None,
        changed_fields=changed or [],
    )


def journal_entry_save(
    *, actor: User, client: Client, entry: JournalEntry, triggers: list[Trigger], changed: list[str]
) -> JournalEntry:
    """Create or update a journal entry and the triggers it mentions."""
    creating = entry.pk is None
    with transaction.atomic():
        entry.client = client
        entry.updated_at = timezone.now()
        entry.save()
        entry.triggers.set([t for t in triggers if t.client_id == client.pk])
        _journal_audit(
            actor=actor,
            entry=entry,
            action="journal_entry.created" if creating else "journal_entry.updated",
            changed=changed,
        )
    return entry


def journal_entry_delete(*, actor: User, entry: JournalEntry) -> None:
    """Delete a journal entry for good."""
    with transaction.atomic():
        _journal_audit(actor=actor, entry=entry, action="journal_entry.deleted")
        entry.delete()


# Reading helpers (no writes)


def _item_key(item: Any) -> str:
    if isinstance(item, dict):
        return " · ".join(str(item[part]) for part in ("name", "relationship", "phone") if item.get(part))
    return str(item)


def compare_versions(old: SafetyPlanVersion, new: SafetyPlanVersion) -> list[dict[str, Any]]:
    """Per section: what the newer version added and what it no longer has, compared with the older one."""
    rows = []
    for spec, old_items in old.sections():
        old_keys = [_item_key(i) for i in old_items]
        new_keys = [_item_key(i) for i in new.items(spec.key)]
        rows.append(
            {
                "spec": spec,
                "old": old_keys,
                "new": new_keys,
                "only_old": [k for k in old_keys if k not in new_keys],
                "only_new": [k for k in new_keys if k not in old_keys],
            }
        )
    return rows


def _month_starts(today: date, count: int) -> list[date]:
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def trigger_patterns(entries: Any, *, months: int = 6) -> dict[str, Any]:
    """Count how often each trigger was noted in these journal entries, in total and per month (one query)."""
    through = JournalEntry.triggers.through
    links = through.objects.filter(journalentry__in=entries).values_list(
        "trigger__public_id", "trigger__name", "journalentry__happened_on"
    )
    starts = _month_starts(timezone.localdate(), months)
    rows: dict[Any, dict[str, Any]] = {}
    for trigger_id, name, happened_on in links:
        row = rows.setdefault(trigger_id, {"name": name, "total": 0, "counts": [0] * months})
        row["total"] += 1
        key = date(happened_on.year, happened_on.month, 1)
        if key in starts:
            row["counts"][starts.index(key)] += 1
    ordered = sorted(rows.values(), key=lambda r: (-r["total"], r["name"]))
    top = max((r["total"] for r in ordered), default=0)
    return {"months": starts, "pattern_rows": ordered, "top": top}
