"""The care domain's models, one module per area."""

from __future__ import annotations

from .audit import AuditEvent
from .people import CareTeamMember, Client, Invitation, Organization, Role, User

__all__ = [
    "AuditEvent",
    "CareTeamMember",
    "Client",
    "Invitation",
    "Organization",
    "Role",
    "User",
]
