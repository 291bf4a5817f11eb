"""Library bodies are Markdown; what reaches a page is sanitised HTML."""

from __future__ import annotations

from content.markdown import render_markdown


def test_markdown_becomes_html():
    assert render_markdown("**Breathe** slowly") == "<p><strong>Breathe</strong> slowly</p>"


def test_a_script_tag_is_removed_with_its_content():
    html = render_markdown("Hello <script>alert('x')</script> there")
    assert "script" not in html
    assert "alert" not in html


def test_raw_html_attributes_that_run_code_are_removed():
    html = render_markdown('<img src="x" onerror="alert(1)"> <a href="/ok" onclick="steal()">ok</a>')
    assert "onerror" not in html
    assert "onclick" not in html


def test_a_javascript_link_loses_its_target():
    html = render_markdown("[tap me](javascript:alert(1))")
    assert "javascript:" not in html
    assert "tap me" in html


def test_ordinary_links_keep_working_and_open_safely():
    html = render_markdown("[988 Lifeline](https://988lifeline.org)")
    assert 'href="https://988lifeline.org"' in html
    assert 'rel="noopener noreferrer"' in html
