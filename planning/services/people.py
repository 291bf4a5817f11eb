"""Writes that touch several rows, record an audit event, send mail or enqueue work.

Each service is keyword-only, runs in one transaction and writes its own audit entry.
Work for Celery is dispatched on commit, with ids only.
"""

from __future__ import annotations

import logging

from django.core import signing
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from ..models import Ally, CareTeamMember, Client, Invitation, Organization, Role, User
from .audit import audit_record

logger = logging.getLogger(__name__)


class InvitationError(Exception):
    """An invitation link that cannot be used, with a message fit to show the person."""

    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


# Sessions


def user_sign_out_everywhere(*, user: User) -> None:
    """End every session of this person on every device: each carries a hash the new generation no longer matches."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
        user.refresh_from_db(fields=["session_generation"])
        if user.organization_id is not None:
            audit_record(actor=user, action="account.signed_out_everywhere", organization=user.organization)


# Closing an account


def client_account_close(*, user: User) -> Client:
    """Close a client's own account at their request: sign-in stops now, the care team is told, the record stays.

    The user row goes inactive (Django's backend then refuses both sign-in and every existing
    session) and the session generation goes up as well, so no session of theirs survives even a
    backend that ignores `is_active`. What happens to the record later is the clinic's retention
    (`manage.py erase_past_retention`).
    """
    from .notifications import notify_account_closure_asked

    with transaction.atomic():
        client = Client.objects.select_for_update().get(user=user)
        User.objects.filter(pk=user.pk).update(is_active=False, session_generation=F("session_generation") + 1)
        user.refresh_from_db(fields=["is_active", "session_generation"])
        if client.closure_requested_at is None:
            client.closure_requested_at = timezone.now()
            client.save(update_fields=["closure_requested_at"])
        audit_record(
            actor=user, action="account.closure_requested", target=client, changed_fields=["closure_requested_at"]
        )
        notify_account_closure_asked(client=client)
    return client


# A clinician who leaves


def clinician_deactivate(*, actor: User, clinician: User) -> int:
    """Stop a departing clinician's sign-in and take them off every care team; keep all they wrote.

    Nothing they authored is touched: the user row stays (inactive), so session notes, comments and
    steps still name them. Returns how many care teams they left, each written to that client's trail.
    """
    organization = _organization_of(actor)
    if not clinician.is_clinician or clinician.organization_id != organization.pk:
        raise PermissionError("Only a clinician of your own clinic can be deactivated.")
    with transaction.atomic():
        User.objects.filter(pk=clinician.pk).update(is_active=False, session_generation=F("session_generation") + 1)
        clinician.refresh_from_db(fields=["is_active", "session_generation"])
        on_teams = CareTeamMember.objects.filter(client__organization=organization, clinician=clinician)
        memberships = list(on_teams.select_related("client"))
        for member in memberships:
            care_team_remove(actor=actor, member=member)
        audit_record(
            actor=actor,
            action="clinician.deactivated",
            target=clinician,
            organization=organization,
            changed_fields=["is_active"],
        )
    return len(memberships)


# Password reset


def password_reset_request(*, user_ids: list[int]) -> None:
    """Queue the reset email for the accounts an address matched, the same way when it matched none.

    The request does the same work either way (one lookup, one task), so its answer and timing
    say nothing about whether the address has an account; the link is made in the worker.
    """
    from ..tasks import send_password_reset_emails

    def dispatch() -> None:
        try:
            send_password_reset_emails.delay(user_ids)
        except KombuOperationalError:
            # Broker down: send from the request rather than answer with an error; only during an
            # outage can the timing then differ between an address with an account and one without.
            logger.warning("password reset queued in-process: broker unavailable")
            send_password_reset_emails(user_ids)

    transaction.on_commit(dispatch)


# Invitations


def _organization_of(actor: User) -> Organization:
    """Return the actor's clinic; every writer of clinical data belongs to one."""
    if actor.organization is None:
        raise PermissionError("Only members of an organisation can do this.")
    return actor.organization


def invitation_from_token(token: str) -> Invitation:
    """Return the pending invitation a link names, or say kindly why it cannot be used."""
    try:
        public_id = Invitation.public_id_from(token)
    except signing.SignatureExpired:
        raise InvitationError("This invitation link has expired.", status=410) from None
    except (signing.BadSignature, ValueError):
        raise InvitationError("This invitation link is not valid.", status=404) from None
    invitation = Invitation.objects.select_related("organization", "client").filter(public_id=public_id).first()
    if invitation is None or invitation.revoked_at is not None:
        raise InvitationError("This invitation link is no longer valid.", status=410)
    if invitation.accepted_at is not None:
        raise InvitationError("This invitation link has already been used.", status=410)
    if invitation.is_expired():
        raise InvitationError("This invitation link has expired.", status=410)
    return invitation


def invitation_create(
    *,
    actor: User,
    email: str,
    role: str,
    client: Client | None = None,
    full_name: str = "",
    ally: Ally | None = None,
) -> Invitation:
    """Create an invitation, revoke older pending ones to the same person, and send the email.

    An ally invitation retires only older ones for the same ally: two clients may invite the same friend.
    """
    now = timezone.now()
    with transaction.atomic():
        organization = _organization_of(actor)
        stale = Invitation.objects.pending().filter(organization=organization, email__iexact=email)
        stale = stale.filter(ally=ally) if ally is not None else stale.filter(ally__isnull=True)
        stale.update(revoked_at=now)
        invitation = Invitation.objects.create(
            organization=organization,
            email=email.lower(),
            full_name=full_name,
            role=role,
            client=client,
            ally=ally,
            invited_by=actor,
        )
        audit_record(
            actor=actor,
            action=f"{role}.invited",
            target=invitation,
            organization=organization,
        )
        invitation_id = str(invitation.public_id)
        transaction.on_commit(lambda: _dispatch_invitation_email(invitation_id))
    return invitation


def _dispatch_invitation_email(invitation_id: str) -> None:
    """Queue the invitation email; with the broker down, send it from the request rather than fail the page."""
    from ..tasks import send_invitation_email

    try:
        send_invitation_email.delay(invitation_id)
    except KombuOperationalError:
        logger.warning("invitation email sent in-process: broker unavailable")
        send_invitation_email(invitation_id)


def invitation_accept(*, invitation: Invitation, password: str) -> User:
    """Create the invited person's account with the password they chose, once.

    An ally's account belongs to no clinic: it reaches only the pages the clients they support pick.
    """
    from .allies import ally_accept

    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise InvitationError("This invitation link has already been used.", status=410)
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise InvitationError("An account with this email already exists. Please sign in instead.")
        user = User.objects.create_user(
            invitation.email,
            password,
            full_name=invitation.full_name,
            organization=None if invitation.role == Role.ALLY else invitation.organization,
            role=invitation.role,
        )
        if invitation.role == Role.ALLY:
            ally_accept(invitation=invitation, user=user)
            return user
        if invitation.client is not None:
            Client.objects.filter(pk=invitation.client.pk).update(user=user)
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        audit_record(
            actor=user,
            action="invitation.accepted",
            target=invitation,
            organization=invitation.organization,
        )
    return user


# Clients and care teams


def client_create(
    *,
    actor: User,
    preferred_name: str,
    email: str,
    pronouns: str = "",
    accessibility_needs: str = "",
) -> Client:
    """Add a client to the clinic, put the clinician on the care team, and invite the client."""
    with transaction.atomic():
        client = Client.objects.create(
            organization=_organization_of(actor),
            preferred_name=preferred_name,
            pronouns=pronouns,
            accessibility_needs=accessibility_needs,
            email=email.lower(),
            created_by=actor,
        )
        CareTeamMember.objects.create(
            client=client, clinician=actor, access=CareTeamMember.Access.WRITE, added_by=actor
        )
        audit_record(
            actor=actor,
            action="client.created",
            target=client,
        )
        invitation_create(actor=actor, email=email, role=Role.CLIENT, client=client, full_name=preferred_name)
    return client


def client_update(
    *, actor: User, client: Client, preferred_name: str, pronouns: str, accessibility_needs: str
) -> Client:
    """Change a client's profile and record which fields changed."""
    data = {
        "preferred_name": preferred_name,
        "pronouns": pronouns,
        "accessibility_needs": accessibility_needs,
    }
    changed = [name for name, value in data.items() if getattr(client, name) != value]
    if not changed:
        return client
    with transaction.atomic():
        for name in changed:
            setattr(client, name, data[name])
        client.save(update_fields=changed)
        audit_record(
            actor=actor,
            action="client.updated",
            target=client,
            changed_fields=changed,
        )
    return client


def care_team_add(*, actor: User, client: Client, clinician: User, access: str) -> CareTeamMember:
    """Put a clinician on a client's care team, or change their access if already there."""
    with transaction.atomic():
        member, _created = CareTeamMember.objects.update_or_create(
            client=client, clinician=clinician, defaults={"access": access, "added_by": actor}
        )
        audit_record(
            actor=actor,
            action="care_team.assigned",
            target=member,
            changed_fields=["access"],
        )
    return member


def care_team_remove(*, actor: User, member: CareTeamMember) -> None:
    """Take a clinician off a client's care team."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="care_team.removed",
            target=member,
        )
        member.delete()
