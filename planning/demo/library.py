"""Demo library links: a few coping skills and conversation ideas attached where a client would look.

Runs after the plan and safety-plan demos. Does nothing if the client already has any library link.
"""

from __future__ import annotations

from content.loader import load_library
from content.models import Item

from ..models import Client, LibraryLink, SafetyPlan, Step, Trigger, User
from ..services.library import library_links_set

STEP_ITEMS = ["paced-breathing", "opening-with-a-question", "leaving-early"]
TRIGGER_ITEMS = ["grounding-5-4-3-2-1", "sensory-focus"]
SAFETY_ITEMS = ["self-compassion-break", "paced-breathing"]


def _items(slugs: list[str]) -> list[Item]:
    return list(Item.objects.filter(organization__isnull=True, slug__in=slugs))


def seed(client: Client, clinician: User) -> None:
    """Attach a few library items to the client's first step, first trigger and safety plan."""
    already = LibraryLink.objects.filter(step__goal__plan__client=client).exists() or (
        LibraryLink.objects.filter(trigger__client=client).exists()
        or LibraryLink.objects.filter(safety_plan__client=client).exists()
    )
    if already:
        return
    load_library()  # a database flushed after a migration may have lost the library; the loader is idempotent
    step = Step.objects.filter(goal__plan__client=client).order_by("goal__position", "position").first()
    if step is not None:
        library_links_set(actor=clinician, target=step, items=_items(STEP_ITEMS))
    trigger = Trigger.objects.filter(client=client).first()
    if trigger is not None:
        library_links_set(actor=clinician, target=trigger, items=_items(TRIGGER_ITEMS))
    plan = SafetyPlan.objects.filter(client=client).first()
    if plan is not None:
        library_links_set(actor=clinician, target=plan, items=_items(SAFETY_ITEMS))
