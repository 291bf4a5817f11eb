"""The library linked into plans: steps from templates, and skills attached where the client needs them."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from content.models import Audience, Item, Kind
from planning.models import AuditEvent
from tests.factories import (
    GoalFactory,
    OrganizationFactory,
    PlanFactory,
    SafetyPlanVersionFactory,
    StepFactory,
    TriggerFactory,
)


@pytest.fixture
def goal(world):
    return GoalFactory(plan=PlanFactory(client=world.client))


@pytest.fixture
def step(goal):
    return StepFactory(goal=goal)


def _ids(*items) -> dict:
    return {"items": [str(item.public_id) for item in items]}


def test_adding_from_a_template_puts_an_editable_copy_on_the_ladder(clinician_http, goal, library_item):
    template = library_item("coffee-with-a-friend")
    response = clinician_http.post(
        reverse("planning:step_from_library", args=[goal.public_id]), {"template": template.public_id}
    )
    step = goal.steps.get()
    assert (step.activity, step.template_key, step.expected_distress) == (template.title, template.slug, 38)
    assert response["Location"] == reverse("planning:step_edit", args=[step.public_id])


def test_a_step_from_a_template_keeps_its_accommodations(clinician_http, goal, library_item):
    template = library_item("coffee-with-a-friend")
    clinician_http.post(reverse("planning:step_from_library", args=[goal.public_id]), {"template": template.public_id})
    assert "Sit near the exit" in goal.steps.get().accommodations


def test_the_template_list_can_be_narrowed_to_online_steps(clinician_http, goal, library_item):
    response = clinician_http.get(reverse("planning:step_from_library", args=[goal.public_id]), {"setting": "online"})
    assert library_item("read-a-hobby-forum").title in response.text
    assert library_item("coffee-with-a-friend").title not in response.text


def test_a_template_that_is_gone_gets_a_kind_message(clinician_http, goal):
    url = reverse("planning:step_from_library", args=[goal.public_id])
    response = clinician_http.post(url, {"template": uuid.uuid4()})
    assert "not in the library any more" in response.text
    assert not goal.steps.exists()


def test_the_co_building_screen_offers_add_from_the_library(clinician_http, goal):
    response = clinician_http.get(reverse("planning:plan_detail", args=[goal.plan.public_id]))
    assert reverse("planning:step_from_library", args=[goal.public_id]) in response.text


def test_a_skill_attached_to_a_step_shows_on_the_clients_step_page(clinician_http, client_http, step, library_item):
    skill = library_item("paced-breathing")
    clinician_http.post(reverse("planning:step_library", args=[step.public_id]), _ids(skill))
    response = client_http.get(reverse("planning:step_detail", args=[step.public_id]))
    assert reverse("content:item", args=[skill.public_id]) in response.text


def test_unticking_a_skill_takes_it_off_the_step(clinician_http, step, library_item):
    url = reverse("planning:step_library", args=[step.public_id])
    clinician_http.post(url, _ids(library_item("paced-breathing"), library_item("saying-no-kindly")))
    clinician_http.post(url, _ids(library_item("saying-no-kindly")))
    assert [link.item.slug for link in step.library_links.all()] == ["saying-no-kindly"]


def test_attaching_records_an_audit_entry_without_any_text(clinician_http, step, library_item):
    clinician_http.post(reverse("planning:step_library", args=[step.public_id]), _ids(library_item("paced-breathing")))
    event = AuditEvent.objects.get(action="library_links.updated")
    assert event.changed_fields == ["library_links"]


def test_a_clinician_only_item_cannot_be_attached_for_a_client(clinician_http, step):
    hidden = Item.objects.create(
        kind=Kind.TECHNIQUE, slug="staff-only", title="Staff", summary="S", body="B", audience=Audience.CLINICIANS
    )
    response = clinician_http.post(reverse("planning:step_library", args=[step.public_id]), _ids(hidden))
    assert "not in the library any more" in response.text
    assert not step.library_links.exists()


def test_another_clinics_item_cannot_be_attached(clinician_http, step):
    theirs = Item.objects.create(
        kind=Kind.TECHNIQUE, slug="theirs", title="T", summary="S", body="B", organization=OrganizationFactory()
    )
    clinician_http.post(reverse("planning:step_library", args=[step.public_id]), _ids(theirs))
    assert not step.library_links.exists()


def test_a_skill_attached_to_a_trigger_shows_on_the_trigger_list(clinician_http, client_http, world, library_item):
    trigger = TriggerFactory(client=world.client)
    skill = library_item("grounding-5-4-3-2-1")
    clinician_http.post(reverse("planning:trigger_library", args=[trigger.public_id]), _ids(skill))
    response = client_http.get(reverse("planning:trigger_list", args=[world.client.public_id]))
    assert reverse("content:item", args=[skill.public_id]) in response.text


def test_the_trigger_list_does_not_grow_queries_with_attached_skills(
    clinician_http, world, library_item, django_assert_max_num_queries
):
    skill = library_item("grounding-5-4-3-2-1")
    for _ in range(5):
        trigger = TriggerFactory(client=world.client)
        clinician_http.post(reverse("planning:trigger_library", args=[trigger.public_id]), _ids(skill))
    with django_assert_max_num_queries(11):
        clinician_http.get(reverse("planning:trigger_list", args=[world.client.public_id]))


def test_a_skill_attached_to_the_safety_plan_shows_beside_the_coping_list(
    clinician_http, client_http, world, library_item
):
    SafetyPlanVersionFactory(plan__client=world.client)
    skill = library_item("self-compassion-break")
    clinician_http.post(reverse("planning:safety_plan_library", args=[world.client.public_id]), _ids(skill))
    response = client_http.get(reverse("planning:my_safety_plan"))
    assert reverse("content:item", args=[skill.public_id]) in response.text


def test_choosing_skills_before_the_safety_plan_exists_leads_to_starting_it(clinician_http, world):
    response = clinician_http.get(reverse("planning:safety_plan_library", args=[world.client.public_id]))
    assert response["Location"] == reverse("planning:safety_plan_edit", args=[world.client.public_id])
