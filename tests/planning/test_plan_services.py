"""The plan services other features build on: the step-creation path, the audit trail, and demo data."""

from __future__ import annotations

from django.core.management import call_command

from planning.demo.plans import seed
from planning.models import AuditEvent, Plan, Step
from planning.services.plans import practice_finish, practice_start, step_create
from tests.factories import GoalFactory, PlanFactory


def test_step_create_puts_a_library_step_at_the_top_of_the_ladder(world):
    goal = GoalFactory(plan=PlanFactory(client=world.client))
    step_create(actor=world.clinician, goal=goal, activity="First", expected_distress=20)
    step = step_create(
        actor=world.clinician, goal=goal, activity="From the library", expected_distress=35, template_key="cafe-visit"
    )
    assert (step.position, step.template_key, step.proposed_by) == (2, "cafe-visit", Step.Proposer.CLINICIAN)


def test_a_practice_is_audited_before_and_after_without_its_text(world):
    goal = GoalFactory(plan=PlanFactory(client=world.client))
    step = step_create(actor=world.client.user, goal=goal, activity="Coffee", expected_distress=40)
    practice = practice_start(
        actor=world.client.user, step=step, expected_distress=50, feared_outcome="Secret fear", feared_likelihood=60
    )
    practice_finish(
        actor=world.client.user,
        practice=practice,
        based_on=practice.version,
        peak_distress=30,
        feared_happened="no",
        outcome="stayed",
    )
    events = AuditEvent.objects.filter(target_id=practice.public_id).values_list("action", "changed_fields")
    assert {action for action, _ in events} == {"practice.started", "practice.finished"}
    assert "Secret fear" not in str(list(events))


def test_the_demo_plans_are_seeded_once(world):
    seed(world.client, world.clinician)
    seed(world.client, world.clinician)
    plan = world.client.plans.get()
    assert plan.status == Plan.Status.ACTIVE and plan.goals.count() >= 2


def test_the_demo_command_gives_every_demo_client_a_plan_with_ladders(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Plan.objects.count() == 3
    assert all(5 <= goal.steps.count() <= 8 for plan in Plan.objects.all() for goal in plan.goals.all())
