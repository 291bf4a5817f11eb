"""The care domain's models, one module per area."""

from __future__ import annotations

from .audit import AuditEvent
from .library import LibraryLink
from .people import CareTeamMember, Client, Invitation, Organization, Role, User
from .plans import Goal, Plan, PlanView, Practice, RestWeek, Step, Value
from .safety import CrisisLine, JournalEntry, SafetyPlan, SafetyPlanVersion, ThinkingTrap, Trigger, TriggerKind
from .tracking import CheckIn, MeasureAssignment, MeasureResponse, RiskFlag, RiskRules

__all__ = [
    "AuditEvent",
    "CareTeamMember",
    "CheckIn",
    "Client",
    "CrisisLine",
    "Goal",
    "Invitation",
    "JournalEntry",
    "LibraryLink",
    "MeasureAssignment",
    "MeasureResponse",
    "Organization",
    "Plan",
    "PlanView",
    "Practice",
    "RestWeek",
    "RiskFlag",
    "RiskRules",
    "Role",
    "SafetyPlan",
    "SafetyPlanVersion",
    "Step",
    "ThinkingTrap",
    "Trigger",
    "TriggerKind",
    "User",
    "Value",
]
