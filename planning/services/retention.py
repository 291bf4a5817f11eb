"""Keeping and erasing closed accounts' records by the clinic's retention setting.

Erasing deletes every row that hangs off the client (plans and all under them, the safety plan and
its versions and PDFs, triggers, journal, check-ins, questionnaires, session notes, coping runs,
comments, reminders, care-team rows, notifications, invitations) and keeps the `Client` row,
anonymised, because the audit trail points at it (docs/architecture.md, "Closing an account").
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import cast

from django.db import models, transaction
from django.db.models import ForeignObjectRel, ProtectedError
from django.utils import timezone

from ..models import AuditEvent, Client, Organization, User
from .audit import audit_record

ERASED_NAME = "Former client"


def years_before(moment: datetime, years: int) -> datetime:
    """The same moment `years` earlier; 29 February falls back to the 28th."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def clinic_retention_save(*, actor: User, years: int | None) -> Organization:
    """Set how many years the clinic keeps a closed account's records (None: until the admin chooses)."""
    organization = actor.organization
    if organization is None:
        raise PermissionError("Only members of a clinic keep its settings.")
    if years is not None and years < 1:
        raise ValueError("Records are kept for at least a year.")
    with transaction.atomic():
        changed = organization.closed_records_kept_years != years
        organization.closed_records_kept_years = years
        organization.save(update_fields=["closed_records_kept_years"])
        if changed:
            audit_record(
                actor=actor,
                action="clinic.retention_updated",
                organization=organization,
                changed_fields=["closed_records_kept_years"],
            )
    return organization


def clients_past_retention(*, now: datetime | None = None) -> list[Client]:
    """Closed, not yet erased clients whose clinic's retention has run out, oldest closure first."""
    now = now or timezone.now()
    due: list[Client] = []
    for organization in Organization.objects.filter(closed_records_kept_years__isnull=False):
        cutoff = years_before(now, organization.closed_records_kept_years or 0)
        due.extend(
            Client.objects.filter(
                organization=organization, erased_at__isnull=True, closure_requested_at__lte=cutoff
            ).select_related("organization", "user")
        )
    return sorted(due, key=lambda client: client.closure_requested_at or now)


def _clinical_children() -> list[tuple[type[models.Model], str]]:
    """Every model with a foreign key to Client, and that key's name; the audit trail is not among them."""
    children = []
    for relation in Client._meta.get_fields(include_hidden=True):  # hidden too: some keys say related_name="+"
        if isinstance(relation, ForeignObjectRel) and relation.related_model is not AuditEvent:
            children.append((cast("type[models.Model]", relation.related_model), relation.field.name))
    return children


def client_records_erase(*, client: Client) -> dict[str, int]:
    """Erase a closed client's clinical record, anonymise what is kept, and audit the kinds and counts erased.

    Returns how many rows of each kind went (model names, such as {"practice": 12}), nothing else.
    """
    if client.closure_requested_at is None:
        raise ValueError("Only a closed account's records are erased.")
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client.pk)
        if client.erased_at is not None:
            return {}
        erased = _delete_children(client)
        client.preferred_name, client.pronouns, client.accessibility_needs = ERASED_NAME, "", ""
        client.email = f"erased-{client.public_id}@erased.invalid"
        client.is_active = False
        client.erased_at = timezone.now()
        client.save(
            update_fields=["preferred_name", "pronouns", "accessibility_needs", "email", "is_active", "erased_at"]
        )
        if client.user is not None:
            _anonymise_user(client.user)
        # Kinds and counts only, in the entry's list of names: no words of the record survive in the trail.
        audit_record(
            actor=None,
            action="client.records_erased",
            target=client,
            changed_fields=[f"{kind} ({n})" for kind, n in sorted(erased.items())],
        )
    return dict(erased)


def _delete_children(client: Client) -> Counter[str]:
    """Delete every row hanging off the client, counted by kind.

    Some keys between the children PROTECT (a questionnaire's responses keep their assignment), so a
    kind that is still protected waits for the next pass; the Collector refuses before deleting anything.
    """
    erased: Counter[str] = Counter()
    waiting = _clinical_children()
    while waiting:
        still_protected = []
        for model, key in waiting:
            try:
                _, per_model = model._default_manager.filter(**{key: client}).delete()  # type: ignore[attr-defined]
            except ProtectedError:
                still_protected.append((model, key))
                continue
            erased.update({label.rpartition(".")[2].lower(): n for label, n in per_model.items() if n})
        if len(still_protected) == len(waiting):
            raise ProtectedError("A client's records protect each other in a circle.", set())
        waiting = still_protected
    return erased


def _anonymise_user(user: User) -> None:
    user.full_name = ""
    user.email = f"erased-{user.public_id}@erased.invalid"
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["full_name", "email", "is_active", "password"])
