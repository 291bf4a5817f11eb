"""Library search: PostgreSQL full-text search in production, a substring match on SQLite."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connection
from django.db.models import F, Func, Q

if TYPE_CHECKING:
    from .models import ItemQuerySet

MAX_QUERY_LENGTH = 200


class OnPostgreSQL(Func):
    """An expression PostgreSQL computes and SQLite leaves NULL (its search reads the text columns instead)."""

    template = "%(expressions)s"
    output_field = SearchVectorField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list[Any]]:
        return "NULL", []


def weighted_document() -> OnPostgreSQL:
    """The words an item is found by, weighted: title (A), summary (B), body (C), in English."""
    return OnPostgreSQL(
        SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )


def search_items(items: ItemQuerySet, query: str) -> ItemQuerySet:
    """Return the items matching every word of the query, best matches first."""
    query = " ".join(query[: 2 * MAX_QUERY_LENGTH].split())[:MAX_QUERY_LENGTH]  # cut before splitting a long one
    if not query:
        return items
    if connection.vendor == "postgresql":
        return _postgres_search(items, query)
    return _fallback_search(items, query)


def _postgres_search(items: ItemQuerySet, query: str) -> ItemQuerySet:
    """Match and rank against the stored document (Item.search_document, GIN-indexed), never the text itself."""
    search_query = SearchQuery(query, search_type="websearch", config="english")
    return (
        items.filter(search_document=search_query)
        .annotate(rank=SearchRank(F("search_document"), search_query))
        .order_by("-rank", "title")
    )


def _fallback_search(items: ItemQuerySet, query: str) -> ItemQuerySet:
    condition = Q()
    for word in query.split()[:10]:
        condition &= Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
    return items.filter(condition).order_by("title")
