"""The care domain's models, one module per area."""

from __future__ import annotations

from .allies import Ally, AllyThanks
from .audit import AuditEvent
from .caseload import CaseloadRules, Need, NeedSeen
from .comments import Comment
from .coping import CopingRun
from .exports import RecordExport
from .library import LibraryLink
from .notifications import DigestSetting, Notification
from .people import CareTeamMember, Client, Invitation, Organization, Role, User
from .plans import Goal, Plan, PlanView, Practice, RestWeek, Step, Value
from .reminders import OutboxMessage, Reminder, ReminderDelivery
from .removals import Removal
from .safety import CrisisLine, JournalEntry, SafetyPlan, SafetyPlanVersion, ThinkingTrap, Trigger, TriggerKind
from .safety_pdf import SafetyPlanPdf, WalletCardPdf
from .sessions import AgendaItem, SessionNote
from .setbacks import SetbackReview
from .tracking import CheckIn, MeasureAssignment, MeasureResponse, RiskFlag, RiskRules

__all__ = [
    "AgendaItem",
    "Ally",
    "AllyThanks",
    "AuditEvent",
    "CareTeamMember",
    "CaseloadRules",
    "CheckIn",
    "Client",
    "Comment",
    "CopingRun",
    "CrisisLine",
    "DigestSetting",
    "Goal",
    "Invitation",
    "JournalEntry",
    "LibraryLink",
    "MeasureAssignment",
    "MeasureResponse",
    "Need",
    "NeedSeen",
    "Notification",
    "Organization",
    "OutboxMessage",
    "Plan",
    "PlanView",
    "Practice",
    "RecordExport",
    "Reminder",
    "ReminderDelivery",
    "Removal",
    "RestWeek",
    "RiskFlag",
    "RiskRules",
    "Role",
    "SafetyPlan",
    "SafetyPlanPdf",
    "SafetyPlanVersion",
    "SessionNote",
    "SetbackReview",
    "Step",
    "ThinkingTrap",
    "Trigger",
    "TriggerKind",
    "User",
    "Value",
    "WalletCardPdf",
]
