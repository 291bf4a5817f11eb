"""Writes to the library: a clinic's own items. The shared library is edited in the Django admin."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .models import Item


def _unique_slug(title: str, organization_id: int) -> str:
    base = slugify(title)[:70] or "item"
    taken = set(
        Item.objects.filter(organization_id=organization_id, slug__startswith=base).values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def item_create(*, organization: Any, data: dict[str, Any]) -> Item:
    """Add an item that only this clinic sees."""
    with transaction.atomic():
        item = Item(organization=organization, **data)
        item.slug = _unique_slug(item.title, organization.pk)
        item.save()
    return item


def item_update(*, item: Item, data: dict[str, Any]) -> Item:
    """Change a clinic's own item."""
    with transaction.atomic():
        for name, value in data.items():
            setattr(item, name, value)
        item.updated_at = timezone.now()
        item.save()
    return item


def item_delete(*, item: Item) -> None:
    """Remove a clinic's own item."""
    item.delete()
