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
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from .models import CareTeamMember, Client, Invitation, Role, User

ViewFunc = Callable[..., HttpResponse]


def _require_write(user: Any, client: Client, write: bool) -> None:
    if write and client.access_for(user) != CareTeamMember.Access.WRITE:
        raise PermissionDenied("Read-only access")


def client_for(user: Any, client_id: UUID, *, write: bool = False) -> Client:
    """Return the client whose record this user may see (their own, or their care team's)."""
    client = get_object_or_404(Client.objects.visible_to(user).active(), public_id=client_id)
    _require_write(user, client, write)
    return client


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


def managed_client_for(user: Any, client_id: UUID) -> Client:
    """Return a client of the admin's own organisation, for care-team assignments only."""
    _require_org_admin(user)
    return get_object_or_404(Client.objects.in_organization(user.organization), public_id=client_id)


def managed_clinician_for(user: Any, clinician_id: UUID) -> User:
    """Return a clinician of the admin's own organisation."""
    _require_org_admin(user)
    return get_object_or_404(
        User.objects.filter(organization=user.organization, role=Role.CLINICIAN),
        public_id=clinician_id,
    )


def care_team_member_for(user: Any, client: Client, member_id: UUID) -> CareTeamMember:
    """Return a care-team membership of a client the admin manages."""
    _require_org_admin(user)
    if client.organization_id != user.organization_id:
        raise Http404
    return get_object_or_404(client.care_team.select_related("clinician"), public_id=member_id)


def invitation_for(user: Any, invitation_id: UUID) -> Invitation:
    """Return a pending invitation the user may resend or revoke.

    Organisation admins manage clinician invitations; a client's invitation belongs to
    clinicians with write access on that client's care team.
    """
    invitation = get_object_or_404(
        Invitation.objects.pending().select_related("client"),
        public_id=invitation_id,
        organization_id=getattr(user, "organization_id", None),
    )
    if invitation.role == Role.CLIENT and invitation.client is not None:
        client_for(user, invitation.client.public_id, write=True)
    else:
        _require_org_admin(user)
    return invitation


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
