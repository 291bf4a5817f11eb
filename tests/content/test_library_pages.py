"""Reading the library: browsing, filtering, searching, and who sees which item."""

from __future__ import annotations

from django.urls import reverse

from content.models import Audience, Item, Kind
from tests.factories import GoalFactory, OrganizationFactory, PlanFactory, StepFactory
from tests.matrix import SECOND_FACTOR_QUERIES

INDEX = reverse("content:index")


def _item(**fields) -> Item:
    defaults = {"kind": Kind.TOPIC, "title": "A title", "summary": "A summary.", "body": "Some text."}
    return Item.objects.create(**{**defaults, **fields})


def test_a_client_sees_every_kind_of_item_in_the_library(client_http):
    response = client_http.get(INDEX)
    for heading in ("Guides", "Coping skills", "Conversation ideas", "Step ideas"):
        assert f">{heading}</h2>" in response.text


def test_filtering_by_kind_shows_only_that_kind(client_http, library_item):
    response = client_http.get(INDEX, {"kind": "script"})
    assert library_item("saying-no-kindly").title in response.text
    assert library_item("paced-breathing").title not in response.text


def test_search_finds_an_item_by_a_word_in_its_body(client_http, library_item):
    response = client_http.get(INDEX, {"q": "cooling"})
    assert library_item("paced-breathing").title in response.text


def test_each_result_and_each_word_explained_opens_its_own_page(client_http, library_item):
    item = library_item("paced-breathing")
    found = client_http.get(INDEX, {"q": "cooling"}).text
    assert f'href="{reverse("content:item", args=[item.public_id])}">{item.title}</a>' in found
    term = Item.objects.filter(kind=Kind.TERM).first()
    assert term is not None
    glossary = client_http.get(reverse("content:glossary")).text
    assert f'<dt><a href="{reverse("content:item", args=[term.public_id])}">{term.title}</a></dt>' in glossary
    assert client_http.get(reverse("content:item", args=[item.public_id])).status_code == 200


def test_a_search_with_no_match_says_so_kindly(client_http):
    response = client_http.get(INDEX, {"q": "xylophone-zebra"})
    assert "Nothing matched" in response.text


def test_a_client_does_not_see_clinician_only_items(client_http):
    _item(slug="for-staff", title="Briefing for staff only", audience=Audience.CLINICIANS)
    response = client_http.get(INDEX)
    assert "Briefing for staff only" not in response.text


def test_a_clinician_can_filter_to_clinician_only_items(clinician_http):
    _item(slug="for-staff", title="Briefing for staff only", audience=Audience.CLINICIANS)
    response = clinician_http.get(INDEX, {"audience": "clinicians"})
    assert "Briefing for staff only" in response.text
    assert "Why pulling away made sense" not in response.text


def test_another_clinics_items_never_show_in_the_list(clinician_http):
    _item(slug="elsewhere", title="Northfield parking", organization=OrganizationFactory())
    assert "Northfield parking" not in clinician_http.get(INDEX).text


def test_the_list_needs_the_same_number_of_queries_however_big_the_library(
    clinician_http, django_assert_max_num_queries
):
    for n in range(30):
        _item(slug=f"extra-{n}", title=f"Extra {n}")
    with django_assert_max_num_queries(6 + SECOND_FACTOR_QUERIES):  # one is the header's unread count; session cached
        clinician_http.get(INDEX)


def test_a_technique_page_shows_how_long_it_takes_and_when_to_use_it(client_http, library_item):
    item = library_item("grounding-5-4-3-2-1")
    response = client_http.get(reverse("content:item", args=[item.public_id]))
    assert "About 3 minutes" in response.text
    assert "When to use it" in response.text


def test_a_client_does_not_see_the_note_for_clinicians(client_http, library_item):
    item = library_item("paced-breathing")
    response = client_http.get(reverse("content:item", args=[item.public_id]))
    assert "Note for clinicians" not in response.text


def test_a_clinician_sees_the_note_for_clinicians(clinician_http, library_item):
    item = library_item("paced-breathing")
    response = clinician_http.get(reverse("content:item", args=[item.public_id]))
    assert "Note for clinicians" in response.text


def test_the_paced_breathing_page_offers_the_pacer_with_its_script(client_http, library_item):
    item = library_item("paced-breathing")
    response = client_http.get(reverse("content:item", args=[item.public_id]))
    assert "data-pacer" in response.text
    assert "js/pacer.js" in response.text


def test_a_step_idea_shows_its_distress_range_and_what_makes_it_easier(client_http, library_item):
    item = library_item("coffee-with-a-friend")
    response = client_http.get(reverse("content:item", args=[item.public_id]))
    assert "30-45 out of 100" in response.text
    assert "Sit near the exit" in response.text


def test_a_guide_links_the_glossary_words_it_uses(client_http, library_item):
    item = library_item("the-alarm-system")
    response = client_http.get(reverse("content:item", args=[item.public_id]))
    assert 'href="/library/words/#grounding"' in response.text


def test_the_glossary_page_gives_each_term_an_anchor(client_http):
    response = client_http.get(reverse("content:glossary"))
    assert 'id="window-of-tolerance"' in response.text
    assert 'id="suds"' in response.text


def test_library_page_titles_stay_neutral(client_http, library_item):
    item = library_item("shame-and-self-blame")
    response = client_http.get(reverse("content:item", args=[item.public_id]))
    assert "<title>Stepwise</title>" in response.text


def test_search_also_finds_words_explained(client_http, library_item):
    response = client_http.get(INDEX, {"q": "tolerance"})
    assert library_item("window-of-tolerance").title in response.text


def test_the_step_page_explains_the_distress_scale(client_http, world):
    step = StepFactory(goal=GoalFactory(plan=PlanFactory(client=world.client)))
    response = client_http.get(reverse("planning:step_detail", args=[step.public_id]))
    assert 'href="/library/words/#suds"' in response.text
