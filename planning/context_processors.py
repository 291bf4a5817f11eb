"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def roles(request: HttpRequest) -> dict[str, Any]:
    """Tell templates which chrome to draw: client pages get "Leave quickly" and the safety link."""
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    return {
        "is_client_user": authenticated and user.is_client,  # type: ignore[union-attr]
        "is_clinician_user": authenticated and user.is_clinician,  # type: ignore[union-attr]
        "is_org_admin_user": authenticated and user.is_org_admin,  # type: ignore[union-attr]
        "is_ally_user": authenticated and user.is_ally,  # type: ignore[union-attr]
    }


def idle(request: HttpRequest) -> dict[str, Any]:
    """Give the idle dialog its timings: the session's idle lifetime and how long before its end to ask."""
    from django.conf import settings

    return {"idle_seconds": settings.SESSION_COOKIE_AGE, "idle_warning_seconds": settings.IDLE_WARNING_SECONDS}


def notifications(request: HttpRequest) -> dict[str, Any]:
    """Give the header its unread count: one COUNT query, run only when a page draws the count."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    stamp = getattr(request, "kept_stamp", None)
    if stamp is not None:  # a kept page's stamp read the same count (config/kept_pages.stamp_query)
        return {"unread_notification_count": stamp.unread}
    from .models import Notification

    return {
        "unread_notification_count": SimpleLazyObject(lambda: Notification.objects.for_recipient(user).unread().count())
    }
