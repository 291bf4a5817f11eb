"""The safety plan's PDFs kept in the cache (config/kept_pages.kept_download): a repeat download costs about a
kept page, and anything the PDF prints that changes (a line of the plan, a crisis line, the card's choice, the
clinic's number, the day) gives a fresh PDF at once. The bytes kept with each version in the database, under
this copy, are tested in test_pdf_stored.py and test_wallet_card_stored.py.

Each "fresh at once" test has its control: the PDF before the change was served as kept.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any
from unittest import mock

import django_ratelimit.core
import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from config import kept_pages, ratelimits
from config.ratelimits import READS, Limit
from planning import pdf
from planning.models import AuditEvent, CrisisLine, Organization, SafetyPlanPdf, User
from planning.models.safety import CardChoice
from planning.services.crisis_lines import clinic_details_save, crisis_line_save, crisis_lines_seed
from planning.services.people import client_update
from planning.services.safety_plan import safety_plan_choose_card
from planning.views import safety as safety_views
from tests.factories import SafetyPlanVersionFactory
from tests.planning.test_pdf import pdf_text
from tests.second_factor import force_sign_in

PDFS = {
    "plan": ("planning:safety_plan_pdf", "_draw_plan_pdf"),
    "card": ("planning:safety_plan_card_pdf", "_draw_card_pdf"),
}


@pytest.fixture
def drawn() -> Iterator[dict[str, mock.Mock]]:
    """Count the downloads drawn by the views (each still drawn for real); a kept one draws nothing."""
    with (
        mock.patch.object(safety_views, "_draw_plan_pdf", wraps=safety_views._draw_plan_pdf) as plan,
        mock.patch.object(safety_views, "_draw_card_pdf", wraps=safety_views._draw_card_pdf) as card,
    ):
        yield {"plan": plan, "card": card}


@pytest.fixture
def version(world: Any) -> Any:
    return SafetyPlanVersionFactory(plan__client=world.client)


def _get(http: HttpClient, world: Any, kind: str, client: Any = None) -> Any:
    return http.get(reverse(PDFS[kind][0], args=[(client or world.client).public_id]))


def _download(http: HttpClient, world: Any, kind: str = "plan") -> str:
    response = _get(http, world, kind)
    assert response.status_code == 200
    return pdf_text(response.content)


@pytest.mark.parametrize("kind", PDFS)
def test_a_repeat_download_is_served_as_kept_with_the_same_bytes_and_fewer_queries(
    client_http, world, version, drawn, kind
):
    with CaptureQueriesContext(connection) as drawing:
        first = _get(client_http, world, kind)
    assert drawn[kind].call_count == 1  # control: the first download draws it
    with CaptureQueriesContext(connection) as kept:
        again = _get(client_http, world, kind)
    assert drawn[kind].call_count == 1 and again.content == first.content
    assert len(kept) < len(drawing)


@pytest.mark.parametrize("kind", PDFS)
def test_a_kept_download_is_still_a_pdf_download_no_one_stores(client_http, world, version, kind):
    first = _get(client_http, world, kind)
    again = _get(client_http, world, kind)
    for header in ("Content-Type", "Content-Disposition"):
        assert again[header] == first[header]
    assert again["Content-Type"] == "application/pdf" and again["Content-Disposition"].startswith("attachment;")
    assert again["Cache-Control"] == "no-store"


def test_a_line_added_to_the_plan_gives_a_fresh_pdf_at_once(client_http, clinician_http, world, version, drawn):
    _download(client_http, world)
    assert "Hum a tune" not in _download(client_http, world) and drawn["plan"].call_count == 1  # control: kept
    add = reverse("planning:safety_plan_add_item", args=[world.client.public_id])
    assert clinician_http.post(add, {"section": "coping", "text": "Hum a tune"}).status_code == 302
    assert "Hum a tune" in _download(client_http, world) and drawn["plan"].call_count == 2


@pytest.mark.parametrize("kind", PDFS)
def test_a_changed_crisis_line_gives_a_fresh_pdf_never_the_old_number(client_http, world, version, drawn, kind):
    line = crisis_lines_seed(organization=world.clinic)[1]  # 988 by call
    assert f"{line.number}" in _download(client_http, world, kind)
    _download(client_http, world, kind)
    assert drawn[kind].call_count == 1  # control: kept
    fields = {f: getattr(line, f) for f in ("country", "name", "channel", "instructions", "is_emergency", "position")}
    crisis_line_save(actor=world.org_admin, line=line, **fields, number="555 0188", last_checked=date.today())
    assert "555 0188" in _download(client_http, world, kind) and drawn[kind].call_count == 2


def test_a_crisis_line_staff_correct_in_the_django_admin_gives_a_fresh_pdf(client_http, world, version, rf, drawn):
    line = crisis_lines_seed(organization=world.clinic)[1]
    _download(client_http, world)
    _download(client_http, world)
    assert drawn["plan"].call_count == 1  # control: kept
    request = rf.post("/admin/planning/crisisline/")
    request.user = User.objects.create_user("staff@example.test", "a-long-password-1", is_staff=True)
    line.number = "555 0177"
    admin.site._registry[CrisisLine].save_model(request, line, mock.Mock(changed_data=["number"]), True)
    entry = AuditEvent.objects.get(action="crisis_line.updated")
    assert entry.actor == request.user and entry.organization == world.clinic and entry.changed_fields == ["number"]
    assert "555 0177" in _download(client_http, world) and drawn["plan"].call_count == 2


def test_the_clinics_name_staff_correct_in_the_django_admin_gives_a_fresh_card(client_http, world, version, rf):
    clinic_details_save(actor=world.org_admin, country="United States", phone="555 0100")
    assert "Harbour Lane Clinic" in _download(client_http, world, "card")
    request = rf.post("/admin/planning/organization/")
    request.user = User.objects.create_user("staff@example.test", "a-long-password-1", is_staff=True)
    world.clinic.name = "Harbour Lane Health"
    admin.site._registry[Organization].save_model(request, world.clinic, mock.Mock(changed_data=["name"]), True)
    assert AuditEvent.objects.get(action="clinic.updated", actor=request.user).changed_fields == ["name"]
    assert "Harbour Lane Health" in _download(client_http, world, "card")


def test_a_new_choice_for_the_wallet_card_gives_a_fresh_card(client_http, world, version, drawn):
    assert "I stop answering messages" in _download(client_http, world, "card")
    _download(client_http, world, "card")
    assert drawn["card"].call_count == 1  # control: kept
    choice = CardChoice.from_json({"left_off": {"warning_signs": ["I stop answering messages"]}})
    safety_plan_choose_card(actor=world.client.user, client=world.client, choice=choice)
    assert "I stop answering messages" not in _download(client_http, world, "card")


def test_the_clinics_new_number_gives_a_fresh_wallet_card(client_http, world, version, drawn):
    clinic_details_save(actor=world.org_admin, country="United States", phone="555 0100")
    assert "555 0100" in _download(client_http, world, "card")
    _download(client_http, world, "card")
    assert drawn["card"].call_count == 1  # control: kept
    clinic_details_save(actor=world.org_admin, country="United States", phone="555 0199")
    text = _download(client_http, world, "card")
    assert "555 0199" in text and "555 0100" not in text


def test_a_new_preferred_name_gives_a_fresh_pdf(client_http, clinician_http, world, version, drawn):
    assert "Robin" in _download(client_http, world)
    _download(client_http, world)
    assert drawn["plan"].call_count == 1  # control: kept
    client_update(
        actor=world.clinician, client=world.client, preferred_name="Robyn", pronouns="", accessibility_needs=""
    )
    assert "Robyn" in _download(client_http, world)


def test_the_next_day_gives_a_fresh_pdf_with_the_new_printed_date(client_http, world, version, drawn):
    _download(client_http, world)
    _download(client_http, world)
    assert drawn["plan"].call_count == 1  # control: kept
    tomorrow = timezone.now() + timedelta(days=1)
    with (
        mock.patch.object(kept_pages.timezone, "localdate", return_value=timezone.localdate(tomorrow)),
        mock.patch.object(pdf, "timezone", mock.Mock(now=lambda: tomorrow)),
    ):
        text = _download(client_http, world)
    assert f"Printed {timezone.localtime(tomorrow):%-d %B %Y}" in text and drawn["plan"].call_count == 2


@pytest.mark.parametrize("kind", PDFS)
def test_another_client_never_gets_this_clients_kept_pdf(client_http, world, version, kind):
    SafetyPlanVersionFactory(plan__client=world.other_client, content={"warning_signs": ["I pace the hallway"]})
    _get(client_http, world, kind)
    assert _get(client_http, world, kind).status_code == 200  # control: kept for Robin
    sasha = force_sign_in(HttpClient(), world.other_client.user)
    assert _get(sasha, world, kind).status_code == 404
    own = pdf_text(_get(sasha, world, kind, client=world.other_client).content)
    assert "I pace the hallway" in own and "I stop answering messages" not in own


def test_another_clinics_clinician_never_gets_the_kept_pdf(client_http, clinician_http, world, version):
    _download(clinician_http, world)
    assert _get(clinician_http, world, "plan").status_code == 200  # control: kept for the care team
    assert _get(force_sign_in(HttpClient(), world.outside_clinician), world, "plan").status_code == 404


@pytest.mark.parametrize("kind", PDFS)
def test_the_care_teams_kept_download_still_writes_its_audited_read(clinician_http, world, version, drawn, kind):
    _get(clinician_http, world, kind)
    _get(clinician_http, world, kind)
    assert drawn[kind].call_count == 1  # control: the second was kept
    action = {"plan": "safety_plan_pdf.viewed", "card": "wallet_card_pdf.viewed"}[kind]
    assert AuditEvent.objects.filter(action=action, actor=world.clinician, client=world.client).count() == 2


def test_a_client_reading_their_own_kept_pdf_writes_no_read(client_http, world, version):
    _get(client_http, world, "plan")
    _get(client_http, world, "plan")
    assert not AuditEvent.objects.reads().exists()


def test_the_pdf_limit_counts_kept_downloads_too(monkeypatch, client_http, clinician_http, world, version, drawn):
    monkeypatch.setitem(ratelimits.LIMITS, "pdf", (Limit("user", "2/5m", READS),))
    now = time.time()  # one counting window for the whole test (as tests/test_ratelimits.py)
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: now))
    assert [_get(client_http, world, "plan").status_code for _ in range(2)] == [200, 200]
    assert drawn["plan"].call_count == 1  # the second was kept
    assert _get(client_http, world, "plan").status_code == 429
    assert _get(clinician_http, world, "plan").status_code == 200  # control: another person


@pytest.mark.parametrize("kind", PDFS)
def test_with_the_cache_down_the_pdf_comes_from_the_database(dead_services, client_http, world, version, drawn, kind):
    first = _get(client_http, world, kind)
    again = _get(client_http, world, kind)
    assert first.status_code == again.status_code == 200 and again.content == first.content
    assert drawn[kind].call_count == 2  # nothing kept in the cache: each drawn from the bytes kept with the version


def test_with_the_cache_down_the_plans_bytes_kept_in_the_database_are_served(
    dead_services, client_http, world, version
):
    with mock.patch.object(pdf, "html_pdf", wraps=pdf.html_pdf) as weasyprint:
        _download(client_http, world)
        _download(client_http, world)
    assert weasyprint.call_count == 1 and SafetyPlanPdf.objects.count() == 1


def test_the_downloads_query_reads_the_newest_change_the_pages_stamp_reads(client_http, world):
    add = reverse("planning:safety_plan_add_item", args=[world.client.public_id])
    client_http.post(add, {"section": "coping", "text": "Hum"})
    assert kept_pages.newest_change_of(world.clinic.pk) == kept_pages.stamp_of(world.client.user).newest_change != 0
    assert kept_pages.newest_change_of(world.other_clinic.pk) == 0  # control: nothing changed in the other clinic
