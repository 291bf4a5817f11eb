"""The trigger list: client and clinician both keep it; strengths stay 0-100."""

from __future__ import annotations

import pytest
from django.db import IntegrityError
from django.urls import reverse

from planning.models import Trigger
from planning.services.safety_plan import safety_plan_save
from tests.factories import TriggerFactory


def _url(name, w, **kwargs):
    return reverse(f"planning:{name}", kwargs=kwargs or {"client_id": w.client.public_id})


def _add(http, w, **data):
    return http.post(_url("trigger_add", w), {"name": "Crowded bus", "kind": "place", "strength": "70", **data})


def test_a_client_adds_a_trigger_to_their_list(client_http, world):
    _add(client_http, world, warning_signs="Heart racing")
    assert world.client.triggers.get().warning_signs == "Heart racing"


def test_a_clinician_adds_a_trigger_with_the_client(clinician_http, world):
    assert _add(clinician_http, world).status_code == 302 and world.client.triggers.count() == 1


def test_the_list_shows_strongest_first(client_http, world):
    TriggerFactory(client=world.client, name="Fireworks", strength=40)
    TriggerFactory(client=world.client, name="Anniversary in March", strength=90)
    body = client_http.get(_url("trigger_list", world)).content.decode()
    assert body.index("Anniversary in March") < body.index("Fireworks")


def test_a_strength_over_100_gets_a_clear_message_and_keeps_the_text(client_http, world):
    response = _add(client_http, world, strength="150", what_helps="Headphones on")
    body = response.content.decode()
    assert "0 to 100" in body and "Headphones on" in body


def test_the_database_refuses_a_strength_over_100(world):
    with pytest.raises(IntegrityError):
        TriggerFactory(client=world.client, strength=101)


def test_a_trigger_links_to_coping_strategies_on_the_safety_plan(client_http, world):
    safety_plan_save(actor=world.client.user, client=world.client, content={"coping": ["Box breathing"]}, based_on=0)
    _add(client_http, world, helpful_strategies=["Box breathing"])
    assert world.client.triggers.get().helpful_strategies == ["Box breathing"]


def test_a_strategy_not_on_the_plan_cannot_be_linked(client_http, world):
    response = _add(client_http, world, helpful_strategies=["Something made up"])
    assert response.status_code == 200 and not world.client.triggers.exists()


def test_editing_a_trigger_keeps_its_links(clinician_http, world):
    trigger = TriggerFactory(client=world.client, helpful_strategies=["An old strategy"])
    data = {"name": "Bus", "kind": "place", "strength": "50", "helpful_strategies": ["An old strategy"], "version": 1}
    clinician_http.post(_url("trigger_edit", world, trigger_id=trigger.public_id), data)
    trigger.refresh_from_db()
    assert (trigger.name, trigger.helpful_strategies) == ("Bus", ["An old strategy"])


def test_another_clients_trigger_is_not_found(client_http, world):
    other = TriggerFactory(client=world.other_client)
    response = client_http.get(_url("trigger_edit", world, trigger_id=other.public_id))
    assert response.status_code == 404


def test_a_read_only_clinician_cannot_remove_a_trigger(readonly_http, world):
    trigger = TriggerFactory(client=world.client)
    readonly_http.post(_url("trigger_remove", world, trigger_id=trigger.public_id))
    assert Trigger.objects.filter(pk=trigger.pk).exists()


def test_script_in_a_trigger_is_escaped(client_http, world):
    TriggerFactory(client=world.client, name="<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in client_http.get(_url("trigger_list", world)).content.decode()


def test_an_over_long_trigger_name_gets_a_kind_message(client_http, world):
    response = _add(client_http, world, name="x" * 200)
    assert "(200 characters; the limit is 160)" in response.content.decode()
