"""Test data. Names are obviously made up; nothing here is a real person."""

from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from planning.models import CareTeamMember, Client, Organization, Role, User

TEST_PASSWORD = "correct-horse-battery-7"


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Test Clinic {n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.CLINICIAN
    password = factory.django.Password(TEST_PASSWORD)


class ClinicianFactory(UserFactory):
    role = Role.CLINICIAN


class OrgAdminFactory(UserFactory):
    role = Role.ORG_ADMIN


class AllyUserFactory(UserFactory):
    """An ally's account: no clinic, one role."""

    organization = None
    role = Role.ALLY


class ClientFactory(DjangoModelFactory):
    """A client with an account (a User in the client role) in the same organisation."""

    class Meta:
        model = Client

    organization = factory.SubFactory(OrganizationFactory)
    preferred_name = factory.Sequence(lambda n: f"Client {n}")
    email = factory.Sequence(lambda n: f"client{n}@example.test")
    user = factory.SubFactory(
        UserFactory,
        role=Role.CLIENT,
        organization=factory.SelfAttribute("..organization"),
        email=factory.SelfAttribute("..email"),
    )


class CareTeamMemberFactory(DjangoModelFactory):
    class Meta:
        model = CareTeamMember

    client = factory.SubFactory(ClientFactory)
    clinician = factory.SubFactory(ClinicianFactory, organization=factory.SelfAttribute("..client.organization"))
    access = CareTeamMember.Access.WRITE


# The re-entry plan


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = "planning.Plan"

    client = factory.SubFactory(ClientFactory)
    status = "active"


class ValueFactory(DjangoModelFactory):
    class Meta:
        model = "planning.Value"

    plan = factory.SubFactory(PlanFactory)
    statement = "Being a friend people can count on"


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = "planning.Goal"

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Goal {n}")
    position = factory.Sequence(lambda n: n + 1)


class StepFactory(DjangoModelFactory):
    class Meta:
        model = "planning.Step"

    goal = factory.SubFactory(GoalFactory)
    position = factory.Sequence(lambda n: n + 1)
    activity = factory.Sequence(lambda n: f"Step {n}")
    expected_distress = 30


class PracticeFactory(DjangoModelFactory):
    class Meta:
        model = "planning.Practice"

    step = factory.SubFactory(StepFactory)
    expected_distress = 50
    feared_outcome = "People will stare at me"
    feared_likelihood = 70


# Safety plans, triggers and the journal


class SafetyPlanFactory(DjangoModelFactory):
    class Meta:
        model = "planning.SafetyPlan"

    client = factory.SubFactory(ClientFactory)


class SafetyPlanVersionFactory(DjangoModelFactory):
    class Meta:
        model = "planning.SafetyPlanVersion"

    plan = factory.SubFactory(SafetyPlanFactory)
    number = 1
    content = factory.LazyFunction(
        lambda: {
            "warning_signs": ["I stop answering messages"],
            "coping": ["Slow breathing for two minutes", "Walk round the block"],
            "distraction": ["The library reading room"],
            "help_contacts": [{"name": "Jo", "relationship": "sister", "phone": "555 0101"}],
            "professional_contacts": [],
            "safe_environment": [],
            "reasons": ["My nephew"],
            "exit_plans": ["Tell the host I need air, then walk to the bus stop"],
        }
    )


class TriggerFactory(DjangoModelFactory):
    class Meta:
        model = "planning.Trigger"

    client = factory.SubFactory(ClientFactory)
    name = factory.Sequence(lambda n: f"Trigger {n}")
    kind = "place"
    strength = 60


class JournalEntryFactory(DjangoModelFactory):
    class Meta:
        model = "planning.JournalEntry"

    client = factory.SubFactory(ClientFactory)
    situation = factory.Sequence(lambda n: f"Situation {n}")
    shared_with_care_team = True


# Check-ins, questionnaires and risk flags


class CheckInFactory(DjangoModelFactory):
    class Meta:
        model = "planning.CheckIn"

    client = factory.SubFactory(ClientFactory)
    comfort = 5
    connection = 5
    contacts_in_person = 1
    contacts_online = 2


class MeasureAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = "planning.MeasureAssignment"

    client = factory.SubFactory(ClientFactory)
    code = "PHQ-9"
    every_days = 14


class MeasureResponseFactory(DjangoModelFactory):
    """A draft in progress; pass status="submitted" with total and band for a sent one."""

    class Meta:
        model = "planning.MeasureResponse"

    assignment = factory.SubFactory(MeasureAssignmentFactory)
    client = factory.SelfAttribute("assignment.client")
    code = factory.SelfAttribute("assignment.code")


class RiskFlagFactory(DjangoModelFactory):
    class Meta:
        model = "planning.RiskFlag"

    client = factory.SubFactory(ClientFactory)
    source = "urgent_note"


# Notifications and the weekly digest


class NotificationFactory(DjangoModelFactory):
    """An unread notification for the client, leading to their home page."""

    class Meta:
        model = "planning.Notification"

    client = factory.SubFactory(ClientFactory)
    recipient = factory.SelfAttribute("client.user")
    kind = "questionnaire_ready"
    target_name = "planning:client_home"


class DigestSettingFactory(DjangoModelFactory):
    class Meta:
        model = "planning.DigestSetting"

    clinician = factory.SubFactory(ClinicianFactory)
    weekday = 0


# Reminders


class ReminderFactory(DjangoModelFactory):
    """A check-in reminder every day at 18:00 UTC; tests move `next_due_at` to make it due."""

    class Meta:
        model = "planning.Reminder"

    client = factory.SubFactory(ClientFactory)
    check_in = True
    weekdays = [0, 1, 2, 3, 4, 5, 6]
    at = datetime.time(18, 0)
    time_zone = "UTC"


# Looking back at a hard practice


class HardPracticeFactory(PracticeFactory):
    """A finished practice that peaked far above what was expected: the kind a look back is offered for."""

    expected_distress = 40
    peak_distress = 85
    outcome = "stayed"
    feared_happened = "partly"
    completed_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))


class SetbackReviewFactory(DjangoModelFactory):
    class Meta:
        model = "planning.SetbackReview"

    practice = factory.SubFactory(HardPracticeFactory)
    harder = factory.LazyFunction(lambda: ["crowd"])
    went_all_right = "I got there and stayed a while."
    next_choice = "smaller"
    proposal = "open"
    smaller_activity = "A smaller version of: Coffee with Jo"
    smaller_expected_distress = 25


# Allies


class AllyFactory(DjangoModelFactory):
    """An active ally of a client, with their own account."""

    class Meta:
        model = "planning.Ally"

    client = factory.SubFactory(ClientFactory)
    user = factory.SubFactory(AllyUserFactory)
    name = factory.Sequence(lambda n: f"Ally {n}")
    email = factory.SelfAttribute("user.email")
    status = "active"
    support_note = "A message the day before helps. Sit near the door with me."
    exit_signal = "If I text 'pineapple', call me with a reason to leave."


def fullest_safety_plan() -> dict[str, list]:
    """A safety plan's content with every field at the form's limits (12 lines of 300 characters; full contacts)."""
    from planning.forms.safety import CONTACT_ROWS, MAX_ITEM_LENGTH, MAX_ITEMS
    from planning.models.safety import SAFETY_SECTIONS

    content: dict[str, list] = {}
    for number, spec in enumerate(SAFETY_SECTIONS, 1):
        if spec.contacts:
            content[spec.key] = [
                {"name": f"Person {row} " + "n" * 70, "relationship": "r" * 80, "phone": "+1 (555) 010-" + "1" * 17}
                for row in range(CONTACT_ROWS)
            ]
        else:
            content[spec.key] = [
                f"Section {number} line {line}: " + ("words of my own " * 20)[: MAX_ITEM_LENGTH - 22]
                for line in range(1, MAX_ITEMS + 1)
            ]
    return content
