"""Library search: PostgreSQL full-text search in production, a substring match on SQLite."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Q

if TYPE_CHECKING:
    from .models import ItemQuerySet

MAX_QUERY_LENGTH = 200


def search_items(items: ItemQuerySet, query: str) -> ItemQuerySet:
    """Return the items matching every word of the query, best matches first."""
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    if not query:
        return items
    if connection.vendor == "postgresql":
        return _postgres_search(items, query)
    return _fallback_search(items, query)


def _postgres_search(items: ItemQuerySet, query: str) -> ItemQuerySet:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )
    search_query = SearchQuery(query, search_type="websearch", config="english")
    return (
        items.annotate(document=vector, rank=SearchRank(vector, search_query))
        .filter(document=search_query)
        .order_by("-rank", "title")
    )


def _fallback_search(items: ItemQuerySet, query: str) -> ItemQuerySet:
    condition = Q()
    for word in query.split()[:10]:
        condition &= Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
    return items.filter(condition).order_by("title")
