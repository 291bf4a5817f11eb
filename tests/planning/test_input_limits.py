"""Hostile input to the safety plan: thousands of lines, thousands of fields, a body too big, and a plan at its limits.

Each limit answers with a message that says what happened, saves nothing, keeps what was typed where the
request could be read, and has a "can" control at the limit. Timings are in bench/abuse.py, never here.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from planning.forms.safety import CONTACT_ROWS, MAX_ITEMS
from planning.models import SafetyPlanVersion
from planning.models.safety import SAFETY_SECTIONS
from planning.services.safety_plan import safety_plan_save
from tests.factories import fullest_safety_plan
from tests.planning.test_pdf import pdf_text
from tests.planning.test_wallet_card import pdfinfo


def _url(name: str, world) -> str:
    return reverse(f"planning:{name}", kwargs={"client_id": world.client.public_id})


def _versions(world) -> int:
    return SafetyPlanVersion.objects.filter(plan__client=world.client).count()


def test_five_thousand_lines_in_one_section_are_refused_kindly_and_kept(client_http, world):
    lines = "\n".join(f"Idea {n}" for n in range(5_000))
    response = client_http.post(_url("safety_plan_edit", world), {"version": "0", "coping": lines})
    page = response.content.decode()
    assert response.status_code == 200 and f"{MAX_ITEMS} lines or fewer" in page
    assert "Idea 4999" in page  # everything typed is back in the box
    assert _versions(world) == 0


def test_twelve_lines_at_full_length_in_every_section_save(client_http, world):
    data = {"version": "0"}
    for spec in SAFETY_SECTIONS:
        if not spec.contacts:
            data[spec.key] = "\n".join(fullest_safety_plan()[spec.key])
    client_http.post(_url("safety_plan_edit", world), data)
    assert _versions(world) == 1


def test_five_thousand_fields_posted_at_once_get_a_kind_page_and_save_nothing(client_http, world):
    fields = [("section", "coping")] + [("text", f"line {n}") for n in range(5_000)]
    body = "&".join(f"{name}={value.replace(' ', '+')}" for name, value in fields)
    response = client_http.post(
        _url("safety_plan_add_item", world), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "more separate items than Stepwise takes in one go" in page and "Nothing was saved" in page
    assert _versions(world) == 0


def test_a_post_with_fields_under_the_limit_goes_through(client_http, world):
    fields = [("section", "coping"), ("text", "Slow breathing")] + [
        ("extra", "x") for _ in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS - 3)
    ]
    body = "&".join(f"{name}={value.replace(' ', '+')}" for name, value in fields)
    client_http.post(_url("safety_plan_add_item", world), body, content_type="application/x-www-form-urlencoded")
    assert _versions(world) == 1


def test_a_post_bigger_than_the_limit_gets_a_kind_page_and_saves_nothing(client_http, world):
    big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client_http.post(_url("safety_plan_edit", world), {"version": "0", "coping": big})
    assert response.status_code == 400 and "more text than Stepwise takes in one go" in response.content.decode()
    assert _versions(world) == 0


@pytest.fixture
def fullest(world):
    return safety_plan_save(actor=world.client.user, client=world.client, content=fullest_safety_plan(), based_on=0)


def test_a_plan_with_every_field_at_its_limit_prints_every_line(client_http, world, fullest):
    response = client_http.get(_url("safety_plan_pdf", world))
    assert response.status_code == 200
    text = " ".join(pdf_text(response.content).split())
    last_list = [spec for spec in SAFETY_SECTIONS if not spec.contacts][-1]
    assert fullest_safety_plan()[last_list.key][-1][:40] in text
    assert f"Person {CONTACT_ROWS - 1}" in text


def test_a_wallet_card_of_the_fullest_plan_is_still_one_sheet(client_http, world, fullest):
    response = client_http.get(_url("safety_plan_card_pdf", world))
    assert response.status_code == 200 and "Pages:           1" in pdfinfo(response.content)
