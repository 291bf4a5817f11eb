"""Show the library items attached to a step, a trigger or a safety plan: one tap to open each.

{% load library_links %}
{% library_links step %}
"""

from __future__ import annotations

from typing import Any

from django import template

from content.models import Audience

register = template.Library()


@register.inclusion_tag("planning/_library_links.html")
def library_links(target: Any, heading: str = "From the library", empty: str = "") -> dict[str, Any]:
    """List the attached items, using prefetched links when the view prefetched them.

    Only items still written for everyone show: an item its clinic has since kept for clinicians
    must not reach the client's pages (links are only ever made to items for everyone).
    """
    prefetched = getattr(target, "_prefetched_objects_cache", {}).get("library_links")
    links = prefetched if prefetched is not None else target.library_links.select_related("item")
    items = [link.item for link in links if link.item.audience == Audience.EVERYONE]
    return {"items": items, "heading": heading, "empty": empty}
