"""Shared fixtures: the personas of the permission matrix, and the safety nets every test gets.

The personas live in two clinics. In "clinic" there is one client ("client") with a care team
of a treating clinician (read-write) and a read-only clinician; another client of the same
clinic; a clinician of the same clinic who is not on the care team; and the clinic's
organisation admin. "other_clinic" has its own clinician. "ally" is an active ally of the client (a
trusted friend with their own account and no clinic) and "other_ally" an active ally of the other client;
`World.ally_step()` gives the client a step the ally comes along on, when a test needs one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.test import override_settings

from planning.models import Ally, CareTeamMember, Client, Organization, Step, User

from .factories import (
    AllyFactory,
    CareTeamMemberFactory,
    ClientFactory,
    ClinicianFactory,
    OrgAdminFactory,
    OrganizationFactory,
)
from .second_factor import force_sign_in


@dataclass
class World:
    clinic: Organization
    other_clinic: Organization
    client: Client
    other_client: Client
    clinician: User
    readonly_clinician: User
    bystander_clinician: User
    outside_clinician: User
    org_admin: User
    ally_link: Ally
    other_ally_link: Ally

    def ally_step(self) -> Step:
        """Give the client a step their ally comes along on (once per test), in their current plan or a new one."""
        from planning.models import Plan

        from .factories import GoalFactory, PlanFactory, StepFactory

        if not hasattr(self, "_ally_step"):
            plan = Plan.objects.current().filter(client=self.client).first() or PlanFactory(client=self.client)
            goal = GoalFactory(plan=plan)
            self._ally_step = StepFactory(
                goal=goal, activity="Coffee at the corner café", ally=self.ally_link, exit_plan="Step outside for air"
            )
        return self._ally_step

    def user(self, persona: str) -> User | None:
        """Map a persona name to the user who signs in as it (None for anonymous)."""
        return {
            "anonymous": None,
            "client": self.client.user,
            "other_client": self.other_client.user,
            "clinician": self.clinician,
            "readonly_clinician": self.readonly_clinician,
            "bystander_clinician": self.bystander_clinician,
            "outside_clinician": self.outside_clinician,
            "org_admin": self.org_admin,
            "ally": self.ally_link.user,
            "other_ally": self.other_ally_link.user,
        }[persona]


@pytest.fixture
def world(db: Any) -> World:
    clinic = OrganizationFactory(name="Harbour Lane Clinic")
    other_clinic = OrganizationFactory(name="Northfield Practice")
    client = ClientFactory(organization=clinic, preferred_name="Robin")
    other_client = ClientFactory(organization=clinic, preferred_name="Sasha")
    clinician = ClinicianFactory(organization=clinic, full_name="Dr Ada Treat", email="ada@example.test")
    readonly = ClinicianFactory(organization=clinic, full_name="Ravi Read", email="ravi@example.test")
    bystander = ClinicianFactory(organization=clinic, full_name="Bea Bystander", email="bea@example.test")
    outside = ClinicianFactory(organization=other_clinic, full_name="Otto Outside", email="otto@example.test")
    admin = OrgAdminFactory(organization=clinic, full_name="Alex Admin", email="alex@example.test")
    CareTeamMemberFactory(client=client, clinician=clinician, access=CareTeamMember.Access.WRITE)
    CareTeamMemberFactory(client=client, clinician=readonly, access=CareTeamMember.Access.READ)
    CareTeamMemberFactory(client=other_client, clinician=bystander, access=CareTeamMember.Access.WRITE)
    ally = AllyFactory(client=client, name="Jo", user__email="jo@example.test", user__full_name="Jo Friend")
    other_ally = AllyFactory(client=other_client, name="Kim", user__email="kit.ally@example.test")
    return World(
        clinic, other_clinic, client, other_client, clinician, readonly, bystander, outside, admin, ally, other_ally
    )


def _signed_in(user: User | None) -> HttpClient:
    """A test client signed in as `user`; clinicians and admins have passed two-step sign-in with a real app."""
    http = HttpClient()
    return force_sign_in(http, user) if user is not None else http


@pytest.fixture
def as_persona(world: World) -> Any:
    """Return a function that gives a test client signed in as a named persona."""
    return lambda persona: _signed_in(world.user(persona))


@pytest.fixture
def client_http(world: World) -> HttpClient:
    return _signed_in(world.client.user)


@pytest.fixture
def clinician_http(world: World) -> HttpClient:
    return _signed_in(world.clinician)


@pytest.fixture
def readonly_http(world: World) -> HttpClient:
    return _signed_in(world.readonly_clinician)


@pytest.fixture
def admin_http(world: World) -> HttpClient:
    return _signed_in(world.org_admin)


DEAD = "redis://127.0.0.1:9/0"  # nothing listens on port 9


@contextmanager
def services_down() -> Iterator[None]:
    """Point the cache and the Celery broker at an address where nothing answers, until the block ends."""
    from config.celery import app

    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=DEAD, task_always_eager=False)
    cache = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": DEAD}}
    try:
        with override_settings(CACHES=cache, CELERY_BROKER_URL=DEAD, CELERY_TASK_ALWAYS_EAGER=False):
            yield
    finally:
        app.conf.update(saved)


@pytest.fixture
def dead_services() -> Iterator[None]:
    """Run the whole test with Redis and the Celery broker unreachable."""
    with services_down():
        yield


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Start every test with empty rate-limit counts: the locmem cache outlives a test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _no_unexpected_console_output(request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]) -> Any:
    """Fail a test that prints: stray output hides real warnings and can leak client text."""
    yield
    if request.node.get_closest_marker("allow_output"):
        return
    out, err = capsys.readouterr()
    assert not out and not err, f"Unexpected console output:\n{out}{err}"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Block connections to anything but this machine: tests never reach the outside world."""
    import socket

    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith("127.") or host in {"localhost", "::1"} or host.startswith("/")
        ):
            raise RuntimeError(f"Test tried to reach the network: {host}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "allow_output: the test legitimately writes to the console")
    config.addinivalue_line("markers", "browser: drives a real Chromium through Playwright")
    config.addinivalue_line("markers", "services: needs the real Redis broker and a Celery worker")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI a skipped test is a failure: nothing may be skipped silently there."""
    if not os.environ.get("CI"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        session.exitstatus = 1
        if reporter:
            reporter.write_line(f"CI: {skipped} test(s) were skipped; every test must run in CI.", red=True)
