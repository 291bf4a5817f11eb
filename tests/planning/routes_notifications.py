"""Permission-matrix rows for in-app notifications and the clinician's weekly digest setting."""

from __future__ import annotations

from typing import Any

from planning.models import Notification
from tests.matrix import FORBIDDEN, OK, PERSONAS, REDIRECT, Route, only


def _unread_for_everyone(w: Any) -> dict[str, Any]:
    """Give every signed-in persona one unread notification, so marking all read writes for each."""
    for persona in IN_CARE:
        user = w.user(persona)
        if user is not None:
            Notification.objects.create(
                recipient=user, client=w.client, kind="questionnaire_ready", target_name="planning:client_home"
            )
    return {}


def _clients_notification(w: Any) -> dict[str, Any]:
    notification = Notification.objects.create(
        recipient=w.client.user, client=w.client, kind="questionnaire_ready", target_name="planning:client_home"
    )
    return {"notification_id": notification.public_id}


# Everyone signed in but allies, who have one page and no updates (refused by role).
IN_CARE = [persona for persona in PERSONAS if persona not in ("anonymous", "ally", "other_ally")]
SIGNED_IN = only(dict.fromkeys(IN_CARE, OK), others=FORBIDDEN)
CLINICIANS = ("clinician", "readonly_clinician", "bystander_clinician", "outside_clinician")

ROUTES = [
    Route("planning:notifications", SIGNED_IN),
    Route(
        "planning:notifications_read_all",
        only(dict.fromkeys(IN_CARE, REDIRECT), others=FORBIDDEN),
        method="post",
        data=_unread_for_everyone,
        writes=True,
    ),
    # Opening marks read and follows the link; anyone but the recipient gets a 404.
    Route("planning:notification_open", only({"client": REDIRECT}), kwargs=_clients_notification),
    Route("planning:digest_settings", only(dict.fromkeys(CLINICIANS, OK), others=FORBIDDEN)),
    Route(
        "planning:digest_settings",
        only(dict.fromkeys(CLINICIANS, REDIRECT), others=FORBIDDEN),
        method="post",
        data=lambda w: {"enabled": "on", "weekday": 2},
        writes=True,
    ),
]
