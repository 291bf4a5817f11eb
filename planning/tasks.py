"""Celery tasks: thin adapters that take ids, load the row and call a service or email."""

from __future__ import annotations

import logging

from celery import shared_task

from . import emails
from .models import Invitation, User

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_email(invitation_id: str) -> None:
    """Send the invitation link; a revoked or used invitation sends nothing."""
    invitation = Invitation.objects.pending().select_related("organization").filter(public_id=invitation_id).first()
    if invitation is None:
        logger.info("invitation %s no longer pending; nothing sent", invitation_id)
        return
    emails.send_invitation(invitation)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_ally_thanks_email(thanks_id: str) -> None:
    """Send a client's thank-you line to their ally, once; an ally whose access ended gets nothing."""
    from .models import AllyThanks

    rows = AllyThanks.objects.select_related("ally__user").filter(public_id=thanks_id, sent_at__isnull=True)
    thanks = rows.filter(ally__status="active").first()
    if thanks is None:
        logger.info("thank-you %s already sent or no longer wanted; nothing sent", thanks_id)
        return
    emails.send_ally_thanks(thanks)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_password_reset_emails(user_ids: list[int]) -> int:
    """Send a reset link to each account asked for (often none: the request queues this either way)."""
    users = User.objects.filter(pk__in=user_ids, is_active=True)
    sent = 0
    for user in users:
        if user.has_usable_password():
            emails.send_password_reset(user)
            sent += 1
    return sent


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_risk_flag_email(flag_id: str) -> None:
    """Tell each clinician on the care team that a client needs a look, once per flag."""
    from .services.tracking import risk_flag_email_once

    risk_flag_email_once(flag_id=flag_id)


@shared_task
def send_pending_risk_emails() -> int:
    """Send the care-team emails that could not be queued while the broker was down (beat, every minute)."""
    from .services.tracking import risk_flags_waiting_for_email

    waiting = [str(public_id) for public_id in risk_flags_waiting_for_email()]
    for flag_id in waiting:
        send_risk_flag_email.delay(flag_id)
    return len(waiting)


@shared_task
def dispatch_reminders() -> int:
    """Settle every due reminder occurrence once and relay waiting outbox messages (beat, every minute)."""
    from .services.reminders import reminders_dispatch

    return reminders_dispatch()


@shared_task
def send_outbox_messages(message_ids: list[str]) -> int:
    """Send a chunk of outbox messages, each once however often it is relayed."""
    from .services.reminders import outbox_send

    return outbox_send(message_ids=message_ids)


@shared_task
def send_weekly_digests() -> int:
    """Email each clinician whose digest day it is (beat, hourly: a missed hour sends at the next, once a day)."""
    from .services.notifications import digest_send_due

    return digest_send_due()


@shared_task
def purge_expired_removals() -> int:
    """Empty the snapshots of removals past their undo window; return how many."""
    from .services.removals import removals_purge_expired

    return removals_purge_expired()


# A copy of the record can take a while (each safety-plan version is a PDF): more time than the default 60 s.
@shared_task(time_limit=600, soft_time_limit=540)
def build_record_export(export_id: str) -> bool:
    """Build the client's copy of their record from its public id (never the link's token)."""
    from .services.exports import record_export_build

    return record_export_build(export_id=export_id)


@shared_task
def tend_record_exports() -> int:
    """Delete expired copies and queue those asked for while the broker was down (beat, every 5 minutes)."""
    from .services.exports import record_exports_tend

    purged, queued = record_exports_tend()
    return purged + queued
