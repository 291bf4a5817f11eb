"""Writes for coping skills done step by step: a run the client records, and sharing it with their care team.

A run kept to the client leaves no trace a clinician could see: its audit entries are not linked to
the client (`private=True`), as with a private journal entry. What the client typed in the steps
never reaches this module.
"""

from __future__ import annotations

from django.db import transaction

from content.models import Item

from ..models import Client, CopingRun, User
from .audit import audit_record


def coping_run_record(
    *,
    actor: User,
    client: Client,
    item: Item,
    distress_before: int | None,
    distress_after: int | None,
    shared_with_care_team: bool,
) -> CopingRun:
    """Record one guided run of a coping skill, with the distress before and after if the client gave them."""
    with transaction.atomic():
        run = CopingRun.objects.create(
            client=client,
            item=item,
            skill_title=item.title,
            distress_before=distress_before,
            distress_after=distress_after,
            shared_with_care_team=shared_with_care_team,
        )
        given = [name for name in ("distress_before", "distress_after") if getattr(run, name) is not None]
        private = not run.shared_with_care_team
        audit_record(actor=actor, action="coping_run.recorded", target=run, changed_fields=given, private=private)
    return run


def coping_run_share(*, actor: User, run: CopingRun, shared: bool) -> CopingRun:
    """Share a run with the client's care team, or keep it to the client again."""
    with transaction.atomic():
        locked = CopingRun.objects.select_for_update().get(pk=run.pk)
        if locked.shared_with_care_team != shared:
            locked.shared_with_care_team = shared
            locked.save(update_fields=["shared_with_care_team"])
            audit_record(
                actor=actor,
                action="coping_run.shared" if shared else "coping_run.kept_private",
                target=locked,
                changed_fields=["shared_with_care_team"],
                private=not shared,
            )
    return locked
