"""Access helpers for library items: the only way a view turns an item id into an item.

The library holds no client data, but clinics can add their own items, and some items are
for clinicians only. An item this person may not see is a 404, whether or not it exists.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Item


def require_reader(user: Any) -> None:
    """The library is for clients and clinic staff; an ally has one page only and is refused by role (403)."""
    if getattr(user, "is_ally", False):
        raise PermissionDenied("Allies have no library")


def item_for(user: Any, item_id: UUID) -> Item:
    """Return a library item this person may read."""
    require_reader(user)
    return get_object_or_404(Item.objects.visible_to(user), public_id=item_id)


def require_org_admin(user: Any) -> None:
    """Only an organisation admin manages their clinic's own items."""
    if not user.is_authenticated or not user.is_org_admin or user.organization_id is None:
        raise PermissionDenied("Organisation admins only")


def managed_item_for(user: Any, item_id: UUID) -> Item:
    """Return an item that belongs to the admin's own clinic; anything else is a 404."""
    require_org_admin(user)
    return get_object_or_404(Item.objects.filter(organization_id=user.organization_id), public_id=item_id)
