"""The demo data for safety plans, triggers and the journal."""

from __future__ import annotations

from planning.demo import safety
from planning.models import JournalEntry, SafetyPlanVersion


def test_the_demo_gives_a_client_a_complete_plan_triggers_and_journal(world):
    safety.seed(world.client, world.clinician)
    version = world.client.safety_plan.current_version()
    assert all(version.content[key] for key in version.content)
    assert world.client.triggers.count() == 3 and world.client.journal_entries.count() == 3


def test_the_demo_seed_runs_twice_without_adding_more(world):
    safety.seed(world.client, world.clinician)
    safety.seed(world.client, world.clinician)
    assert SafetyPlanVersion.objects.count() == 2 and JournalEntry.objects.count() == 3


def test_the_demo_clinic_gets_its_own_crisis_lines(world):
    safety.seed(world.client, world.clinician)
    assert world.clinic.crisis_lines.filter(number="988").exists()
