"""Adding one line to a section of the safety plan, with htmx or as a plain form post."""

from __future__ import annotations

from django.urls import reverse

from planning.models import SafetyPlanVersion
from planning.services.safety_plan import safety_plan_save

HTMX = {"HTTP_HX_REQUEST": "true"}


def _add(http, w, text, section="coping", **headers):
    url = reverse("planning:safety_plan_add_item", kwargs={"client_id": w.client.public_id})
    return http.post(url, {"section": section, "text": text}, **headers)


def _coping(w):
    return w.client.safety_plan.current_version().content["coping"]


def test_a_plain_post_adds_the_line_as_a_new_version(client_http, world):
    response = _add(client_http, world, "Hum a tune")
    assert response.status_code == 302 and _coping(world) == ["Hum a tune"]


def test_with_htmx_only_the_section_comes_back(client_http, world):
    body = _add(client_http, world, "Hum a tune", **HTMX).content.decode()
    assert "Hum a tune" in body and "<html" not in body and "Added and saved as version 1" in body


def test_adding_keeps_what_is_already_there(clinician_http, world):
    safety_plan_save(actor=world.client.user, client=world.client, content={"coping": ["Walk"]}, based_on=0)
    _add(clinician_http, world, "Call Jo")
    assert _coping(world) == ["Walk", "Call Jo"]


def test_two_people_adding_from_the_same_page_both_keep_their_line(client_http, clinician_http, world):
    _add(client_http, world, "Walk")
    _add(clinician_http, world, "Bath")
    assert _coping(world) == ["Walk", "Bath"]


def test_an_empty_line_gets_a_kind_message_and_saves_nothing(client_http, world):
    body = _add(client_http, world, "  ", **HTMX).content.decode()
    assert "Type a few words first" in body and not SafetyPlanVersion.objects.exists()


def test_an_over_long_line_without_javascript_keeps_the_text_on_the_page(client_http, world):
    response = _add(client_http, world, "word " * 70)
    body = response.content.decode()
    assert response.status_code == 200 and "under 300 characters" in body and "word word word" in body


def test_a_thirteenth_line_is_refused_kindly(client_http, world):
    content = {"coping": [f"Idea {n}" for n in range(12)]}
    safety_plan_save(actor=world.client.user, client=world.client, content=content, based_on=0)
    assert "already has 12 lines" in _add(client_http, world, "One more", **HTMX).content.decode()


def test_a_contact_section_cannot_take_a_bare_line(client_http, world):
    response = _add(client_http, world, "Jo", section="help_contacts", **HTMX)
    assert response.status_code == 404 and not SafetyPlanVersion.objects.exists()


def test_an_unknown_section_is_not_found_rather_than_an_error(client_http, world):
    assert _add(client_http, world, "Jo", section="bogus", **HTMX).status_code == 404


def test_a_read_only_clinician_cannot_add(readonly_http, world):
    assert _add(readonly_http, world, "Walk").status_code == 403 and not SafetyPlanVersion.objects.exists()


def test_an_empty_plan_shows_every_section_with_its_prompt(client_http, world):
    body = client_http.get(reverse("planning:my_safety_plan")).content.decode()
    assert "Making my surroundings safer" in body and "Add a line" in body
