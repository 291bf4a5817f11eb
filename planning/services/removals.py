"""Removing from a client's record with an undo: a snapshot kept for settings.UNDO_MINUTES, then emptied.

`record_remove` collects the record and every row its deletion would take with it (a step's
practices and their comments, the journal links of a trigger, ...) the way Django's delete does,
keeps them as serialized rows, notes the rows whose link would be cleared (a risk flag keeps
existing when its practice goes), and deletes. `removal_undo` saves the same rows back, with their
ids, and relinks what was cleared. A safety-plan line is not a row: its removal writes a new version
without it, and undoing writes a new version with it back in place.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core import serializers
from django.db import models, router, transaction
from django.db.models import Max
from django.db.models.deletion import Collector
from django.utils import timezone

from ..models import Client, JournalEntry, Practice, Removal, Step, Trigger, User
from .audit import audit_record
from .safety_plan import safety_plan_insert_line, safety_plan_remove_line

Kind = Removal.Kind
ROW_KINDS: dict[str, type[JournalEntry | Trigger | Step | Practice]] = {
    Kind.JOURNAL_ENTRY: JournalEntry,
    Kind.TRIGGER: Trigger,
    Kind.STEP: Step,
    Kind.PRACTICE: Practice,
}


class CannotUndo(Exception):
    """The removal can no longer be undone: it was undone already, its window passed, or its parent has gone."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "undone", "expired" or "parent_gone"


class _EveryRow(Collector):
    """Collect each row a delete would take as an instance (no fast bulk deletes), so it can be kept."""

    def can_fast_delete(self, *args: Any, **kwargs: Any) -> bool:
        return False


def _snapshot(record: models.Model) -> dict[str, Any]:
    collector = _EveryRow(using=router.db_for_write(type(record)))
    collector.collect([record])
    rows = [row for instances in collector.data.values() for row in instances]
    cleared: dict[Any, list[Any]] = collector.field_updates  # {(field, None): [rows whose link the delete clears]}
    relinks = [
        [row._meta.label, row.pk, field.attname, getattr(row, field.attname)]
        for (field, _value), querysets in cleared.items()
        for queryset in querysets
        for row in queryset
    ]
    return {"rows": serializers.serialize("json", rows), "relinks": relinks}


def record_remove(
    *, actor: User, record: JournalEntry | Trigger | Step | Practice, kind: str, back_name: str, back_id: Any
) -> Removal:
    """Remove a row of a client's record and what goes with it, keeping a snapshot to undo it for a while."""
    private = isinstance(record, JournalEntry) and not record.shared_with_care_team
    with transaction.atomic():
        removal = Removal.objects.create(
            client=record.client,
            kind=kind,
            record_id=record.public_id,
            snapshot=_snapshot(record),
            back_name=back_name,
            back_id=back_id,
            private=private,
            removed_by=actor,
        )
        audit_record(actor=actor, action=f"{kind}.deleted", target=record, private=private)
        record.delete()
    return removal


def safety_plan_line_remove(*, actor: User, client: Client, section: str, index: int, based_on: int) -> Removal:
    """Take one line off the safety plan (a new version), keeping it to put back for a while."""
    with transaction.atomic():
        item = safety_plan_remove_line(actor=actor, client=client, section=section, index=index, based_on=based_on)
        return Removal.objects.create(
            client=client,
            kind=Kind.SAFETY_PLAN_LINE,
            snapshot={"section": section, "index": index, "item": item},
            back_name="planning:safety_plan",
            back_id=client.public_id,
            removed_by=actor,
        )


def _exists(model: type[models.Model], pk: Any, restoring: set[tuple[str, Any]]) -> bool:
    return (model._meta.label, pk) in restoring or model._base_manager.filter(pk=pk).exists()


def _fits(row: models.Model, restoring: set[tuple[str, Any]]) -> bool:
    """Make a row fit what the record looks like now; say False when it cannot go back (its parent has gone)."""
    for field in row._meta.concrete_fields:
        if not field.is_relation or getattr(row, field.attname) is None:
            continue
        if not _exists(field.related_model, getattr(row, field.attname), restoring):  # type: ignore[arg-type]
            if not field.null:
                return False
            setattr(row, field.attname, None)  # a link to something since removed (who wrote it, say)
    if isinstance(row, Step) and Step.objects.filter(goal_id=row.goal_id, position=row.position).exists():
        row.position = (Step.objects.filter(goal_id=row.goal_id).aggregate(top=Max("position"))["top"] or 0) + 1
    return True


def _restore_rows(snapshot: dict[str, Any]) -> None:
    objects = list(serializers.deserialize("json", snapshot["rows"]))
    restoring = {(obj.object._meta.label, obj.object.pk) for obj in objects}
    for obj in objects:
        obj.m2m_data = {}  # join rows come back as rows of their own, only where both ends still exist
        if _fits(obj.object, restoring):
            obj.save()
        else:
            restoring.discard((obj.object._meta.label, obj.object.pk))
    for label, pk, attname, value in snapshot["relinks"]:
        model = apps.get_model(label)
        if _exists(model, pk, set()) and _exists(model._meta.get_field(attname).related_model, value, set()):
            model._base_manager.filter(pk=pk, **{attname: None}).update(**{attname: value})


def removal_undo(*, actor: User, removal: Removal) -> Removal:
    """Put back what was removed, as it was, while the window lasts; raise CannotUndo after it."""
    with transaction.atomic():
        current = Removal.objects.select_for_update().get(pk=removal.pk)
        if current.undone_at is not None:
            raise CannotUndo("undone")
        if not current.can_undo():
            raise CannotUndo("expired")
        if current.kind == Kind.SAFETY_PLAN_LINE:
            line = current.snapshot
            safety_plan_insert_line(
                actor=actor, client=current.client, section=line["section"], index=line["index"], item=line["item"]
            )
        else:
            _restore_rows(current.snapshot)
            record = ROW_KINDS[current.kind].objects.filter(public_id=str(current.record_id)).first()
            if record is None:  # what it belonged to has gone since
                raise CannotUndo("parent_gone")
            audit_record(actor=actor, action=f"{current.kind}.restored", target=record, private=current.private)
        Removal.objects.filter(pk=current.pk).update(undone_at=timezone.now(), snapshot={})
        current.refresh_from_db()
    return current


def removals_purge_expired() -> int:
    """Empty the snapshots of removals past their window: removed for good means gone for good."""
    cutoff = timezone.now() - Removal.window()
    waiting = Removal.objects.filter(purged_at__isnull=True, undone_at__isnull=True, removed_at__lte=cutoff)
    return waiting.update(snapshot={}, purged_at=timezone.now())
