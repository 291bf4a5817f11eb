"""Markdown to sanitised HTML. Library bodies are Markdown; nothing raw reaches a page.

Parsed by markdown-it-py (CommonMark, with tables), whose parser stays close to linear on the
inputs that made Python-Markdown take seconds to minutes: 20,000 `[` took Python-Markdown 56 s,
a list nested 2,500 deep raised RecursionError. Markdown passes raw HTML through, so the output
always goes through nh3 (a maintained sanitiser): only a short list of tags survives, links keep
http, https and mailto schemes only (so `javascript:` links lose their target), and script or
style elements are dropped with their content.

What a clinic may save is bounded too (`markdown_problems`, checked by the Item model's fields):
lists and quotes at most MAX_NESTING deep, and at most MAX_MARKUP of the characters that open a
link, emphasis, a table cell, a tag or code. At those limits a 20,000-character body renders in
well under a second (bench/abuse.py); ordinary items use a few dozen. A text past MAX_MARKUP saved
before the limit is shown as plain paragraphs, so no stored text can make a page slow either.
"""

from __future__ import annotations

import nh3
from django.core.exceptions import ValidationError
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a", "p", "br", "hr", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote",
    "h2", "h3", "h4", "code", "pre", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}

MAX_NESTING = 8  # lists and quotes inside each other
MAX_MARKUP = 500  # of MARKUP_CHARACTERS in one text; the most in a shipped item is 42
MARKUP_CHARACTERS = "[*_|<`"
CONTAINERS = {"bullet_list_open", "ordered_list_open", "blockquote_open"}
CONTAINERS_CLOSE = {"bullet_list_close", "ordered_list_close", "blockquote_close"}

# Each container costs the parser two levels (a list and its item); past this it stops reading deeper,
# which is how text saved before the limits (or a file in content/data) can never run away.
_parser = MarkdownIt("commonmark", {"html": True, "maxNesting": 4 * MAX_NESTING + 8}).enable("table")
# Every link becomes a link and nh3 alone decides which targets survive: markdown-it would otherwise print a
# `javascript:` link as its raw source text, where nh3 keeps the words and drops the target.
_parser.validateLink = lambda url: True  # type: ignore[method-assign]


def markup_count(text: str) -> int:
    """How many characters of the text open a link, emphasis, a table cell, a tag or code."""
    return sum(text.count(character) for character in MARKUP_CHARACTERS)


def _html(text: str) -> str:
    """The text as HTML: Markdown, or plain paragraphs for a text past MAX_MARKUP saved before the limit."""
    if markup_count(text) > MAX_MARKUP:
        return linebreaks(text, autoescape=True)  # linear, whatever the text holds
    return _parser.render(text)


def render_markdown(text: str) -> SafeString:
    """Turn Markdown into HTML that is safe to put in a page."""
    clean = nh3.clean(
        _html(text or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(clean.strip())  # noqa: S308 - nh3 has just sanitised it


def plain_text(text: str) -> str:
    """Strip Markdown and HTML down to readable text, for reading-level checks and search snippets."""
    return nh3.clean(_html(text or ""), tags=set()).replace("&amp;", "&").strip()


def nesting_depth(text: str) -> int:
    """How deep lists and quotes sit inside each other (0 for plain paragraphs)."""
    depth = deepest = 0
    for token in _parser.parse(text or ""):
        if token.type in CONTAINERS:
            depth += 1
            deepest = max(deepest, depth)
        elif token.type in CONTAINERS_CLOSE:
            depth -= 1
    return deepest


def markdown_problems(text: str) -> list[str]:
    """What keeps a Markdown text from being saved, in words for the person who wrote it (empty when fine)."""
    problems = []
    markup = markup_count(text)
    if markup > MAX_MARKUP:
        problems.append(
            f"This text has {markup:,} of the characters that make links, emphasis, tables and code "
            f"([ * _ | < `), and up to {MAX_MARKUP:,} work. Could you take some out, or split it into two "
            "items? Everything you typed is still here."
        )
    elif nesting_depth(text) > MAX_NESTING:
        problems.append(
            f"Lists or quotes sit more than {MAX_NESTING} levels deep here, and up to {MAX_NESTING} work. Deep "
            "lists are hard to follow on a phone or with a screen reader: could you bring some of them out a level? "
            "Everything you typed is still here."
        )
    return problems


def validate_markdown(text: str) -> None:
    """Refuse Markdown past the nesting and markup limits, saying which and how far."""
    problems = markdown_problems(text or "")
    if problems:
        raise ValidationError(problems, code="markdown")
