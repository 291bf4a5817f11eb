"""Test data. Names are obviously made up; nothing here is a real person."""

from __future__ import annotations

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
