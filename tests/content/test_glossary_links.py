"""Clinical words on client pages link to their plain-language explanation."""

from __future__ import annotations

from django.template import Context, Template

from content.glossary import link_glossary_terms


def _render(source: str, **context) -> str:
    return Template("{% load library %}" + source).render(Context(context))


def test_a_glossary_word_in_plain_text_becomes_a_link(db):
    html = link_glossary_terms("Rate it on the SUDS scale.")
    assert '<a class="glossary-link" href="/library/words/#suds"' in html


def test_the_longest_term_wins_over_a_shorter_one_inside_it(db):
    html = link_glossary_terms("Your exposure ladder has five rungs.")
    assert ">exposure ladder</a>" in html


def test_only_the_first_use_of_a_word_is_linked(db):
    html = link_glossary_terms("SUDS before, SUDS after.")
    assert html.count("glossary-link") == 1


def test_the_text_around_the_links_is_escaped(db):
    html = _render("{{ text|glossary_links }}", text="<b>grounding</b>")
    assert "&lt;b&gt;" in html
    assert "<b>" not in html


def test_the_term_tag_links_a_word_in_your_own_words(db):
    html = _render('{% term "window of tolerance" "your calm zone" %}')
    assert 'href="/library/words/#window-of-tolerance"' in html
    assert ">your calm zone</a>" in html


def test_an_unknown_term_stays_plain_text(db):
    assert _render('{% term "<made-up>" %}') == "&lt;made-up&gt;"
