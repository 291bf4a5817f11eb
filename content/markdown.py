"""Markdown to sanitised HTML. Library bodies are Markdown; nothing raw reaches a page.

Markdown passes raw HTML through, so the output always goes through nh3 (a maintained
sanitiser): only a short list of tags survives, links keep http, https and mailto
schemes only (so `javascript:` links lose their target), and script or style elements
are dropped with their content.
"""

from __future__ import annotations

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "p", "br", "hr", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote",
    "h2", "h3", "h4", "code", "pre", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> SafeString:
    """Turn Markdown into HTML that is safe to put in a page."""
    html = md.markdown(text or "", extensions=["sane_lists", "tables"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 - nh3 has just sanitised it


def plain_text(text: str) -> str:
    """Strip Markdown and HTML down to readable text, for reading-level checks and search snippets."""
    return nh3.clean(md.markdown(text or ""), tags=set()).replace("&amp;", "&").strip()
