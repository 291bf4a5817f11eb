"""The wallet card: the client chooses what goes on it, and the card never drops anything without saying so."""

from __future__ import annotations

import html
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse

from planning import pdf
from planning.demo.safety import PLANS
from planning.models import AuditEvent
from planning.services.crisis_lines import default_crisis_lines
from planning.services.safety_plan import safety_plan_save
from tests.factories import ClientFactory
from tests.planning.test_pdf import pdf_text, reading_text

A4 = "595.276 x 841.89 pts"
LETTER = "612 x 792 pts"

CONTENT = {
    "warning_signs": ["Jaw clenched", "Curtains shut all day"],
    "coping": ["Slow breathing", "Walk to the canal", "Cold water on my wrists"],
    "help_contacts": [
        {"name": "Jo", "relationship": "sister", "phone": "555 0101"},
        {"name": "Kit", "relationship": "neighbour", "phone": "555 0102"},
    ],
    "professional_contacts": [{"name": "Dr Ada Treat", "relationship": "my clinician", "phone": "555 0100"}],
}


def pdfinfo(body: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        Path(handle.name).write_bytes(body)
        return subprocess.run(["pdfinfo", handle.name], capture_output=True, check=True).stdout.decode()  # noqa: S607


def _url(w, name="safety_plan_card"):
    return reverse(f"planning:{name}", kwargs={"client_id": w.client.public_id})


def _card_text(http, w) -> str:
    return reading_text(http.get(_url(w, "safety_plan_card_pdf")).content)


@pytest.fixture
def plan(world):
    return safety_plan_save(actor=world.client.user, client=world.client, content=CONTENT, based_on=0)


def _choice(version=1, **overrides):
    """A post ticking every line of CONTENT and the crisis lines, changed by `overrides`."""
    data = {"version": version, "warning_signs": ["0", "1"], "coping": ["0", "1", "2"], "contacts": ["0", "1", "2"]}
    data["crisis"] = "on"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_card_holds_every_contact_and_the_crisis_line_by_default(client_http, world, plan):
    text = _card_text(client_http, world)
    assert all(words in text for words in ("Jo: 555 0101", "Kit: 555 0102", "988 Suicide & Crisis Lifeline"))


def test_the_clinicians_number_is_on_the_card_by_default(client_http, world, plan):
    assert "Dr Ada Treat: 555 0100" in _card_text(client_http, world)


def test_the_clinics_number_is_offered_ticked_and_printed(client_http, world, plan):
    world.clinic.phone = "555 0199"
    world.clinic.save()
    page = client_http.get(_url(world)).content.decode()
    checkbox = re.search(r"<input[^>]*id=\"id_clinic\"[^>]*>", page)
    assert checkbox and "checked" in checkbox.group(0)
    assert f"{world.clinic.name}: 555 0199" in _card_text(client_http, world)


def test_a_chosen_line_prints_and_a_line_left_off_does_not(client_http, world, plan):
    response = client_http.post(_url(world), _choice(coping=["0", "2"]))
    assert response.status_code == 302
    text = _card_text(client_http, world)
    assert "Slow breathing" in text and "Cold water on my wrists" in text
    assert "Walk to the canal" not in text


def test_a_contact_left_off_is_absent_and_the_others_stay(client_http, world, plan):
    client_http.post(_url(world), _choice(contacts=["0", "2"]))
    text = _card_text(client_http, world)
    assert "Jo: 555 0101" in text and "Dr Ada Treat: 555 0100" in text
    assert "Kit" not in text


def test_the_crisis_lines_can_be_left_off(client_http, world, plan):
    client_http.post(_url(world), _choice(crisis=None))
    assert "988" not in _card_text(client_http, world)


def test_the_choice_outlives_a_later_edit_and_new_lines_join_the_card(client_http, world, plan):
    client_http.post(_url(world), _choice(coping=["0", "2"]))
    content = {**CONTENT, "coping": [*CONTENT["coping"], "Call the warm line"]}
    safety_plan_save(actor=world.client.user, client=world.client, content=content, based_on=1)
    text = _card_text(client_http, world)
    assert "Walk to the canal" not in text and "Call the warm line" in text


def test_a_choice_made_on_an_older_version_keeps_the_lines_it_meant(client_http, world, plan):
    content = {**CONTENT, "coping": ["A new first line", *CONTENT["coping"]]}
    safety_plan_save(actor=world.client.user, client=world.client, content=content, based_on=1)
    client_http.post(_url(world), _choice(version=1, coping=["0", "2"]))  # ticks made on version 1
    text = _card_text(client_http, world)
    assert "Slow breathing" in text and "A new first line" in text and "Walk to the canal" not in text


def test_a_version_that_does_not_exist_saves_nothing_and_says_why(client_http, world, plan):
    response = client_http.post(_url(world), _choice(version=99, coping=["0"]))
    assert response.status_code == 200 and "The plan changed while you were choosing" in response.content.decode()
    world.client.safety_plan.refresh_from_db()
    assert world.client.safety_plan.card == {}


def test_a_line_number_that_is_not_on_the_plan_saves_nothing(client_http, world, plan):
    response = client_http.post(_url(world), _choice(coping=["0", "7"]))
    assert response.status_code == 200 and "no longer on the plan" in response.content.decode()
    world.client.safety_plan.refresh_from_db()
    assert world.client.safety_plan.card == {}


def test_read_only_care_team_cannot_change_the_choice(readonly_http, world, plan):
    response = readonly_http.post(_url(world), _choice(coping=["0"]))
    world.client.safety_plan.refresh_from_db()
    assert response.status_code == 403 and world.client.safety_plan.card == {}


def test_the_read_write_clinician_can_change_the_choice(clinician_http, world, plan):
    response = clinician_http.post(_url(world), _choice(coping=["0"]))
    world.client.safety_plan.refresh_from_db()
    assert response.status_code == 302 and world.client.safety_plan.card_choice().left_off["coping"] == (
        "Walk to the canal",
        "Cold water on my wrists",
    )


def test_read_only_care_team_sees_the_card_without_a_save_button(readonly_http, world, plan):
    page = readonly_http.get(_url(world)).content.decode()
    assert "Jo: 555 0101" in page and "Save my choice" not in page


def test_saving_the_choice_is_audited_without_any_words(client_http, world, plan):
    client_http.post(_url(world), _choice(coping=["0"]))
    event = AuditEvent.objects.get(action="safety_plan.card_chosen")
    assert event.changed_fields == ["card"] and "canal" not in str(event.__dict__)


def test_a_preview_shows_the_choice_and_saves_nothing(client_http, world, plan):
    response = client_http.get(_url(world), _choice(coping=["1"]), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "Walk to the canal" in page and "Slow breathing" not in page and "<html" not in page
    world.client.safety_plan.refresh_from_db()
    assert world.client.safety_plan.card == {}


def test_the_page_without_javascript_shows_the_preview_of_the_ticks(client_http, world, plan):
    page = client_http.get(_url(world), _choice(coping=["1"])).content.decode()
    assert "Preview (not saved yet)" in page and "Slow breathing</li>" not in page


LONG = "A longer line about what steadies me when the evening gets heavy and the flat is too quiet"


def test_an_overfull_card_says_more_on_your_full_plan(client_http, world):
    content = {**CONTENT, "coping": [f"{LONG} ({n})" for n in range(9)]}
    safety_plan_save(actor=world.client.user, client=world.client, content=content, based_on=0)
    text = _card_text(client_http, world)
    assert "More on your full plan" in text and f"{LONG} (0)" in text and f"{LONG} (8)" not in text


def test_a_card_that_fits_does_not_say_more(client_http, world, plan):
    assert "More on your full plan" not in _card_text(client_http, world)


def test_too_many_people_keep_the_clinician_and_the_crisis_line(client_http, world):
    people = [{"name": f"Friend {n}", "phone": f"555 01{n:02}"} for n in range(14)]
    content = {**CONTENT, "help_contacts": people}
    safety_plan_save(actor=world.client.user, client=world.client, content=content, based_on=0)
    text = _card_text(client_http, world)
    assert "More on your full plan" in text and "Dr Ada Treat: 555 0100" in text and "988" in text
    assert "Friend 0: 555 0100" in text and "Friend 13" not in text


def test_the_preview_says_when_something_does_not_fit(client_http, world):
    content = {**CONTENT, "coping": [f"{LONG} ({n})" for n in range(9)]}
    safety_plan_save(actor=world.client.user, client=world.client, content=content, based_on=0)
    assert "Untick a line or two" in client_http.get(_url(world)).content.decode()


@pytest.mark.parametrize(
    ("country", "paper"),
    [("", LETTER), ("United States", LETTER), ("Canada", LETTER), ("United Kingdom", A4), ("Ireland", A4)],
)
def test_the_card_sheet_is_letter_or_a4_by_the_clinics_country(client_http, world, plan, country, paper):
    world.clinic.country = country
    world.clinic.save()
    info = pdfinfo(client_http.get(_url(world, "safety_plan_card_pdf")).content)
    assert paper in info and "Pages:           1" in info


def test_the_full_plan_is_on_the_same_paper_as_the_card(client_http, world, plan):
    world.clinic.country = "United Kingdom"
    world.clinic.save()
    assert A4 in pdfinfo(client_http.get(_url(world, "safety_plan_pdf")).content)


def test_the_card_prints_its_countrys_crisis_line(client_http, world, plan):
    world.clinic.country = "United Kingdom"
    world.clinic.save()
    text = _card_text(client_http, world)
    assert "Samaritans: Call 116 123" in text and "988" not in text


def test_a_country_without_a_crisis_line_prints_a_clear_line_instead(client_http, world, plan):
    world.clinic.country = "Portugal"
    world.clinic.save()
    response = client_http.get(_url(world, "safety_plan_card_pdf"))
    assert response.status_code == 200
    assert "Call your local emergency number" in reading_text(response.content)


def test_a_country_without_a_crisis_line_says_so_on_the_choosing_page(client_http, world, plan):
    world.clinic.country = "Portugal"
    world.clinic.save()
    response = client_http.get(_url(world))
    assert response.status_code == 200 and "no crisis line for its country yet" in response.content.decode()


def test_the_card_has_cut_and_fold_instructions(client_http, world, plan):
    assert "Cut along the corner marks, then fold in half" in _card_text(client_http, world)


def test_no_text_on_the_card_is_smaller_than_8_pt(client_http, world, plan):
    body = client_http.get(_url(world, "safety_plan_card_pdf")).content
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        Path(handle.name).write_bytes(body)
        boxes = subprocess.run(["pdftotext", "-bbox", handle.name, "-"], capture_output=True, check=True)  # noqa: S607
    heights = [
        float(word.split('yMax="')[1].split('"')[0]) - float(word.split('yMin="')[1].split('"')[0])
        for word in boxes.stdout.decode().split("<word ")[1:]
    ]
    # A DejaVu Sans word box is about 1.16 times its point size tall: 8 pt is 9.3 high (the old 5.5 pt footer, 6.4).
    assert heights and min(heights) >= 9.2


def _demo_plan_pdf(name: str, country: str) -> bytes:
    client = ClientFactory(
        preferred_name=name, organization__name="Willow Street Clinic", organization__country=country
    )
    version = safety_plan_save(actor=client.user, client=client, content=PLANS[name], based_on=0)
    return pdf.safety_plan_pdf(client=client, version=version, crisis_lines=default_crisis_lines(client.organization))


@pytest.mark.parametrize("country", ["United States", "United Kingdom"])
@pytest.mark.parametrize("name", sorted(PLANS))
def test_each_demo_plan_prints_on_one_sheet(db, name, country):
    assert "Pages:           1" in pdfinfo(_demo_plan_pdf(name, country))


def test_the_demo_plan_prints_on_one_sheet_with_every_countrys_lines(db):
    body = _demo_plan_pdf("Sam", "")
    assert "Pages:           1" in pdfinfo(body) and "Samaritans" in pdf_text(body)


def test_the_admin_sets_the_clinics_country_and_number(admin_http, world):
    response = admin_http.post(
        reverse("planning:org_clinic_details"), {"country": " United  Kingdom ", "phone": "555 0199"}
    )
    world.clinic.refresh_from_db()
    assert response.status_code == 302 and (world.clinic.country, world.clinic.phone) == ("United Kingdom", "555 0199")


def test_a_clinic_number_with_letters_is_refused_kindly_and_kept(admin_http, world):
    response = admin_http.post(reverse("planning:org_clinic_details"), {"country": "Ireland", "phone": "call us"})
    world.clinic.refresh_from_db()
    page = html.unescape(response.content.decode())
    assert "Letters can't be dialled" in page and 'value="call us"' in page
    assert world.clinic.phone == ""


def test_contact_numbers_on_the_plan_are_large_tap_targets(client_http, world, plan):
    page = client_http.get(reverse("planning:safety_plan", kwargs={"client_id": world.client.public_id}))
    assert '<a class="contact-phone" href="tel:5550101">555 0101</a>' in page.content.decode()


def test_the_page_says_which_paper_the_card_prints_on(client_http, world, plan):
    world.clinic.country = "United Kingdom"
    world.clinic.save()
    assert "on one A4 sheet" in client_http.get(_url(world)).content.decode()
