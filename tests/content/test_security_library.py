"""Library items linked into a client's record stay within what the client may read."""

from __future__ import annotations

from django.urls import reverse

from content.models import Audience, Item, Kind
from tests.factories import GoalFactory, PlanFactory, StepFactory


def _clinic_skill(world) -> Item:
    return Item.objects.create(
        kind=Kind.TECHNIQUE, slug="clinic-breathing", title="Harbour breathing", summary="S", body="B",
        organization=world.clinic,
    )  # fmt: skip


def test_a_linked_item_later_kept_for_clinicians_no_longer_shows_on_the_clients_step(
    world, clinician_http, client_http
):
    step = StepFactory(goal=GoalFactory(plan=PlanFactory(client=world.client)))
    skill = _clinic_skill(world)
    clinician_http.post(reverse("planning:step_library", args=[step.public_id]), {"items": [skill.public_id]})
    Item.objects.filter(pk=skill.pk).update(audience=Audience.CLINICIANS)
    response = client_http.get(reverse("planning:step_detail", args=[step.public_id]))
    assert step.library_links.exists()
    assert "Harbour breathing" not in response.text


def test_a_linked_item_still_for_everyone_shows_on_the_clients_step(world, clinician_http, client_http):
    step = StepFactory(goal=GoalFactory(plan=PlanFactory(client=world.client)))
    skill = _clinic_skill(world)
    clinician_http.post(reverse("planning:step_library", args=[step.public_id]), {"items": [skill.public_id]})
    response = client_http.get(reverse("planning:step_detail", args=[step.public_id]))
    assert "Harbour breathing" in response.text
