"""Celery tasks: thin adapters that take ids, load the row and call a service or email."""

from __future__ import annotations

import logging

from celery import shared_task

from . import emails
from .models import Invitation

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_email(invitation_id: str) -> None:
    """Send the invitation link; a revoked or used invitation sends nothing."""
    invitation = Invitation.objects.pending().select_related("organization").filter(public_id=invitation_id).first()
    if invitation is None:
        logger.info("invitation %s no longer pending; nothing sent", invitation_id)
        return
    emails.send_invitation(invitation)
