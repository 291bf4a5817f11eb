"""The access helpers' compiled lookups (access._Lookup) find exactly what visible() finds, as the ORM makes it."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404

from planning import access
from planning.models import AgendaItem
from tests.factories import (
    GoalFactory,
    MeasureAssignmentFactory,
    PlanFactory,
    PracticeFactory,
    StepFactory,
    TriggerFactory,
    ValueFactory,
)


def _records(world) -> dict[str, Any]:
    """One record of Robin's file for each helper that goes through a compiled lookup."""
    plan = PlanFactory(client=world.client)
    goal = GoalFactory(plan=plan)
    step = StepFactory(goal=goal)
    return {
        "client_for": world.client,
        "plan_for": plan,
        "value_for": ValueFactory(plan=plan),
        "goal_for": goal,
        "step_for": step,
        "practice_for": PracticeFactory(step=step),
        "trigger_for": TriggerFactory(client=world.client),
        "measure_assignment_for": MeasureAssignmentFactory(client=world.client),
        "agenda_item_for": AgendaItem.objects.create(client=world.client, text="Sleep", added_by=world.client.user),
        "ally_for": world.ally_link,
    }


def _as_orm_finds_it(user, record) -> Any:
    return access.visible(user, type(record)).get(public_id=record.public_id)


@pytest.mark.parametrize("persona", ["client", "clinician", "readonly_clinician"])
def test_a_lookup_gives_the_record_the_orm_gives_with_standing_and_client(world, persona, django_assert_num_queries):
    user = world.user(persona)
    for helper, record in _records(world).items():
        if helper == "ally_for" and persona != "client":
            continue  # only the client reaches their allies (a 403, tested with the matrix)
        expected = _as_orm_finds_it(user, record)
        with django_assert_num_queries(1):
            found, found_access = getattr(access, helper)(user, record.public_id)
            client = found
            for step in filter(None, getattr(type(record), "client_path", "").split("__")):
                client = getattr(client, step)  # selected with the record: no query of its own
        assert type(found) is type(record) and found.pk == record.pk, helper
        assert {f.attname: getattr(found, f.attname) for f in found._meta.concrete_fields} == {
            f.attname: getattr(expected, f.attname) for f in expected._meta.concrete_fields
        }, helper
        assert found.standing == expected.standing and found_access == access.Access.from_standing(expected.standing)
        assert client == world.client and not found._state.adding and found._state.db == "default"


@pytest.mark.parametrize("persona", ["other_client", "bystander_clinician", "outside_clinician"])
def test_a_lookup_finds_nothing_the_person_may_not_see(world, persona):
    user = world.user(persona)
    for helper, record in _records(world).items():
        assert not access.visible(user, type(record)).filter(public_id=record.public_id).exists()
        with pytest.raises(Http404):
            getattr(access, helper)(user, record.public_id)
        # Control: the same lookup, compiled once for this role, finds a record of this person's own.
        own = world.other_client if persona in ("other_client", "bystander_clinician") else None
        if own is not None and helper == "client_for":
            assert access.client_for(user, own.public_id)[0] == own


def test_a_read_only_standing_refuses_a_write_through_a_lookup(world):
    plan = PlanFactory(client=world.client)
    with pytest.raises(access.PermissionDenied):
        access.plan_for(world.readonly_clinician, plan.public_id, write=True)
    assert access.plan_for(world.clinician, plan.public_id, write=True)[1].can_write  # control
