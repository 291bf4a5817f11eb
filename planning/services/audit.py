"""The audit writer: one entry per recorded change, names and ids only, never the words that changed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.db import models
from django.utils import timezone

from ..models import AuditEvent, Client, Organization, User
from ..models.audit import READ_SUFFIX, row_hash_of
from ..models.records import ClientRecord

# When the entries being written happened; set only by the demo seeder, which writes past weeks of history
# (the trail is append-only, so a seeded entry is written with its time rather than backdated afterwards).
_written_at: ContextVar[datetime | None] = ContextVar("audit_written_at", default=None)


@contextmanager
def history_written_at(when: datetime) -> Iterator[None]:
    """Write the audit entries made inside this block as having happened at `when` (demo history only)."""
    token = _written_at.set(when)
    try:
        yield
    finally:
        _written_at.reset(token)


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    changed_fields: Iterable[str] = (),
    organization: Organization | None = None,
    private: bool = False,
) -> AuditEvent:
    """Write one audit entry: names and ids only, never the text that changed.

    A record of a client's file names its client through the model's declared path, and the
    clinic through the client. `private` keeps the entry off the client's trail (a private journal
    entry leaves nothing the care team could see). Other targets name their clinic.
    """
    client = target if isinstance(target, Client) else target.client if isinstance(target, ClientRecord) else None
    organization_id = client.organization_id if client is not None else getattr(organization, "pk", None)
    if organization_id is None:
        raise ValueError(f"An audit entry for {action} needs a clinic.")
    return AuditEvent.objects.create(
        organization_id=organization_id,
        client=None if private else client,
        actor=actor,
        action=action,
        target_type=(target._meta.model_name or "") if target is not None else "",
        target_id=getattr(target, "public_id", None),
        changed_fields=sorted(changed_fields),
        created_at=_written_at.get() or timezone.now(),
    )


def audit_read(*, actor: User, kind: str, target: models.Model) -> AuditEvent:
    """Write that a care-team member opened one page of a client's record: one INSERT, no words of the record."""
    return audit_record(actor=actor, action=f"{kind}{READ_SUFFIX}", target=target)


def audit_chain_check(chunk: int = 2000) -> tuple[int, str]:
    """Walk the trail in id order; return how many rows were checked and the first problem ("" if none).

    An edited row no longer matches its own hash; a removed row leaves the next one pointing at a hash
    that is not the row before it. (Removing the newest rows leaves no later row to notice: compare the
    count with a copy kept elsewhere for that.)
    """
    previous, checked = "", 0
    for row in AuditEvent.objects.order_by("id").iterator(chunk_size=chunk):
        if row.prev_hash != previous:
            return checked, f"Audit row {row.pk} does not follow the row before it: a row was removed or reordered."
        if row_hash_of(row) != row.row_hash:
            return checked, f"Audit row {row.pk} was changed after it was written."
        previous = row.row_hash
        checked += 1
    return checked, ""
