"""The wallet card's PDF is kept with its version: a repeat download draws nothing, and a new choice of lines or a
new version of the plan draws the card again."""

from __future__ import annotations

from collections.abc import Iterator
from unittest import mock

import pytest
from django.urls import reverse

from planning import pdf
from planning.models import WalletCardPdf
from planning.models.safety import CardChoice
from planning.services.safety_plan import safety_plan_choose_card, safety_plan_save
from tests.factories import SafetyPlanVersionFactory
from tests.planning.test_pdf import pdf_text


@pytest.fixture(autouse=True)
def _not_kept_in_the_cache(monkeypatch):
    """These tests watch the bytes kept in the database, under the copy kept in the cache (test_kept_downloads.py)."""
    monkeypatch.setattr("config.kept_pages._downloadable", lambda request: False)


@pytest.fixture
def drawn() -> Iterator[mock.Mock]:
    """Count the wallet cards laid out and drawn (each one still drawn for real)."""
    with mock.patch.object(pdf, "fit_wallet_card", wraps=pdf.fit_wallet_card) as spy:
        yield spy


def _card(http, world) -> bytes:
    response = http.get(reverse("planning:safety_plan_card_pdf", kwargs={"client_id": world.client.public_id}))
    assert response.status_code == 200
    return response.content


def test_a_repeat_download_serves_the_kept_card_and_draws_nothing(client_http, world, drawn):
    SafetyPlanVersionFactory(plan__client=world.client)
    first = _card(client_http, world)
    assert drawn.call_count == 1  # control: the first download draws it
    assert _card(client_http, world) == first
    assert drawn.call_count == 1 and WalletCardPdf.objects.count() == 1


def test_the_care_team_gets_the_same_kept_card(client_http, clinician_http, world, drawn):
    SafetyPlanVersionFactory(plan__client=world.client)
    first = _card(client_http, world)
    assert _card(clinician_http, world) == first and drawn.call_count == 1


def test_a_new_choice_of_lines_draws_the_card_again_without_the_line_left_off(client_http, world, drawn):
    SafetyPlanVersionFactory(plan__client=world.client)
    assert "I stop answering messages" in pdf_text(_card(client_http, world))
    choice = CardChoice.from_json({"left_off": {"warning_signs": ["I stop answering messages"]}})
    safety_plan_choose_card(actor=world.client.user, client=world.client, choice=choice)
    assert "I stop answering messages" not in pdf_text(_card(client_http, world))
    assert drawn.call_count == 2 and WalletCardPdf.objects.count() == 1  # replaced, not added


def test_a_new_version_draws_the_card_again_with_its_words(client_http, world, drawn):
    safety_plan_save(actor=world.client.user, client=world.client, content={"coping": ["Cold water"]}, based_on=0)
    _card(client_http, world)
    safety_plan_save(actor=world.client.user, client=world.client, content={"coping": ["Warm tea"]}, based_on=1)
    assert "Warm tea" in pdf_text(_card(client_http, world))
    assert drawn.call_count == 2 and WalletCardPdf.objects.count() == 2


def test_a_plan_not_written_yet_still_prints_a_card_and_keeps_nothing(client_http, world, drawn):
    _card(client_http, world)
    assert drawn.call_count == 1 and not WalletCardPdf.objects.exists()
