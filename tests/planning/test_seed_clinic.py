"""seed_clinic: a clinic of the size asked, the same on every run, whose clients their care team can reach."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.http import Http404

from planning.access import client_for, own_client, plan_for
from planning.demo.clinic import CLINIC_NAME
from planning.demo.people import DEMO_PASSWORD
from planning.models import AuditEvent, CareTeamMember, Client, Organization, Plan, Practice, Role, SafetyPlan, User

pytestmark = pytest.mark.django_db

SMALL = {"clinicians": 2, "clients": 10, "years": 1}


def seed(**options: Any) -> str:
    out = StringIO()
    call_command("seed_clinic", stdout=out, **{**SMALL, **options})
    return out.getvalue()


def snapshot() -> dict[str, list[str]]:
    """Every seeded row's public id, by model (the ids that appear in URLs)."""
    from django.apps import apps

    rows = {}
    for model in apps.get_app_config("planning").get_models():
        if any(f.name == "public_id" for f in model._meta.fields):
            rows[model._meta.label] = sorted(str(i) for i in model._default_manager.values_list("public_id", flat=True))
    return rows


def measured_client() -> Client:
    return Client.objects.get(email="client0001@clients.harbourlane.example")


def test_it_creates_the_clinic_in_the_size_asked() -> None:
    seed()
    clinic = Organization.objects.get(name=CLINIC_NAME)
    assert clinic.users.filter(role=Role.CLINICIAN).count() == 2
    assert clinic.users.filter(role=Role.ORG_ADMIN).count() == 1
    assert clinic.clients.count() == 10


def test_every_client_has_a_care_team_and_a_current_plan() -> None:
    seed()
    assert not Client.objects.filter(care_team__isnull=True).exists()
    assert Plan.objects.current().count() == Client.objects.count()


def test_the_first_clinician_holds_half_of_a_small_clinic() -> None:
    seed()
    assert User.objects.get(email="clinician01@harbourlane.example").care_assignments.count() == 5


def test_the_measured_client_has_three_ladders_of_six_steps_and_120_practices() -> None:
    seed()
    plan = measured_client().plans.current().get()
    assert [goal.steps.count() for goal in plan.goals.all()] == [6, 6, 6]
    assert Practice.objects.filter(step__goal__plan=plan).count() == 120


def test_safety_plans_carry_their_versions() -> None:
    seed()
    safety_plan = SafetyPlan.objects.get(client=measured_client())
    assert safety_plan.version == 4
    assert safety_plan.current_version().number == 4  # type: ignore[union-attr]


def test_the_seeded_audit_trail_passes_verify_audit() -> None:
    seed()
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert AuditEvent.objects.count() > 100 and "The audit trail is intact" in out.getvalue()


def test_two_runs_into_empty_databases_give_the_same_records() -> None:
    snapshots = []
    for _ in range(2):
        with transaction.atomic():
            seed()
            snapshots.append(snapshot())
            transaction.set_rollback(True)
    assert snapshots[0]["planning.Client"]
    assert snapshots[0] == snapshots[1]


def test_another_seed_gives_another_clinic() -> None:
    with transaction.atomic():
        seed()
        first = snapshot()
        transaction.set_rollback(True)
    seed(seed=7)
    assert snapshot()["planning.Client"] != first["planning.Client"]


def test_each_care_team_clinician_reaches_their_clients_and_plans() -> None:
    seed()
    members = CareTeamMember.objects.select_related("client", "clinician")
    for member in members:
        client, access = client_for(member.clinician, member.client.public_id)
        assert (client, access.can_write) == (member.client, member.access == CareTeamMember.Access.WRITE)
        plan = member.client.plans.current().get()
        assert plan_for(member.clinician, plan.public_id)[0] == plan


def test_a_clinician_off_the_care_team_does_not_reach_the_client() -> None:
    seed()
    client = measured_client()
    lead = User.objects.get(email="clinician01@harbourlane.example")
    colleague = User.objects.get(email="clinician02@harbourlane.example")
    assert client_for(lead, client.public_id)[0] == client
    with pytest.raises(Http404):
        client_for(colleague, client.public_id)


def test_clients_who_accepted_reach_their_own_record() -> None:
    seed()
    clients = Client.objects.filter(user__isnull=False).select_related("user")
    assert clients.exists()
    for client in clients:
        assert own_client(client.user)[0] == client  # type: ignore[arg-type]


def test_it_prints_sign_ins_that_work() -> None:
    out = seed()
    for email in (
        "admin@harbourlane.example",
        "clinician01@harbourlane.example",
        "client0001@clients.harbourlane.example",
    ):
        assert email in out
        assert User.objects.get(email=email).check_password(DEMO_PASSWORD)


def test_it_refuses_a_database_that_already_has_the_clinic() -> None:
    seed()
    with pytest.raises(CommandError, match="fresh database"):
        seed()
    assert Organization.objects.filter(name=CLINIC_NAME).count() == 1
