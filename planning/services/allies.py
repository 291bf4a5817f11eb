"""Allies: inviting a trusted person, what they see, ending their access, steps they come along on, thank-yous.

Only the client invites, changes and ends an ally. The ally's own writes are "I'll be there" on a
step they were named on. Emails carry a link or the client's own thank-you line, nothing else.
"""

from __future__ import annotations

import logging
from datetime import date, time

from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from ..models import Ally, AllyThanks, Client, Invitation, Practice, Role, Step, User
from ..versioning import lock_current, save_if_current, stamp_and_save
from .audit import audit_record
from .notifications import notify_ally_coming
from .people import InvitationError, invitation_create

logger = logging.getLogger(__name__)


class AllyNotAvailable(ValueError):
    """The ally named on a step is not one of the client's own active allies (any more)."""


def ally_invite(*, actor: User, client: Client, name: str, email: str) -> Ally:
    """Add an ally to the client's list as invited and email them a one-time link (the email names no one)."""
    with transaction.atomic():
        ally = Ally.objects.create(client=client, name=name, email=email.lower(), updated_by=actor)
        invitation_create(actor=actor, email=email, role=Role.ALLY, client=client, ally=ally)
    return ally


def ally_accept(*, invitation: Invitation, user: User) -> Ally:
    """Link the ally's account (new or existing) to the client who invited them, once."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise InvitationError("This invitation link has already been used.", status=410)
        ally = Ally.objects.select_for_update().select_related("client").get(invitations=invitation)
        closed = not ally.client.is_active or ally.client.closure_requested_at is not None
        if ally.status != Ally.Status.INVITED or closed:
            raise InvitationError("This invitation link is no longer valid.", status=410)
        already = Ally.objects.current().filter(client=ally.client, user=user).exclude(pk=ally.pk)
        if already.exists():
            raise InvitationError("You already support this person on Stepwise. Sign in to see their page.")
        now = timezone.now()
        ally.user, ally.status, ally.accepted_at = user, Ally.Status.ACTIVE, now
        ally.save(update_fields=["user", "status", "accepted_at"])
        invitation.accepted_at = now
        invitation.save(update_fields=["accepted_at"])
        audit_record(actor=user, action="ally.accepted", target=ally, changed_fields=["status"])
    return ally


def ally_update(
    *,
    actor: User,
    ally: Ally,
    based_on: int,
    support_note: str,
    exit_signal: str,
    share_safety_contacts: bool,
    steps: list[Step],
) -> Ally:
    """Change what an ally sees, unless the client saved it elsewhere since `based_on`; `steps` are the ones ticked."""
    changes = {"support_note": support_note, "exit_signal": exit_signal, "share_safety_contacts": share_safety_contacts}
    with transaction.atomic():
        saved = save_if_current(actor=actor, record=ally, based_on=based_on, changes=changes, action="ally.updated")
        chosen = {step.pk for step in steps}
        open_steps = Step.objects.filter(goal__plan__client=ally.client, status__in=Step.OPEN_STATUSES)
        for step in open_steps.select_for_update():
            named = step.ally_id == ally.pk
            if named == (step.pk in chosen):
                continue
            step.ally = ally if step.pk in chosen else None
            step.ally_coming_at = None
            stamp_and_save(step, actor=actor, fields=["ally", "ally_coming_at"])
            audit_record(actor=actor, action="step.updated", target=step, changed_fields=["ally"])
    return saved


def ally_end(*, actor: User, ally: Ally) -> Ally:
    """End an ally's access now: their next request no longer shows the page; a pending invitation stops working."""
    with transaction.atomic():
        ally = Ally.objects.select_for_update().get(pk=ally.pk)
        if ally.status == Ally.Status.ENDED:
            return ally
        now = timezone.now()
        ally.status, ally.ended_at, ally.updated_by, ally.updated_at = Ally.Status.ENDED, now, actor, now
        ally.version += 1
        ally.save(update_fields=["status", "ended_at", "updated_by", "updated_at", "version"])
        Invitation.objects.pending().filter(ally=ally).update(revoked_at=now)
        for step in Step.objects.select_for_update().filter(ally=ally):
            step.ally, step.ally_coming_at = None, None
            stamp_and_save(step, actor=actor, fields=["ally", "ally_coming_at"])
        audit_record(actor=actor, action="ally.ended", target=ally, changed_fields=["status"])
    return ally


def step_ally_set(
    *,
    actor: User,
    step: Step,
    based_on: int,
    ally: Ally | None,
    together_on: date | None,
    together_time: time | None,
    ally_sees_exit_plan: bool,
) -> Step:
    """Name who comes along on a step, and when; a new person or a new time asks them again for "I'll be there".

    The ally's row is read again under a lock, so an ally whose access ended after the form was checked
    is refused here (AllyNotAvailable) rather than named on the step.
    """
    changes = {
        "ally": ally,
        "together_on": together_on,
        "together_time": together_time,
        "ally_sees_exit_plan": ally_sees_exit_plan,
    }
    with transaction.atomic():
        if ally is not None:
            ally = Ally.objects.select_for_update().select_related("client").get(pk=ally.pk)
            if ally.client_id != step.client.pk or not ally.is_active:
                raise AllyNotAvailable("Only one of the client's own active allies can come along.")
            changes["ally"] = ally
        current = lock_current(step, based_on=based_on)
        changed = [name for name, value in changes.items() if getattr(current, name) != value]
        if not changed:
            return current
        for name in changed:
            setattr(current, name, changes[name])
        if {"ally", "together_on", "together_time"} & set(changed):
            current.ally_coming_at = None
            changed.append("ally_coming_at")
        stamp_and_save(current, actor=actor, fields=changed)
        audit_record(actor=actor, action="step.updated", target=current, changed_fields=changed)
    return current


def step_ally_coming(*, actor: User, step: Step) -> Step:
    """Record the ally's "I'll be there" on a step they were named on and tell the client, once.

    The update only touches a step not yet answered, so saying it again (or two taps at once) changes
    nothing and tells the client nothing more.
    """
    with transaction.atomic():
        now = timezone.now()
        if Step.objects.filter(pk=step.pk, ally_coming_at__isnull=True).update(ally_coming_at=now):
            step.ally_coming_at = now
            audit_record(actor=actor, action="step.ally_coming", target=step, changed_fields=["ally_coming_at"])
            notify_ally_coming(step=step)
    return step


def ally_thanks_send(*, actor: User, practice: Practice, ally: Ally, text: str) -> AllyThanks:
    """Send the ally the client's own thank-you line after a practice: the email holds that line and nothing else."""
    with transaction.atomic():
        thanks = AllyThanks.objects.create(client=ally.client, ally=ally, practice=practice, text=text)
        audit_record(actor=actor, action="ally.thanked", target=ally)
        thanks_id = str(thanks.public_id)
        transaction.on_commit(lambda: _dispatch_thanks(thanks_id))
    return thanks


def _dispatch_thanks(thanks_id: str) -> None:
    from ..tasks import send_ally_thanks_email

    try:
        send_ally_thanks_email.delay(thanks_id)
    except KombuOperationalError:
        logger.warning("thank-you email sent in-process: broker unavailable")
        send_ally_thanks_email(thanks_id)
