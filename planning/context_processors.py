"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def roles(request: HttpRequest) -> dict[str, Any]:
    """Tell templates which chrome to draw: client pages get "Leave quickly" and the safety link."""
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    return {
        "is_client_user": authenticated and user.is_client,  # type: ignore[union-attr]
        "is_clinician_user": authenticated and user.is_clinician,  # type: ignore[union-attr]
        "is_org_admin_user": authenticated and user.is_org_admin,  # type: ignore[union-attr]
    }
