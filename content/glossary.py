"""The glossary as a lookup: which words link to which explanation.

Client pages link every glossary word they use to its plain-language explanation. The
lookup is cached, because one page may link many fields; the loader and the admin clear it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.cache import cache
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .models import Item, Kind

CACHE_KEY = "content:glossary:v1"
CACHE_SECONDS = 300


@dataclass(frozen=True)
class Term:
    slug: str
    title: str
    summary: str
    words: tuple[str, ...]

    @property
    def url(self) -> str:
        return f"{reverse('content:glossary')}#{self.slug}"


def glossary_terms() -> list[Term]:
    """Return the shared glossary's terms with their other names, from the cache when possible."""
    terms = cache.get(CACHE_KEY)
    if terms is None:
        items = Item.objects.global_only().of_kind(Kind.TERM).only("slug", "title", "summary", "aliases")
        terms = [Term(i.slug, i.title, i.summary, (i.title, *i.alias_list())) for i in items]
        cache.set(CACHE_KEY, terms, CACHE_SECONDS)
    return terms


def clear_glossary_cache() -> None:
    """Forget the cached glossary after an edit."""
    cache.delete(CACHE_KEY)


def _pattern(terms: list[Term]) -> tuple[re.Pattern[str] | None, dict[str, Term]]:
    by_word = {word.lower(): term for term in terms for word in term.words}
    if not by_word:
        return None, by_word
    words = sorted(by_word, key=len, reverse=True)  # longest first: "exposure ladder" before "ladder"
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE), by_word


def term_link(term: Term, text: str) -> SafeString:
    """Link some words to the glossary entry that explains them."""
    return format_html('<a class="glossary-link" href="{}" title="{}">{}</a>', term.url, term.summary, text)


def link_glossary_terms(text: str) -> SafeString:
    """Escape plain text and link the first use of each glossary word in it."""
    pattern, by_word = _pattern(glossary_terms())
    escaped = str(escape(text or ""))
    if pattern is None:
        return mark_safe(escaped)  # noqa: S308 - escaped above
    seen: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        term = by_word[match.group(0).lower()]
        if term.slug in seen:
            return match.group(0)
        seen.add(term.slug)
        return term_link(term, match.group(0))

    return mark_safe(pattern.sub(replace, escaped))  # noqa: S308 - input escaped, links built by format_html


def terms_used_in(text: str) -> list[Term]:
    """List the glossary terms a text mentions, so a page can offer their explanations."""
    pattern, by_word = _pattern(glossary_terms())
    if pattern is None:
        return []
    found: dict[str, Term] = {}
    for match in pattern.finditer(text or ""):
        term = by_word[match.group(0).lower()]
        found.setdefault(term.slug, term)
    return sorted(found.values(), key=lambda t: t.title.lower())


def find_term(word: str) -> Term | None:
    """Return the glossary term a word names, if any."""
    return next((t for t in glossary_terms() if word.lower() in (w.lower() for w in t.words)), None)
