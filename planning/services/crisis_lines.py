"""A clinic's crisis lines: the defaults every clinic starts with, and the admin's own copy to keep checked."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from ..models import CrisisLine, Organization, User
from .audit import audit_record

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


def crisis_line_save(
    *,
    actor: User,
    line: CrisisLine | None,
    country: str,
    name: str,
    channel: str,
    number: str,
    instructions: str,
    is_emergency: bool,
    position: int,
    last_checked: date,
) -> CrisisLine:
    """Add a crisis line (`line` None) or change one; the clinic first gets its own copy of the defaults."""
    organization = actor.organization
    if organization is None:
        raise PermissionError("Only members of a clinic keep its crisis lines.")
    fields = {
        "country": country,
        "name": name,
        "channel": channel,
        "number": number,
        "instructions": instructions,
        "is_emergency": is_emergency,
        "position": position,
        "last_checked": last_checked,
    }
    with transaction.atomic():
        if line is None:
            crisis_lines_seed(organization=organization)
            line = CrisisLine.objects.create(organization=organization, **fields)
            audit_record(actor=actor, action="crisis_line.added", target=line, organization=organization)
            return line
        changed = [key for key, value in fields.items() if getattr(line, key) != value]
        for key in changed:
            setattr(line, key, fields[key])
        line.save(update_fields=changed)
        audit_record(
            actor=actor, action="crisis_line.updated", target=line, organization=organization, changed_fields=changed
        )
    return line


def crisis_line_delete(*, actor: User, line: CrisisLine) -> None:
    """Take a crisis line off the clinic's plans."""
    with transaction.atomic():
        audit_record(actor=actor, action="crisis_line.removed", organization=line.organization, target=line)
        line.delete()


def clinic_details_save(*, actor: User, country: str, phone: str) -> Organization:
    """Set the clinic's country (its crisis lines on wallet cards, the paper size) and its number for cards."""
    organization = actor.organization
    if organization is None:
        raise PermissionError("Only members of a clinic keep its details.")
    with transaction.atomic():
        changed = [
            name for name, value in (("country", country), ("phone", phone)) if getattr(organization, name) != value
        ]
        organization.country, organization.phone = country, phone
        organization.save(update_fields=changed)
        audit_record(actor=actor, action="clinic.updated", organization=organization, changed_fields=changed)
    return organization
