"""Time the in-session view on a large plan with two years of history, against the one-query baseline.

Seeds a throwaway test database with a client whose plan has 20 goals x 15 steps x 20 practices
(6,000 practices, many since the last session), two years of weekly check-ins, 200 journal entries
(half shared), 40 safety-plan versions, 100 session notes and 30 agenda items. Then requests the
session view, the notes list, the client's agenda and the plan page many times, interleaved with a
signed-in view that makes one query (bench/baseline_urls.py), and prints queries per request, p50,
p95 and each page's ratio to the baseline's p50 in the same run. The machine is shared: compare
ratios, not milliseconds.

    .venv/bin/python bench/session.py
    DATABASE_URL=postgresql://stepwise:stepwise@127.0.0.1:5432/stepwise .venv/bin/python bench/session.py
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

from bench.pages import BASELINE, Page, analyze, bench_care_team, sign_in, throwaway_database, time_pages  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "30"))
WEEKS = 104


def _seed() -> tuple[Any, Any, Any]:
    from planning.demo.plans import build_large_plan
    from planning.models import (
        AgendaItem,
        CheckIn,
        JournalEntry,
        SafetyPlan,
        SafetyPlanVersion,
        SessionNote,
    )

    clinician, client = bench_care_team()
    plan = build_large_plan(client, goals=20, steps=15, practices=20)
    now, today = timezone.now(), timezone.localdate()
    CheckIn.objects.bulk_create(
        CheckIn(client=client, day=today - timedelta(weeks=w), created_at=now - timedelta(weeks=w),
                comfort=w % 11, connection=(w * 3) % 11)
        for w in range(WEEKS)
    )  # fmt: skip
    JournalEntry.objects.bulk_create(
        JournalEntry(client=client, situation=f"Situation {n}", shared_with_care_team=n % 2 == 0,
                     happened_on=today - timedelta(days=n * 3), created_at=now - timedelta(days=n * 3),
                     updated_at=now - timedelta(days=n * 3))
        for n in range(200)
    )  # fmt: skip
    safety = SafetyPlan.objects.create(client=client, version=40)
    SafetyPlanVersion.objects.bulk_create(
        SafetyPlanVersion(plan=safety, number=n, content={"coping": [f"Line {n}"]}, author=client.user,
                          created_at=now - timedelta(days=(40 - n) * 7))
        for n in range(1, 41)
    )  # fmt: skip
    SessionNote.objects.bulk_create(
        SessionNote(client=client, held_on=today - timedelta(days=7 * (n + 1)), worked_on=f"Session {n}",
                    created_by=clinician, updated_by=clinician)
        for n in range(100)
    )  # fmt: skip
    AgendaItem.objects.bulk_create(
        AgendaItem(client=client, text=f"Item {n}", added_by=client.user,
                   discussed_at=None if n < 5 else now - timedelta(days=n))
        for n in range(30)
    )  # fmt: skip
    return clinician, client, plan


def main() -> int:
    with throwaway_database("session_bench"):
        clinician, client, plan = _seed()
        analyze()
        staff = HttpClient(HTTP_HOST="localhost")
        sign_in(staff, clinician)
        own = HttpClient(HTTP_HOST="localhost")
        sign_in(own, client.user)
        cid = client.public_id
        pages: dict[str, Page] = {
            BASELINE: (staff, "get", "/bench/one-query/", {}),
            "session view": (staff, "get", f"/clients/{cid}/session/", {}),
            "session notes list": (staff, "get", f"/clients/{cid}/session-notes/", {}),
            "agenda, client": (own, "get", f"/clients/{cid}/agenda/", {}),
            "plan page (for comparison)": (staff, "get", f"/plans/{plan.public_id}/", {}),
        }
        time_pages("Session pages: 20 goals x 15 steps x 20 practices, two years of history", pages, RUNS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
