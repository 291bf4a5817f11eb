"""Hostile input to the library: very long searches and deeply nested or markup-heavy Markdown.

Each limit answers with a message that says what to change, keeps what was typed, and has a "can"
control just under it. Render times are measured in bench/abuse.py, never asserted here.
"""

from __future__ import annotations

import html

from django.urls import reverse

from content.markdown import MAX_MARKUP, MAX_NESTING, render_markdown
from content.models import Item
from content.search import MAX_QUERY_LENGTH

ADD = reverse("content:item_add")
TRIMMED = "A search reads the first 200 characters"


def _data(body: str) -> dict[str, str]:
    return {"kind": "topic", "title": "Deep thoughts", "summary": "Nested.", "body": body, "audience": "everyone"}


def _nested_list(depth: int) -> str:
    return "".join("  " * level + f"- level {level + 1}\n" for level in range(depth))


def test_a_very_long_search_looks_for_the_first_200_characters_and_says_so(client_http):
    typed = "breathing " + "x" * 5_000
    page = client_http.get(reverse("content:index"), {"q": typed}).content.decode()
    assert TRIMMED in page
    assert f'value="{typed}"' in page  # what was typed stays in the box
    assert f"for “{typed[:MAX_QUERY_LENGTH]}”" in page


def test_a_search_at_the_limit_reads_every_character_and_says_nothing(client_http):
    page = client_http.get(reverse("content:index"), {"q": "b" * MAX_QUERY_LENGTH}).content.decode()
    assert TRIMMED not in page


def test_lists_nested_past_the_limit_are_refused_with_a_kind_message(admin_http):
    body = _nested_list(MAX_NESTING + 1)
    page = admin_http.post(ADD, _data(body)).content.decode()
    assert f"more than {MAX_NESTING} levels deep" in page and "Everything you typed is still here" in page
    assert html.escape("- level 9") in page  # the text is back in the box
    assert not Item.objects.filter(title="Deep thoughts").exists()


def test_lists_nested_to_the_limit_save(admin_http):
    admin_http.post(ADD, _data(_nested_list(MAX_NESTING)))
    assert Item.objects.filter(title="Deep thoughts").exists()


def test_five_thousand_nested_quotes_are_refused(admin_http):
    page = admin_http.post(ADD, _data("> " * 5_000 + "hello")).content.decode()
    assert "levels deep" in page and not Item.objects.filter(title="Deep thoughts").exists()


def test_five_thousand_nested_list_markers_are_refused(admin_http):
    page = admin_http.post(ADD, _data("- " * 5_000 + "hello")).content.decode()
    assert "levels deep" in page and not Item.objects.filter(title="Deep thoughts").exists()


def test_a_body_past_the_markup_limit_is_refused_with_the_count(admin_http):
    page = admin_http.post(ADD, _data("[" * (MAX_MARKUP + 1))).content.decode()
    assert f"This text has {MAX_MARKUP + 1:,} of the characters" in page
    assert not Item.objects.filter(title="Deep thoughts").exists()


def test_a_body_at_the_markup_limit_saves(admin_http):
    admin_http.post(ADD, _data("[" * MAX_MARKUP))
    assert Item.objects.filter(title="Deep thoughts").exists()


def test_the_clinician_note_has_the_same_limits(admin_http):
    page = admin_http.post(ADD, {**_data("Fine."), "clinician_note": "> " * 50 + "deep"}).content.decode()
    assert "levels deep" in page and not Item.objects.filter(title="Deep thoughts").exists()


def test_an_item_saved_before_the_limits_still_opens(client_http, world):
    # Written straight to the table, as an item from before the limits would be: the page opens (no 500).
    item = Item.objects.create(kind="topic", title="Old", slug="old", summary="s", body="- " * 5_000 + "deep end")
    assert client_http.get(reverse("content:item", args=[item.public_id])).status_code == 200


def test_nested_lists_render_as_nested_lists():
    rendered = render_markdown("1. **Choose**\n   - a walk\n   - a stretch\n")
    assert "<ol>" in rendered and "<ul>" in rendered and "<li>a walk</li>" in rendered


def test_an_item_past_the_markup_limit_from_before_the_limits_opens_as_plain_text(client_http, world):
    item = Item.objects.create(kind="topic", title="Old", slug="old", summary="s", body="[" * 20_000 + " **end**")
    page = client_http.get(reverse("content:item", args=[item.public_id])).content.decode()
    assert "[[[[" in page and "**end**" in page  # shown as written, not parsed


def test_an_item_at_the_markup_limit_is_still_markdown(client_http, world):
    item = Item.objects.create(kind="topic", title="Old", slug="old", summary="s", body="[" * 400 + " **end**")
    assert "<strong>end</strong>" in client_http.get(reverse("content:item", args=[item.public_id])).content.decode()
