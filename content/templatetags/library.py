"""Template helpers for linking clinical words to the library's plain explanations.

{% load library %}
{{ step.activity|glossary_links }}     escape the text and link glossary words in it
{% term "SUDS" %}                      link one term, showing its own name
{% term "SUDS" "distress rating" %}    link one term with your own words
{{ text|markdown }}                    render Markdown as sanitised HTML
"""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString

from ..glossary import find_term, link_glossary_terms, term_link
from ..markdown import render_markdown

register = template.Library()


@register.filter(is_safe=True)
def glossary_links(text: str) -> SafeString:
    """Escape plain text and link the first use of each glossary word."""
    return link_glossary_terms(str(text) if text is not None else "")


@register.simple_tag
def term(word: str, text: str = "") -> SafeString:
    """Link a glossary term; falls back to plain (escaped) text when the term is unknown."""
    found = find_term(word)
    if found is None:
        return escape(text or word)
    return term_link(found, text or word)


@register.filter(is_safe=True)
def markdown(text: str) -> SafeString:
    """Render Markdown as sanitised HTML."""
    return render_markdown(str(text) if text is not None else "")
