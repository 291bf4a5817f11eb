"""The demo clinic and its people. Everyone here is invented."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from ..models import AuditEvent, CareTeamMember, Client, Organization, Role, User

DEMO_PASSWORD = "stepwise-demo-2026"  # noqa: S105 - printed by make run on purpose
CLINIC_NAME = "Willow Street Clinic"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    role: str


ADMIN = DemoPerson("priya@willowstreet.example", "Priya Nair", Role.ORG_ADMIN)
CLINICIANS = (
    DemoPerson("maya@willowstreet.example", "Dr Maya Lindqvist", Role.CLINICIAN),
    DemoPerson("jonah@willowstreet.example", "Jonah Adeyemi", Role.CLINICIAN),
)


@dataclass(frozen=True)
class DemoClient:
    email: str
    preferred_name: str
    pronouns: str
    accessibility_needs: str


CLIENTS = (
    DemoClient(
        "sam@clients.example",
        "Sam",
        "he/him",
        "Prefers the first appointment of the day, when the waiting room is empty. Sits facing the door.",
    ),
    DemoClient(
        "lena@clients.example",
        "Lena",
        "she/her",
        "Large text on screen helps. Would rather write than talk when things feel heavy.",
    ),
    DemoClient(
        "theo@clients.example",
        "Theo",
        "they/them",
        "Sudden loud noises are hard. Video sessions with the camera off are fine to start.",
    ),
)


def _user(person: DemoPerson, organization: Organization) -> User:
    user, created = User.objects.get_or_create(
        email=person.email,
        defaults={"full_name": person.full_name, "organization": organization, "role": person.role},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def seed() -> tuple[Organization, list[User], list[Client]]:
    """Create the demo clinic, two clinicians, an admin and three clients; safe to run again."""
    organization, _ = Organization.objects.get_or_create(name=CLINIC_NAME)
    _user(ADMIN, organization)
    maya, jonah = (_user(person, organization) for person in CLINICIANS)
    clients = []
    for details in CLIENTS:
        user = _user(DemoPerson(details.email, details.preferred_name, Role.CLIENT), organization)
        client, created = Client.objects.get_or_create(
            user=user,
            defaults={
                "organization": organization,
                "preferred_name": details.preferred_name,
                "pronouns": details.pronouns,
                "accessibility_needs": details.accessibility_needs,
                "email": details.email,
                "created_by": maya,
            },
        )
        if created:
            AuditEvent.objects.create(
                organization=organization,
                client=client,
                actor=maya,
                action="client.created",
                target_type="client",
                target_id=client.public_id,
            )
        clients.append(client)
    sam, lena, theo = clients
    teams = [
        (sam, maya, CareTeamMember.Access.WRITE),
        (lena, maya, CareTeamMember.Access.WRITE),
        (lena, jonah, CareTeamMember.Access.READ),
        (theo, jonah, CareTeamMember.Access.WRITE),
        (theo, maya, CareTeamMember.Access.WRITE),
    ]
    for client, clinician, access in teams:
        CareTeamMember.objects.get_or_create(client=client, clinician=clinician, defaults={"access": access})
    return organization, [maya, jonah], clients
