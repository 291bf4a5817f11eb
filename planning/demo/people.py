"""The demo clinic and its people. Everyone here is invented."""

from __future__ import annotations

from base64 import b32decode
from dataclasses import dataclass

from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..models import AuditEvent, CareTeamMember, Client, Organization, Role, User

DEMO_PASSWORD = "stepwise-demo-2026"  # noqa: S105 - printed by make run on purpose
# The demo clinicians' and admin's authenticator key, the same for all three and printed by make run on purpose:
# base32 for an authenticator app to type in. It says what it is; a real account always gets a random key.
DEMO_TOTP_KEY = "STEPWISE2DEMO2KEY2NOT2FOR2REAL22"
DEMO_APP_NAME = "Demo authenticator (shared demo key)"
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


def _demo_app(user: User) -> None:
    """Set up two-step sign-in for a demo clinician or admin with the shared demo key (see `demo_code`)."""
    key = b32decode(DEMO_TOTP_KEY).hex()
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name=DEMO_APP_NAME, key=key, confirmed=True)


def code_now(device: TOTPDevice) -> str:
    """The code an app with this device's key shows now, or the next one if this one was used (each works once)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if totp.t() <= device.last_t:  # the app's next code is accepted too (one step of tolerance)
        totp.time = totp.time + device.step * (device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


@transaction.atomic
def seed() -> tuple[Organization, list[User], list[Client]]:
    """Create the demo clinic, two clinicians, an admin and three clients; safe to run again."""
    organization, _ = Organization.objects.get_or_create(name=CLINIC_NAME)
    _demo_app(_user(ADMIN, organization))
    maya, jonah = (_user(person, organization) for person in CLINICIANS)
    _demo_app(maya)
    _demo_app(jonah)
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
