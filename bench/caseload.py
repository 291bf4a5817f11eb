"""Time the caseload by need for one clinician with 2,500 clients: its first page, a filtered page and a search.

Seeds a throwaway test database with a clinic whose 2,500 clients are all on one clinician's care teams
(a colleague shares one in ten), each with a plan, a few practices and check-ins, a latest
questionnaire and some audit history, and an open risk flag on 1%. Then requests each page many times,
interleaved with a signed-in view that makes one query (the baseline, bench/baseline_urls.py), and
prints queries per request, p50 and p95 and each page's ratio to the baseline's p50 in the same run.
The machine is shared: compare ratios, not milliseconds. On PostgreSQL, PGOPTIONS="-c jit=off" shows the
cost of the server's JIT compiler on this one large query.

    .venv/bin/python bench/caseload.py
    DATABASE_URL=postgresql://stepwise:stepwise@127.0.0.1:5432/stepwise .venv/bin/python bench/caseload.py
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django.test import Client as HttpClient  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.pages import BASELINE, Page, analyze, sign_in, throwaway_database, time_pages  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "30"))
CLIENTS = 2500
PRACTICES = 3
CHECK_INS = 4


def _seed() -> tuple[Any, Any]:
    from planning.models import (
        AuditEvent,
        CareTeamMember,
        CheckIn,
        Client,
        Goal,
        MeasureAssignment,
        MeasureResponse,
        Organization,
        Plan,
        Practice,
        RiskFlag,
        Role,
        Step,
        User,
    )

    org = Organization.objects.create(name="Bench clinic")
    clinician = User.objects.create_user(
        "bench@example.test", "bench-password-1", organization=org, role=Role.CLINICIAN
    )
    colleague = User.objects.create_user(
        "colleague@example.test", "bench-password-1", organization=org, role=Role.CLINICIAN, full_name="Colleague"
    )
    now = timezone.now()
    today = timezone.localdate()
    clients = Client.objects.bulk_create(
        Client(organization=org, preferred_name=f"Client {n:04}", email=f"c{n}@example.test",
               created_at=now - timedelta(days=200))
        for n in range(CLIENTS)
    )  # fmt: skip
    CareTeamMember.objects.bulk_create(
        [CareTeamMember(client=c, clinician=clinician) for c in clients]
        + [CareTeamMember(client=c, clinician=colleague, access="read") for c in clients[::10]]
    )
    plans = Plan.objects.bulk_create(Plan(client=c, status="active") for c in clients)
    goals = Goal.objects.bulk_create(Goal(plan=p, title="Back to the choir", position=1) for p in plans)
    steps = Step.objects.bulk_create(
        Step(goal=g, position=1, activity="Sit at the back of a rehearsal", expected_distress=50, status="in_practice")
        for g in goals
    )
    Practice.objects.bulk_create(
        Practice(step=s, expected_distress=50, feared_outcome="They stare", feared_likelihood=60,
                 planned_for=today - timedelta(days=7 * k + n % 30), peak_distress=(20 + 13 * n + 29 * k) % 100,
                 completed_at=now - timedelta(days=7 * k + n % 30))
        for n, s in enumerate(steps)
        for k in range(PRACTICES)
    )  # fmt: skip
    CheckIn.objects.bulk_create(
        CheckIn(client=c, day=today - timedelta(weeks=w, days=n % 40), comfort=(n + w) % 11, connection=w % 11,
                note="A week" if w == 0 else "", note_shared=w == 0 and n % 7 == 0,
                created_at=now - timedelta(weeks=w, days=n % 40))
        for n, c in enumerate(clients)
        for w in range(CHECK_INS)
    )  # fmt: skip
    AuditEvent.objects.bulk_create(
        AuditEvent(organization=org, client=c, actor=clinician, action="check_in.created",
                   created_at=now - timedelta(days=n % 40, weeks=w))
        for n, c in enumerate(clients)
        for w in range(CHECK_INS)
    )  # fmt: skip
    assignments = MeasureAssignment.objects.bulk_create(MeasureAssignment(client=c, code="PHQ-9") for c in clients)
    MeasureResponse.objects.bulk_create(
        MeasureResponse(client=a.client, assignment=a, code="PHQ-9", answers=[n % 3] * 9, status="submitted",
                        submitted_at=now - timedelta(days=n % 14), total=(n % 3) * 9, band="Mild", is_latest=True,
                        change_from_first="deteriorated" if n % 20 == 0 else "")
        for n, a in enumerate(assignments)
    )  # fmt: skip
    RiskFlag.objects.bulk_create(
        RiskFlag(client=c, source="urgent_note", created_at=now - timedelta(hours=n)) for n, c in enumerate(clients)
        if n % 100 == 0
    )  # fmt: skip
    return clinician, colleague


def main() -> int:
    with throwaway_database("caseload_bench"):
        clinician, colleague = _seed()
        analyze()
        http = HttpClient(HTTP_HOST="localhost")
        sign_in(http, clinician)
        pages: dict[str, Page] = {
            BASELINE: (http, "get", "/bench/one-query/", {}),
            "caseload, first page": (http, "get", "/caseload/", {}),
            "caseload, page 50": (http, "get", "/caseload/?page=50", {}),
            "caseload, one colleague": (http, "get", f"/caseload/?member={colleague.public_id}", {}),
            "caseload, search by name (POST)": (http, "post", "/caseload/", {"q": "Client 12"}),
        }
        time_pages(f"Caseload: {CLIENTS} clients on one clinician's care teams", pages, RUNS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
