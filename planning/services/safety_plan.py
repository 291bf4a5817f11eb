"""Writes to the safety plan: every save is a new numbered version, and a stale save is refused.

Nothing here touches the cache or Celery: the safety plan must keep working when Redis or the
worker is down.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from ..models import Client, SafetyPlan, SafetyPlanVersion, User
from ..models.safety import SECTION_KEYS, CardChoice, empty_content
from ..versioning import lock_current
from .audit import audit_record
from .notifications import notify_safety_plan_reviewed


def normalise_content(content: dict[str, Any]) -> dict[str, list[Any]]:
    """Keep only known sections, in plan order, dropping empty items."""
    result = empty_content()
    for key in SECTION_KEYS:
        result[key] = [item for item in content.get(key, []) if item]
    return result


def _changed_sections(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return [key for key in SECTION_KEYS if old.get(key, []) != new.get(key, [])]


def _locked_plan(client: Client, based_on: int | None) -> SafetyPlan:
    """Lock the client's plan (made empty on first use); with `based_on`, refuse it if it moved on since."""
    plan, _created = SafetyPlan.objects.get_or_create(client=client)
    return lock_current(plan, based_on=plan.version if based_on is None else based_on)


def _write_version(
    *, actor: User, plan: SafetyPlan, content: dict[str, Any], action: str, restored_from: int | None = None
) -> SafetyPlanVersion:
    current = plan.current_version()
    plan.version = (current.number if current else 0) + 1
    plan.save(update_fields=["version"])
    version = SafetyPlanVersion.objects.create(
        plan=plan, number=plan.version, content=content, author=actor, restored_from=restored_from
    )
    old = current.content if current else empty_content()
    audit_record(actor=actor, action=action, target=plan, changed_fields=_changed_sections(old, content))
    return version


def safety_plan_save(*, actor: User, client: Client, based_on: int, content: dict[str, Any]) -> SafetyPlanVersion:
    """Save the plan's words as a new version, unless someone saved one since `based_on` (StaleEdit)."""
    with transaction.atomic():
        plan = _locked_plan(client, based_on)
        return _write_version(actor=actor, plan=plan, content=normalise_content(content), action="safety_plan.saved")


def safety_plan_add_line(*, actor: User, client: Client, section: str, text: str) -> SafetyPlanVersion:
    """Append one line to a section of the newest version. An append overwrites nothing, so it never conflicts."""
    with transaction.atomic():
        plan = _locked_plan(client, None)
        current = plan.current_version()
        content = normalise_content(current.content if current else {})
        content[section] = [*content[section], text.strip()]
        return _write_version(actor=actor, plan=plan, content=content, action="safety_plan.saved")


def safety_plan_remove_line(*, actor: User, client: Client, section: str, index: int, based_on: int) -> Any:
    """Take one line off a section as a new version and return it, unless the plan moved on since `based_on`.

    Raises StaleEdit when someone saved since (the line at `index` may be another one now), and
    IndexError when there is no such line.
    """
    with transaction.atomic():
        plan = _locked_plan(client, based_on)
        current = plan.current_version()
        content = normalise_content(current.content if current else {})
        if section not in SECTION_KEYS or not 0 <= index < len(content[section]):
            raise IndexError("No such line on the plan.")
        item = content[section].pop(index)
        _write_version(actor=actor, plan=plan, content=content, action="safety_plan.saved")
    return item


def safety_plan_insert_line(*, actor: User, client: Client, section: str, index: int, item: Any) -> SafetyPlanVersion:
    """Put a line back into a section at its old place (or at the end, if the section is shorter now)."""
    with transaction.atomic():
        plan = _locked_plan(client, None)
        current = plan.current_version()
        content = normalise_content(current.content if current else {})
        content[section].insert(min(index, len(content[section])), item)
        return _write_version(actor=actor, plan=plan, content=content, action="safety_plan.saved")


def safety_plan_restore(*, actor: User, version: SafetyPlanVersion) -> SafetyPlanVersion:
    """Make an earlier version current again by saving its words as a new version."""
    with transaction.atomic():
        plan = _locked_plan(version.client, None)
        return _write_version(
            actor=actor,
            plan=plan,
            content=version.content,
            action="safety_plan.restored",
            restored_from=version.number,
        )


def safety_plan_mark_reviewed(*, actor: User, plan: SafetyPlan) -> SafetyPlan:
    """Record that a clinician went through the current version with the client."""
    with transaction.atomic():
        plan.reviewed_at = timezone.now()
        plan.reviewed_by = actor
        plan.reviewed_number = plan.version or None
        plan.save(update_fields=["reviewed_at", "reviewed_by", "reviewed_number"])
        audit_record(actor=actor, action="safety_plan.reviewed", target=plan, changed_fields=["reviewed_at"])
        notify_safety_plan_reviewed(plan=plan)
    return plan


def safety_plan_choose_card(*, actor: User, client: Client, choice: CardChoice) -> SafetyPlan:
    """Keep what goes on the client's wallet card, so every later download prints the same choice."""
    with transaction.atomic():
        plan = _locked_plan(client, None)
        changed = plan.card != choice.as_json()
        plan.card = choice.as_json()
        plan.save(update_fields=["card"])
        # The field name only: which lines were left off is the client's own words and stays out of the trail.
        audit_record(
            actor=actor, action="safety_plan.card_chosen", target=plan, changed_fields=["card"] if changed else []
        )
    return plan
