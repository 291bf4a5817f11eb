"""The "get support now" screen: the client's pinned skills, people and crisis lines, one tap from every page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from content.models import Item
from planning.models import LibraryLink
from tests.factories import SafetyPlanVersionFactory

SUPPORT_NOW = reverse("planning:support_now")


def _shared(slug):
    return Item.objects.get(slug=slug, organization=None)


def _plan(world, **content):
    version = SafetyPlanVersionFactory(plan__client=world.client)
    if content:
        version.content = {**version.content, **content}
        version.save()
    return version


def _pin(version, slug):
    LibraryLink.objects.create(safety_plan=version.plan, item=_shared(slug))


@pytest.mark.parametrize("url", ["planning:client_home", "planning:my_safety_plan", "content:index"])
def test_every_client_page_links_to_the_support_screen(client_http, world, url):
    assert f'href="{SUPPORT_NOW}"' in client_http.get(reverse(url)).content.decode()


def test_clinician_pages_have_no_support_screen_link(clinician_http, world):
    assert SUPPORT_NOW not in clinician_http.get(reverse("planning:caseload")).content.decode()


def test_it_shows_the_coping_skills_kept_on_the_safety_plan(client_http, world):
    _pin(_plan(world), "grounding-5-4-3-2-1")
    body = client_http.get(SUPPORT_NOW).content.decode()
    assert "5-4-3-2-1 grounding" in body


def test_it_leaves_out_library_items_that_are_not_coping_skills(client_http, world):
    version = _plan(world)
    _pin(version, "paced-breathing")
    LibraryLink.objects.create(safety_plan=version.plan, item=_shared("coffee-with-a-friend"))
    body = client_http.get(SUPPORT_NOW).content.decode()
    assert "Paced breathing" in body
    assert _shared("coffee-with-a-friend").title not in body


def test_it_shows_people_to_call_as_phone_links(client_http, world):
    _plan(world)
    assert 'href="tel:5550101"' in client_http.get(SUPPORT_NOW).content.decode()


def test_it_includes_professionals_from_the_plan(client_http, world):
    _plan(world, professional_contacts=[{"name": "Dr Ada", "relationship": "", "phone": "555 0199"}])
    body = client_http.get(SUPPORT_NOW).content.decode()
    assert 'href="tel:5550101"' in body and 'href="tel:5550199"' in body


def test_it_gives_the_clinics_crisis_lines_as_call_and_text_links(client_http, world):
    body = client_http.get(SUPPORT_NOW).content.decode()
    assert 'href="tel:988"' in body and 'href="sms:741741?&amp;body=HOME"' in body


def test_it_offers_leave_quickly_as_a_post_form_on_the_page(client_http, world):
    body = client_http.get(SUPPORT_NOW).content.decode()
    assert body.count(f'action="{reverse("planning:leave_quickly")}"') == 2  # the header's and the page's own


def test_it_shows_the_clients_own_coping_words(client_http, world):
    _plan(world)
    assert "Walk round the block" in client_http.get(SUPPORT_NOW).content.decode()


def test_without_a_safety_plan_it_still_gives_crisis_lines_and_says_what_will_appear(client_http, world):
    body = client_http.get(SUPPORT_NOW).content.decode()
    assert 'href="tel:988"' in body
    assert "When you add people to your safety plan" in body


def test_it_is_printable(client_http, world):
    body = client_http.get(SUPPORT_NOW).content.decode()
    assert 'media="print"' in body and "data-print" in body


def test_it_loads_with_redis_and_the_broker_down(client_http, world, dead_services):
    _plan(world)
    response = client_http.get(SUPPORT_NOW)
    assert response.status_code == 200 and 'href="tel:5550101"' in response.content.decode()


def test_it_reads_a_fixed_number_of_queries_however_many_skills(client_http, world, django_assert_max_num_queries):
    version = _plan(world)
    for slug in ("grounding-5-4-3-2-1", "paced-breathing", "opposite-action", "sensory-focus"):
        _pin(version, slug)
    with django_assert_max_num_queries(11):  # the session comes from the cache
        client_http.get(SUPPORT_NOW)


def test_it_is_the_clients_own_screen_the_care_team_is_refused(clinician_http, world):
    assert clinician_http.get(SUPPORT_NOW).status_code == 403


def test_the_client_gets_their_own_screen(client_http, world):
    assert client_http.get(SUPPORT_NOW).status_code == 200


def test_another_client_sees_only_their_own_people(as_persona, world):
    _plan(world)
    body = as_persona("other_client").get(SUPPORT_NOW).content.decode()
    assert "5550101" not in body
