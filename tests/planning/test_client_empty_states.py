"""What a brand-new client sees before anything is written down: a calm next step, never a blank page."""

from __future__ import annotations

from django.urls import reverse


def test_an_empty_trigger_list_tells_the_client_one_is_enough_to_start(client_http, world):
    page = client_http.get(reverse("planning:trigger_list", kwargs={"client_id": world.client.public_id}))
    assert "One is enough to start" in page.content.decode()


def test_an_empty_trigger_list_reads_neutrally_to_the_care_team(clinician_http, world):
    page = clinician_http.get(reverse("planning:trigger_list", kwargs={"client_id": world.client.public_id}))
    assert f"No triggers on {world.client.preferred_name}" in page.content.decode()


def test_the_contact_sections_of_the_safety_plan_link_to_where_people_are_added(client_http, world):
    page = client_http.get(reverse("planning:my_safety_plan")).content.decode()
    edit_url = reverse("planning:safety_plan_edit", kwargs={"client_id": world.client.public_id})
    assert page.count(f'href="{edit_url}">Add or change people and numbers') == 2
