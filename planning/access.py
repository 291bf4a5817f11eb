"""Access helpers: the only way a view turns an id from a URL into a record.

Each helper returns the object only if the requesting user may see it. Anything the user
may not see is a 404, whether or not it exists, so ids reveal nothing across care teams or
clinics. A user with read-only access who asks for write access gets a 403.

Views never query a client-linked model directly (tests/planning/test_access_rules.py
checks it): they call one of these first, then work with what it returns.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from operator import attrgetter
from typing import Any, TypeVar
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from .models import (
    AuditEvent,
    CareTeamMember,
    Client,
    CrisisLine,
    Goal,
    Invitation,
    JournalEntry,
    Plan,
    Practice,
    Role,
    SafetyPlanVersion,
    Step,
    Trigger,
    User,
    Value,
)
from .models.people import ClientQuerySet, InvitationQuerySet

ViewFunc = Callable[..., HttpResponse]


class AuthedRequest(HttpRequest):
    """A request behind @login_required: its user is one of ours, never anonymous."""

    user: User


def _require_write(user: Any, client: Client, write: bool) -> None:
    if write and client.access_for(user) != CareTeamMember.Access.WRITE:
        raise PermissionDenied("Read-only access")


def client_for(user: Any, client_id: UUID, *, write: bool = False) -> Client:
    """Return the client whose record this user may see (their own, or their care team's)."""
    client = get_object_or_404(Client.objects.visible_to(user).active(), public_id=client_id)
    _require_write(user, client, write)
    return client


def caseload_for(user: Any) -> ClientQuerySet:
    """Return the active clients on this clinician's care teams."""
    return Client.objects.visible_to(user).active()


def own_client(user: Any) -> Client:
    """Return the signed-in client's own record."""
    if not user.is_authenticated or user.role != Role.CLIENT:
        raise Http404
    return get_object_or_404(Client.objects.visible_to(user).active())


def can_write(user: Any, client: Client) -> bool:
    """Say whether the user may change this client's record (for showing edit controls)."""
    return client.access_for(user) == CareTeamMember.Access.WRITE


# Organisation administration: people and care teams of the admin's own clinic only.


def _require_org_admin(user: Any) -> None:
    if not user.is_authenticated or user.role != Role.ORG_ADMIN:
        raise PermissionDenied("Organisation admins only")


def managed_clients(user: Any) -> ClientQuerySet:
    """Return the active clients of the admin's organisation, for care-team assignments only."""
    _require_org_admin(user)
    return Client.objects.in_organization(user.organization).active()


def pending_clinician_invitations(user: Any) -> InvitationQuerySet:
    """Return the admin's organisation's clinician invitations that are not yet accepted."""
    _require_org_admin(user)
    return Invitation.objects.pending().filter(organization=user.organization, role=Role.CLINICIAN)


def audit_events_for(user: Any) -> QuerySet[AuditEvent]:
    """Return the admin's organisation's audit trail."""
    _require_org_admin(user)
    return AuditEvent.objects.filter(organization=user.organization).select_related("actor")


def managed_client_for(user: Any, client_id: UUID) -> Client:
    """Return a client of the admin's own organisation, for care-team assignments only."""
    _require_org_admin(user)
    return get_object_or_404(Client.objects.in_organization(user.organization), public_id=client_id)


def care_team_member_for(user: Any, client: Client, member_id: UUID) -> CareTeamMember:
    """Return a care-team membership of a client the admin manages."""
    _require_org_admin(user)
    if client.organization_id != user.organization_id:
        raise Http404
    return get_object_or_404(client.care_team.select_related("clinician"), public_id=member_id)


# Role gates for pages that take no id. Stack them under @login_required.


def _role_required(role: str) -> Callable[[ViewFunc], ViewFunc]:
    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.user.role != role:  # type: ignore[union-attr]
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


clinician_required = _role_required(Role.CLINICIAN)
client_required = _role_required(Role.CLIENT)
org_admin_required = _role_required(Role.ORG_ADMIN)


# The re-entry plan: plans, values, goals, steps and practices, each reached through its client.


_M = TypeVar("_M", Plan, Value, Goal, Step, Practice)


def _through_client(user: Any, model: type[_M], path: str, public_id: UUID, write: bool) -> _M:
    """Return the row if its client (reached by the `path` of foreign keys) is visible to the user."""
    visible = Client.objects.visible_to(user).active()
    obj = get_object_or_404(
        model.objects.select_related(path).filter(**{f"{path}__in": visible}),  # type: ignore[attr-defined]
        public_id=public_id,
    )
    _require_write(user, attrgetter(path.replace("__", "."))(obj), write)
    return obj


def plan_for(user: Any, plan_id: UUID, *, write: bool = False) -> Plan:
    """Return a plan of a client this user may see."""
    return _through_client(user, Plan, "client", plan_id, write)


def value_for(user: Any, value_id: UUID, *, write: bool = False) -> Value:
    """Return a value of a plan this user may see."""
    return _through_client(user, Value, "plan__client", value_id, write)


def goal_for(user: Any, goal_id: UUID, *, write: bool = False) -> Goal:
    """Return a goal of a plan this user may see."""
    return _through_client(user, Goal, "plan__client", goal_id, write)


def step_for(user: Any, step_id: UUID, *, write: bool = False) -> Step:
    """Return a step of a goal this user may see."""
    return _through_client(user, Step, "goal__plan__client", step_id, write)


def practice_for(user: Any, practice_id: UUID, *, write: bool = False) -> Practice:
    """Return a practice of a step this user may see."""
    return _through_client(user, Practice, "step__goal__plan__client", practice_id, write)


# Safety plans, triggers and the journal, each reached through a client the user may see.


def safety_plan_version_for(user: Any, client: Client, version_id: UUID) -> SafetyPlanVersion:
    """Return a saved version of this client's safety plan (another client's version is a 404)."""
    plan = getattr(client, "safety_plan", None)  # None when the client has no plan yet
    if plan is None or client.access_for(user) is None:
        raise Http404
    return get_object_or_404(plan.versions.select_related("author"), public_id=version_id)


def trigger_for(user: Any, client: Client, trigger_id: UUID, *, write: bool = False) -> Trigger:
    """Return one of this client's triggers."""
    if client.access_for(user) is None:
        raise Http404
    trigger = get_object_or_404(client.triggers.all(), public_id=trigger_id)
    _require_write(user, client, write)
    return trigger


def journal_entry_for(user: Any, client: Client, entry_id: UUID, *, write: bool = False) -> JournalEntry:
    """Return a journal entry this user may read: a private one is a 404 for everyone but its author.

    Only the client writes their journal: their care team reading a shared entry gets a 403 on writing.
    """
    entry = get_object_or_404(client.journal_entries.visible_to(user), public_id=entry_id)
    if write and client.user_id != getattr(user, "pk", None):
        raise PermissionDenied("Only the client writes their journal")
    return entry


def journal_writer(user: Any, client: Client) -> None:
    """Refuse (403) anyone but the client themself adding to their journal."""
    if client.user_id != getattr(user, "pk", None):
        raise PermissionDenied("Only the client writes their journal")


def crisis_line_for(user: Any, line_id: UUID) -> CrisisLine:
    """Return one of the admin's own clinic's crisis lines (clinic settings, not clinical content)."""
    _require_org_admin(user)
    return get_object_or_404(CrisisLine.objects.filter(organization_id=user.organization_id), public_id=line_id)
