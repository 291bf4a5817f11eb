"""Library search: what a search finds and in what order, on PostgreSQL from the stored search document."""

from __future__ import annotations

import pytest
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content.models import Item, Kind
from content.services import item_create, item_update
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's (CI)")

QUERIES = ["feel", "breathing", "saying no", "online group", "window of tolerance", "shame", "xylophone", "-breath"]


def _found(query: str) -> list[str]:
    return list(Item.objects.search(query).values_list("slug", flat=True))


def _item(**fields) -> Item:
    return item_create(organization=OrganizationFactory(), data={"kind": Kind.TECHNIQUE, "summary": "S", **fields})


def test_a_search_finds_items_with_every_word():
    grounding = _item(title="Grounding in a crowd", body="Name five colours you can see.")
    at_home = _item(title="Grounding at home", body="Hold something warm.")
    found = set(Item.objects.search("grounding colours"))
    assert grounding in found
    assert at_home not in found


def test_an_edited_item_is_found_by_its_new_words_not_its_old_ones():
    item = _item(title="Box breathing", body="Breathe in for four.")
    item_update(item=item, data={"title": "Humming", "body": "Hum a low note."})
    assert Item.objects.search("humming").filter(pk=item.pk).exists()
    assert not Item.objects.search("box").filter(pk=item.pk).exists()


def test_a_search_with_nothing_to_match_finds_nothing():
    assert _found("xylophone") == []


@on_postgresql
@pytest.mark.parametrize("query", QUERIES)
def test_the_stored_document_finds_what_computing_it_per_row_found_in_the_same_order(query):
    vector = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )
    search = SearchQuery(query, search_type="websearch", config="english")
    computed = (
        Item.objects.annotate(document=vector, rank=SearchRank(vector, search))
        .filter(document=search)
        .order_by("-rank", "title")
        .values_list("slug", flat=True)
    )
    assert _found(query) == list(computed)


@on_postgresql
def test_a_word_in_the_title_ranks_above_the_same_word_in_the_body():
    in_body = _item(title="An evening walk", body="Notice your breathing as you walk.")
    in_title = _item(title="Slow breathing", body="In for four, out for six.")
    order = list(Item.objects.search("breathing").filter(pk__in=[in_body.pk, in_title.pk]))
    assert order == [in_title, in_body]


@on_postgresql
def test_a_search_reads_the_stored_document_and_computes_nothing_per_row():
    with CaptureQueriesContext(connection) as captured:
        _found("breathing")
    (sql,) = [q["sql"] for q in captured]
    assert "search_document" in sql
    assert "to_tsvector" not in sql


@on_postgresql
def test_a_search_can_use_the_gin_index():
    sql, params = Item.objects.search("breathing").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the test library is small enough to scan
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "item_search_document" in plan
