"""The clinic, its staff and clients, built a chunk of clients at a time and written with bulk_create."""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone

from content.models import Item

from ...models import (
    AuditEvent,
    CareTeamMember,
    CheckIn,
    Client,
    CrisisLine,
    Goal,
    Invitation,
    JournalEntry,
    LibraryLink,
    MeasureAssignment,
    MeasureResponse,
    Notification,
    Organization,
    Plan,
    Practice,
    RestWeek,
    RiskFlag,
    Role,
    SafetyPlan,
    SafetyPlanVersion,
    Step,
    Trigger,
    User,
    Value,
)
from ...services.crisis_lines import default_crisis_lines
from .. import library as library_demo
from ..people import DEMO_PASSWORD
from . import CLINIC_NAME, DOMAIN, ClinicSize, SeededClinic, plans, safety, tracking
from .record import Record

CHUNK = 250  # clients built and written together

FIRST_NAMES = (
    "Alex", "Ana", "Bea", "Cal", "Dana", "Eli", "Femi", "Gus", "Hana", "Ines", "Jo", "Kai", "Lou", "Mina",
    "Nico", "Oona", "Pat", "Quinn", "Rui", "Sana", "Tom", "Uma", "Vic", "Wren", "Yara", "Zed", "Ravi", "Ola",
    "Ivo", "Mei", "Ruth", "Sol", "Tess", "Ben", "Cora", "Dev", "Edie", "Finn", "Gwen", "Hugo",
)  # fmt: skip
SURNAMES = (
    "Abara", "Berg", "Costa", "Dahl", "Evans", "Farah", "Greer", "Holm", "Iqbal", "Jansen", "Kowal", "Lund",
    "Moreau", "Novak", "Okafor", "Price", "Quist", "Reyes", "Sato", "Tran", "Uddin", "Vance", "Wolfe", "Young",
)  # fmt: skip
# Sixth rungs for the measured client's three ladders, where a demo ladder has only five.
# Parents before children: each bulk_create reads the primary keys its rows' parents just got.
WRITE_ORDER: list[type[models.Model]] = [
    Organization, CrisisLine, User, Client, CareTeamMember, Invitation, Plan, Value, Goal, Step, Practice,
    RestWeek, CheckIn, MeasureAssignment, MeasureResponse, RiskFlag, SafetyPlan, SafetyPlanVersion, Trigger,
    JournalEntry, JournalEntry.triggers.through, LibraryLink, Notification, AuditEvent,
]  # fmt: skip


class Builder:
    """Builds rows in memory and writes them; every choice comes from one seeded generator."""

    def __init__(self, size: ClinicSize, progress: Any) -> None:
        self.size = size
        self.rng = random.Random(size.seed)
        self.progress = progress or (lambda message: None)
        # Times are relative to the start of today, so records read as recent however late the run.
        self.now = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(minutes=1)
        self.start = self.now - timedelta(days=365 * size.years)
        self.password = make_password(DEMO_PASSWORD)
        self.rows: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        self.counts: dict[str, int] = defaultdict(int)
        self.library = {
            item.slug: item
            for item in Item.objects.filter(
                organization__isnull=True,
                slug__in=library_demo.STEP_ITEMS + library_demo.TRIGGER_ITEMS + library_demo.SAFETY_ITEMS,
            )
        }

    # Small helpers

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def between(self, start: datetime, end: datetime) -> datetime:
        span = max((end - start).total_seconds(), 0)
        return start + timedelta(seconds=int(self.rng.random() * span))

    def add(self, row: models.Model) -> Any:
        self.rows[type(row)].append(row)
        return row

    def audit(
        self, when: datetime, actor: User | None, action: str, target: Any, client: Client | None, fields: Any = ()
    ) -> None:
        self.add(
            AuditEvent(
                public_id=self.uuid(),
                organization=self.organization,
                client=client,
                actor=actor,
                action=action,
                target_type=target._meta.model_name,
                target_id=target.public_id,
                changed_fields=sorted(fields),
                created_at=when,
            )
        )

    def flush(self) -> None:
        """Write what was built, parents before children."""
        unknown = set(self.rows) - set(WRITE_ORDER)
        assert not unknown, f"Add {unknown} to WRITE_ORDER."
        for model in WRITE_ORDER:
            rows = self.rows.get(model, [])
            if rows:
                model._default_manager.bulk_create(rows, batch_size=2000)
                self.counts[model._meta.label] += len(rows)
        self.rows.clear()

    # The clinic and its staff

    @transaction.atomic
    def build(self) -> SeededClinic:
        self.organization = self.add(Organization(public_id=self.uuid(), name=CLINIC_NAME, created_at=self.start))
        for line in default_crisis_lines(self.organization):
            line.public_id = self.uuid()
            self.add(line)
        self.admin = self.add(self.user(f"admin@{DOMAIN}", "Noor Haddad", Role.ORG_ADMIN, self.start))
        self.clinicians = [
            self.add(self.user(f"clinician{n:02}@{DOMAIN}", self.person_name(), Role.CLINICIAN, self.start))
            for n in range(1, self.size.clinicians + 1)
        ]
        self.audit(self.start, self.admin, "crisis_lines.adopted", self.organization, None)
        self.flush()
        self.measured: Client | None = None
        total = self.size.clients
        caseload = min(self.size.caseload, total if self.size.clinicians == 1 else max(total // 2, 1))
        for first in range(0, total, CHUNK):
            for index in range(first, min(first + CHUNK, total)):
                self.client(index, caseload)
            self.flush()
            self.progress(f"{min(first + CHUNK, total)} of {total} clients")
        assert self.measured is not None
        return SeededClinic(self.organization, self.admin, self.clinicians[0], self.measured, dict(self.counts))

    def person_name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}"

    def user(self, email: str, name: str, role: str, joined: datetime) -> User:
        return User(
            public_id=self.uuid(),
            email=email,
            full_name=name,
            organization=self.organization,
            role=role,
            password=self.password,
            date_joined=joined,
        )

    # One client and their record

    def client(self, index: int, caseload: int) -> None:
        rng = self.rng
        measured = index == 0
        others = self.clinicians[1:] or self.clinicians
        lead = self.clinicians[0] if index < caseload else others[(index - caseload) % len(others)]
        span_days = (self.now - self.start).days
        created = self.start + timedelta(days=0.05 * span_days if measured else rng.uniform(0, span_days - 21))
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)[0]}."
        email = f"client{index + 1:04}@clients.{DOMAIN}"
        accepted = None if (index % 25 == 24 and not measured) else created + timedelta(days=rng.randint(0, 3))
        user = self.add(self.user(email, name, Role.CLIENT, accepted)) if accepted else None
        client = self.add(
            Client(
                public_id=self.uuid(),
                organization=self.organization,
                user=user,
                preferred_name=name,
                pronouns=rng.choice(["she/her", "he/him", "they/them", ""]),
                email=email,
                is_active=measured or rng.random() > 0.04,
                created_at=created,
                created_by=lead,
            )
        )
        self.audit(created, lead, "client.created", client, client, ["preferred_name", "email"])
        team = [(lead, CareTeamMember.Access.WRITE)]
        if index % 8 == 3 and len(others) > 1:
            colleague = others[(index + 7) % len(others)]
            if colleague != lead:
                team.append((colleague, CareTeamMember.Access.READ))
        for clinician, access in team:
            member = self.add(
                CareTeamMember(
                    public_id=self.uuid(), client=client, clinician=clinician, access=access, added_at=created
                )
            )
            self.audit(created, lead, "care_team.assigned", member, client, ["access"])
        invitation = self.add(
            Invitation(
                public_id=self.uuid(),
                organization=self.organization,
                email=email,
                role=Role.CLIENT,
                client=client,
                invited_by=lead,
                created_at=created,
                sent_at=created,
                accepted_at=accepted,
            )
        )
        if accepted:
            self.audit(accepted, user, "invitation.accepted", invitation, client)
        # How this client's time in care has gone: how often they check in, and whether they went quiet.
        quiet_days = rng.choice([0] * 8 + [30, 60]) if not measured else 0
        until = self.now - timedelta(days=quiet_days)
        fill_record(Record(self, client, lead, user or lead, created, until, measured))
        if measured:
            self.measured = client


def fill_record(r: Record) -> None:
    """Give one client their plans, check-ins, questionnaires, safety plan, triggers and journal."""
    if r.rng.random() < 0.1 and r.days > 270 and not r.measured:
        plans.seed_plan(r, r.created + timedelta(days=7), completed=True)
    begin = r.created + timedelta(days=7 if r.days < 270 else r.rng.randint(7, 120))
    r.plan = plans.seed_plan(r, min(begin, r.until), completed=False)
    tracking.seed_check_ins(r)
    tracking.seed_questionnaires(r)
    safety_plan = safety.seed_safety_plan(r)
    triggers = safety.seed_triggers(r)
    safety.seed_journal(r, triggers)
    if r.measured or r.rng.random() < 0.33:
        safety.seed_library_links(r, triggers, safety_plan)
