"""The care domain's models, one module per area."""

from __future__ import annotations

from .audit import AuditEvent
from .people import CareTeamMember, Client, Invitation, Organization, Role, User
from .plans import Goal, Plan, PlanView, Practice, RestWeek, Step, Value

__all__ = [
    "AuditEvent",
    "CareTeamMember",
    "Client",
    "Goal",
    "Invitation",
    "Organization",
    "Plan",
    "PlanView",
    "Practice",
    "RestWeek",
    "Role",
    "Step",
    "User",
    "Value",
]
