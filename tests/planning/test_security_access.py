"""Access control under attack: read-only writes through htmx, and ids of other records smuggled in POST bodies."""

from __future__ import annotations

import pytest
from django.urls import reverse

from content.models import Audience, Item, Kind
from planning.models import AuditEvent, CareTeamMember
from tests.factories import ClinicianFactory, GoalFactory, PlanFactory, ValueFactory
from tests.matrix import FORBIDDEN
from tests.planning.test_permission_matrix import ROUTES

READ_ONLY_REFUSED = [r for r in ROUTES if r.method == "post" and r.expect["readonly_clinician"] == FORBIDDEN]


@pytest.mark.parametrize("route", READ_ONLY_REFUSED, ids=str)
def test_a_read_only_clinician_cannot_write_through_htmx_either(route, world, readonly_http):
    url = reverse(route.name, kwargs=route.kwargs(world))
    before = AuditEvent.objects.count()
    response = readonly_http.post(url, route.data(world) if route.data else {}, headers={"HX-Request": "true"})
    assert response.status_code == FORBIDDEN
    assert AuditEvent.objects.count() == before


def _shared_template():
    return Item.objects.get(slug="coffee-with-a-friend", organization=None)


def _add_from_templates(http, goal, *templates):
    for template in templates:
        http.post(reverse("planning:step_from_library", args=[goal.public_id]), {"template": template.public_id})


def test_a_goal_cannot_be_tied_to_a_value_from_another_clients_plan(world, clinician_http):
    plan = PlanFactory(client=world.client)
    ours, theirs = ValueFactory(plan=plan), ValueFactory(plan=PlanFactory(client=world.other_client))
    url = reverse("planning:goal_add", args=[plan.public_id])
    for value in (ours, theirs):
        clinician_http.post(url, {"title": "Board games", "value": value.pk, "version": "1"})
    assert list(plan.goals.values_list("value", flat=True)) == [ours.pk]


def test_a_step_cannot_come_from_another_clinics_template(world, clinician_http):
    goal = GoalFactory(plan=PlanFactory(client=world.client))
    theirs = Item.objects.create(
        kind=Kind.STEP_TEMPLATE, slug="theirs", title="Their idea", summary="S", body="B", setting="online",
        distress_low=10, distress_high=20, organization=world.other_clinic,
    )  # fmt: skip
    _add_from_templates(clinician_http, goal, theirs, _shared_template())
    assert list(goal.steps.values_list("activity", flat=True)) == [_shared_template().title]


def test_a_step_cannot_come_from_a_template_kept_for_clinicians(world, client_http):
    goal = GoalFactory(plan=PlanFactory(client=world.client))
    staff = Item.objects.create(
        kind=Kind.STEP_TEMPLATE, slug="staff", title="Staff idea", summary="S", body="B", setting="online",
        distress_low=10, distress_high=20, audience=Audience.CLINICIANS,
    )  # fmt: skip
    _add_from_templates(client_http, goal, staff, _shared_template())
    assert list(goal.steps.values_list("activity", flat=True)) == [_shared_template().title]


def test_the_admin_cannot_put_another_clinics_clinician_on_a_care_team(world, admin_http):
    outsider = ClinicianFactory(organization=world.other_clinic)
    url = reverse("planning:org_care_team", args=[world.client.public_id])
    for clinician in (outsider, world.bystander_clinician):
        admin_http.post(url, {"clinician": clinician.pk, "access": CareTeamMember.Access.WRITE})
    team = set(world.client.care_team.values_list("clinician", flat=True))
    assert world.bystander_clinician.pk in team and outsider.pk not in team
