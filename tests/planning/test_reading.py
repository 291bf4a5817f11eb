"""What people read and choose on forms: drop-downs start with words, thinking traps are explained, and the
distress marker is a reading rather than a handle."""

from __future__ import annotations

import pytest
from django.urls import reverse

from content.models import Item
from tests.factories import GoalFactory, PlanFactory, StepFactory

DASHES = "---------"


@pytest.fixture
def goal(world):
    return GoalFactory(plan=PlanFactory(client=world.client), title="Join a board-game night")


@pytest.mark.parametrize(
    ("persona", "name", "kwargs"),
    [
        ("org_admin", "content:item_add", lambda w, g: {}),
        ("clinician", "planning:step_add", lambda w, g: {"goal_id": g.public_id}),
        ("client", "planning:trigger_add", lambda w, g: {"client_id": w.client.public_id}),
        ("org_admin", "planning:org_care_team", lambda w, g: {"client_id": w.client.public_id}),
    ],
)
def test_drop_downs_start_with_words_not_dashes(as_persona, world, goal, persona, name, kwargs):
    body = as_persona(persona).get(reverse(name, kwargs=kwargs(world, goal))).content.decode()
    assert "<select" in body
    assert DASHES not in body


def test_a_library_item_form_prompts_to_choose_a_kind(admin_http):
    body = admin_http.get(reverse("content:item_add")).content.decode()
    assert '<option value="" selected>Choose…</option>' in body


def test_thinking_traps_are_explained_in_the_glossary(client_http):
    trap = Item.objects.get(slug="thinking-trap", organization__isnull=True)
    for name in ("Mind reading", "Fortune telling", "Catastrophising", "Personalising", "Should statements"):
        assert name in trap.body
    assert "Thinking trap" in client_http.get(reverse("content:glossary")).content.decode()


def test_the_journal_form_links_to_the_thinking_traps(client_http, world):
    body = client_http.get(reverse("planning:journal_add", kwargs={"client_id": world.client.public_id})).content
    assert f'href="{reverse("content:glossary")}#thinking-trap"' in body.decode()


def test_the_distress_marker_is_a_bar_with_a_tick_not_a_handle(client_http, goal):
    StepFactory(goal=goal, expected_distress=35)
    body = client_http.get(reverse("planning:plan_detail", kwargs={"plan_id": goal.plan.public_id})).content.decode()
    assert '<rect x="0" y="7" width="35%"' in body
    assert "<circle" not in body.split('class="suds-scale"')[1].split("</svg>")[0]
