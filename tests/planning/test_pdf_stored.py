"""The full plan's PDF is kept with its version: a repeat download serves the kept bytes and draws nothing,
and anything printed beside the version (a new version, the clinic's crisis lines, the date) draws it again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from planning import pdf
from planning.models import Client, Organization, SafetyPlanPdf, SafetyPlanVersion
from planning.services.crisis_lines import crisis_line_save, default_crisis_lines
from planning.services.safety_plan import safety_plan_save
from tests.factories import SafetyPlanVersionFactory
from tests.planning.test_pdf import pdf_text


@pytest.fixture(autouse=True)
def _not_kept_in_the_cache(monkeypatch):
    """These tests watch the bytes kept in the database, under the copy kept in the cache (test_kept_downloads.py)."""
    monkeypatch.setattr("config.kept_pages._downloadable", lambda request: False)


@pytest.fixture
def drawn() -> Iterator[mock.Mock]:
    """Count the PDFs WeasyPrint draws (each one still drawn for real)."""
    with mock.patch.object(pdf, "html_pdf", wraps=pdf.html_pdf) as spy:
        yield spy


def _download(http, world) -> bytes:
    response = http.get(reverse("planning:safety_plan_pdf", kwargs={"client_id": world.client.public_id}))
    assert response.status_code == 200
    return response.content


def test_a_repeat_download_serves_the_kept_pdf_and_draws_nothing(client_http, world, drawn):
    SafetyPlanVersionFactory(plan__client=world.client)
    first = _download(client_http, world)
    assert drawn.call_count == 1  # control: the first download draws it
    assert _download(client_http, world) == first
    assert drawn.call_count == 1


def test_the_care_team_gets_the_same_kept_pdf(client_http, clinician_http, world, drawn):
    SafetyPlanVersionFactory(plan__client=world.client)
    first = _download(client_http, world)
    assert _download(clinician_http, world) == first and drawn.call_count == 1


def test_the_kept_pdf_is_the_plan_with_its_footer(client_http, world):
    SafetyPlanVersionFactory(plan__client=world.client)
    _download(client_http, world)
    text = pdf_text(bytes(SafetyPlanPdf.objects.get().body))
    assert "I stop answering messages" in text and "Call your emergency number" in text


def test_a_new_version_draws_a_new_pdf_with_its_words(client_http, world, drawn):
    _download(client_http, world)  # no version yet: drawn, nothing kept
    assert not SafetyPlanPdf.objects.exists()
    safety_plan_save(actor=world.client.user, client=world.client, content={"coping": ["Cold water"]}, based_on=0)
    _download(client_http, world)
    safety_plan_save(actor=world.client.user, client=world.client, content={"coping": ["Warm tea"]}, based_on=1)
    assert "Warm tea" in pdf_text(_download(client_http, world))
    assert drawn.call_count == 3 and SafetyPlanPdf.objects.count() == 2


def test_a_changed_crisis_line_draws_the_pdf_again_never_the_old_number(client_http, world, drawn):
    SafetyPlanVersionFactory(plan__client=world.client)
    _download(client_http, world)
    crisis_line_save(
        actor=world.org_admin,
        line=None,
        country="United States",
        name="Harbour Lane after-hours line",
        channel="call",
        number="555 0142",
        instructions="",
        is_emergency=False,
        position=9,
        last_checked=date(2026, 11, 20),
    )
    assert "555 0142" in pdf_text(_download(client_http, world))
    assert drawn.call_count == 2 and SafetyPlanPdf.objects.count() == 1  # replaced, not added


def test_the_next_day_it_is_drawn_again_with_the_new_printed_date(client_http, world, drawn):
    SafetyPlanVersionFactory(plan__client=world.client)
    _download(client_http, world)
    tomorrow = timezone.now() + timedelta(days=1)
    with mock.patch.object(pdf, "timezone", mock.Mock(now=lambda: tomorrow)):  # pdf.py's clock only
        text = pdf_text(_download(client_http, world))
    assert f"Printed {tomorrow:%-d %B %Y}" in text and drawn.call_count == 2


def test_previews_and_benchmarks_draw_an_unsaved_version_without_the_database():
    # No db fixture: any query would raise (make pdf-preview and bench/pdf.py render unsaved demo objects).
    organization = Organization(name="Preview Clinic")
    version = SafetyPlanVersion(number=1, content={"coping": ["Cold water"]}, created_at=timezone.now())
    body = pdf.safety_plan_pdf(
        client=Client(organization=organization, preferred_name="Sam"),
        version=version,
        crisis_lines=default_crisis_lines(organization),
    )
    assert "Cold water" in pdf_text(body)


def test_a_post_to_the_download_is_refused_and_keeps_nothing(client_http, world):
    SafetyPlanVersionFactory(plan__client=world.client)
    url = reverse("planning:safety_plan_pdf", kwargs={"client_id": world.client.public_id})
    assert client_http.post(url).status_code == 405
    assert not SafetyPlanPdf.objects.exists()
    assert client_http.get(url).status_code == 200 and SafetyPlanPdf.objects.count() == 1  # control
