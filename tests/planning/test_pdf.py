"""The printable PDFs: what they say (read back with pdftotext) and what they never fetch."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse

from planning import pdf
from planning.pdf import PDF_BASE_URL, StaticOnlyFetcher
from planning.services.safety_plan import safety_plan_save
from tests.factories import SafetyPlanVersionFactory


def pdf_text(body: bytes) -> str:
    """Read a PDF's text back the way a person would see it."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        Path(handle.name).write_bytes(body)
        result = subprocess.run(["pdftotext", "-layout", handle.name, "-"], capture_output=True, check=True)  # noqa: S607
    return result.stdout.decode()


def reading_text(body: bytes) -> str:
    """A PDF's words in reading order (column after column), with every line break as a space."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        Path(handle.name).write_bytes(body)
        out = subprocess.run(["pdftotext", handle.name, "-"], capture_output=True, check=True).stdout  # noqa: S607
    return " ".join(out.decode().split())


def _get(http, w, name):
    return http.get(reverse(f"planning:{name}", kwargs={"client_id": w.client.public_id}))


@pytest.fixture
def plan(world):
    return SafetyPlanVersionFactory(plan__client=world.client)


def test_the_plan_pdf_is_a_download_with_a_neutral_name(client_http, world, plan):
    response = _get(client_http, world, "safety_plan_pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="stepwise-plan.pdf"'


def test_the_plan_pdf_has_every_section_the_version_and_the_crisis_line(client_http, world, plan):
    text = pdf_text(_get(client_http, world, "safety_plan_pdf").content)
    assert "I stop answering messages" in text and "Jo (sister): 555 0101" in text
    assert "Version 1" in text and "988" in text


def test_the_plan_pdf_has_no_app_chrome(client_http, world, plan):
    text = pdf_text(_get(client_http, world, "safety_plan_pdf").content)
    assert "Leave quickly" not in text and "Sign out" not in text


def test_the_plan_pdf_says_when_the_crisis_lines_were_checked(client_http, world, plan):
    assert "last checked these numbers on 1 November 2026" in pdf_text(
        _get(client_http, world, "safety_plan_pdf").content
    )


def test_an_empty_plan_still_prints_the_crisis_lines(client_http, world):
    assert "Samaritans" in pdf_text(_get(client_http, world, "safety_plan_pdf").content)


def test_the_wallet_card_is_one_sheet_of_paper(client_http, world, plan):
    body = _get(client_http, world, "safety_plan_card_pdf").content
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        Path(handle.name).write_bytes(body)
        info = subprocess.run(["pdfinfo", handle.name], capture_output=True, check=True).stdout.decode()  # noqa: S607
    assert "Pages:           1" in info and "612 x 792 pts" in info  # Letter: the default lines start with the US


def test_the_wallet_card_keeps_every_line_that_fits(client_http, world):
    content = {
        "warning_signs": ["Jaw clenched"],
        "coping": ["Breathe", "Walk", "Tea", "A fourth one"],
        "help_contacts": [{"name": "Jo", "phone": "555 0101"}, {"name": "Sam", "phone": "555 0199"}],
        "professional_contacts": [{"name": "Third person", "phone": "555 0000"}],
    }
    safety_plan_save(actor=world.client.user, client=world.client, content=content, based_on=0)
    text = pdf_text(_get(client_http, world, "safety_plan_card_pdf").content)
    words = ["Jaw clenched", "Breathe", "Walk", "Tea", "A fourth one", "Jo: 555 0101", "Sam: 555 0199", "Third person"]
    assert all(word in text for word in words) and "988" in text


def test_html_in_a_field_prints_as_text(client_http, world):
    content = {"coping": ['<b>bold</b> <img src="http://example.com/x.png">']}
    safety_plan_save(actor=world.client.user, client=world.client, content=content, based_on=0)
    text = reading_text(_get(client_http, world, "safety_plan_pdf").content).replace(" ", "")
    assert '<b>bold</b><imgsrc="http://example.com/x.png">' in text  # the column may wrap it anywhere


REMOTE = ["http://example.com/x.png", "http://169.254.169.254/latest/meta-data/", "file:///etc/passwd"]


@pytest.mark.parametrize("url", REMOTE)
def test_urls_in_any_field_are_never_fetched(client_http, world, monkeypatch, url):
    asked: list[str] = []
    real_fetch = StaticOnlyFetcher.fetch
    monkeypatch.setattr(StaticOnlyFetcher, "fetch", lambda self, u, *a: asked.append(u) or real_fetch(self, u, *a))
    content = {
        key: [f'<img src="{url}"> <link rel="stylesheet" href="{url}"> url({url})'] for key in ["coping", "reasons"]
    }
    content["help_contacts"] = [{"name": f'<img src="{url}">', "relationship": url, "phone": "555"}]
    safety_plan_save(actor=world.client.user, client=world.client, content=content, based_on=0)
    for name in ("safety_plan_pdf", "safety_plan_card_pdf"):
        assert _get(client_http, world, name).status_code == 200
    assert asked == [PDF_BASE_URL + "static/css/pdf.css"] * 2


@pytest.mark.parametrize("url", REMOTE)
def test_the_fetcher_refuses_anything_but_our_static_files(url):
    with pytest.raises(ValueError):
        StaticOnlyFetcher().fetch(url)


@pytest.mark.parametrize(
    "path", ["static/../config/settings.py", "static/%2e%2e/config/settings.py", "static/css/pdf.css?x=1", "static/"]
)
def test_the_fetcher_refuses_tricks_within_its_own_origin(path):
    with pytest.raises(ValueError):
        StaticOnlyFetcher().fetch(PDF_BASE_URL + path)


def test_the_fetcher_serves_the_pdf_stylesheet():
    response = StaticOnlyFetcher().fetch(PDF_BASE_URL + "static/css/pdf.css")
    assert response.content_type == "text/css" and b"@page" in response.read()


def test_a_remote_stylesheet_in_a_template_is_refused_but_the_pdf_still_renders(monkeypatch):
    refused: list[str] = []
    real = StaticOnlyFetcher.static_path
    monkeypatch.setattr(StaticOnlyFetcher, "static_path", staticmethod(lambda url: real(url) or refused.append(url)))
    html = '<link rel="stylesheet" href="http://169.254.169.254/x.css"><img src="file:///etc/passwd"><p>Hello</p>'
    monkeypatch.setattr(pdf, "render_to_string", lambda template, context: html)
    body = pdf.render_pdf("unused.html", {})
    assert "Hello" in pdf_text(body)
    assert refused == ["http://169.254.169.254/x.css", "file:///etc/passwd"]


@pytest.fixture
def production_static(settings, tmp_path):
    """The production static storage (hashed names from the manifest), collected as a deployment would."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command
    from django.utils.functional import empty

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    staticfiles_storage._wrapped = empty  # pick up the storage just set
    call_command("collectstatic", interactive=False, verbosity=0)
    yield
    staticfiles_storage._wrapped = empty


def _page_size(body: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        Path(handle.name).write_bytes(body)
        info = subprocess.run(["pdfinfo", handle.name], capture_output=True, check=True).stdout.decode()  # noqa: S607
    return next(line for line in info.splitlines() if line.startswith("Page size"))


def test_with_hashed_production_static_files_the_wallet_card_keeps_its_stylesheet(
    production_static, client_http, world, plan
):
    body = _get(client_http, world, "safety_plan_card_pdf").content
    assert "612 x 792 pts" in _page_size(body)  # Letter only when pdf.css was applied (A4 is the default)


def test_with_hashed_production_static_files_the_plan_keeps_its_footer(production_static, client_http, world):
    assert "Stepwise is not a crisis service" in pdf_text(_get(client_http, world, "safety_plan_pdf").content)


def test_the_fetcher_serves_the_collected_hashed_stylesheet_only_from_static_root(production_static):
    from django.templatetags.static import static

    hashed = static("css/pdf.css")
    assert ".css" in hashed and hashed != "/static/css/pdf.css"  # the manifest really gave a hashed name
    assert b"@page" in StaticOnlyFetcher().fetch(PDF_BASE_URL + hashed.lstrip("/")).read()
    with pytest.raises(pdf.RefusedURL):
        StaticOnlyFetcher().fetch(PDF_BASE_URL + "static/../config/settings.py")
