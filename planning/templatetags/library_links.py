"""Show the library items attached to a step, a trigger or a safety plan: one tap to open each.

{% load library_links %}
{% library_links step %}
"""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("planning/_library_links.html")
def library_links(target: Any, heading: str = "From the library", empty: str = "") -> dict[str, Any]:
    """List the attached items, using prefetched links when the view prefetched them."""
    prefetched = getattr(target, "_prefetched_objects_cache", {}).get("library_links")
    links = prefetched if prefetched is not None else target.library_links.select_related("item")
    return {"items": [link.item for link in links], "heading": heading, "empty": empty}
