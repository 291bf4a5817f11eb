"""Linking the library into a client's plan: steps from step templates, and attached skills and scripts.

Writes go through here so each one is atomic and audited (field names only, never text).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from content.models import Item

from ..models import Goal, LibraryLink, SafetyPlan, Step, Trigger, User
from .audit import audit_record
from .plans import step_create


def step_add_from_template(*, actor: User, goal: Goal, template: Item) -> Step:
    """Put a copy of a library step template on a goal's ladder; the copy is the client's to edit."""
    low, high = template.distress_low or 0, template.distress_high or template.distress_low or 0
    return step_create(
        actor=actor,
        goal=goal,
        template_key=template.slug,
        activity=template.title[:200],
        setting=template.setting or Step.Setting.IN_PERSON,
        accommodations="\n".join(template.accommodation_list()),
        expected_distress=round((low + high) / 2),
    )


def library_links_set(*, actor: User, target: Step | Trigger | SafetyPlan, items: Iterable[Item]) -> list[LibraryLink]:
    """Make the target's attached library items exactly `items`, keeping links that stay."""
    field = {Step: "step", Trigger: "trigger", SafetyPlan: "safety_plan"}[type(target)]
    wanted = {item.pk: item for item in items}
    with transaction.atomic():
        current = {link.item_id: link for link in target.library_links.all()}
        removed = [pk for pk in current if pk not in wanted]
        target.library_links.filter(item_id__in=removed).delete()
        added = [
            LibraryLink(item=item, added_by=actor, **{field: target})
            for pk, item in wanted.items()
            if pk not in current
        ]
        LibraryLink.objects.bulk_create(added)
        if added or removed:
            audit_record(
                actor=actor,
                action="library_links.updated",
                target=target,
                changed_fields=["library_links"],
            )
    return list(target.library_links.select_related("item"))
