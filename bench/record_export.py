"""Time the client's copy of their record and the plan's FHIR Bundle on a large record.

Seeds a throwaway test database with a client who has a 3 x 6 x 20 plan (360 practices), two years of
weekly check-ins, questionnaires every two weeks, 100 journal entries and a safety plan with VERSIONS
saved versions. The FHIR download is timed as a page against the signed-in one-query baseline
(bench/baseline_urls.py); the copy's ZIP is timed as the worker builds it (`record_zip`), the first build
drawing every version's PDF and the next reusing the kept ones, with `record_json` alone beside it, each as
a ratio to the baseline's p50 in the same run. The machine is shared: compare ratios, not milliseconds.

    .venv/bin/python bench/record_export.py            # BENCH_RUNS=30, BENCH_VERSIONS=5 by default
    DATABASE_URL=postgresql://stepwise:stepwise@127.0.0.1:5432/stepwise .venv/bin/python bench/record_export.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django.test import Client as HttpClient  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.pages import BASELINE, Page, analyze, bench_care_team, sign_in, throwaway_database, time_pages  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "30"))
VERSIONS = int(os.environ.get("BENCH_VERSIONS", "5"))
WEEKS = 104


def _seed() -> tuple[object, object, object]:
    from planning.demo.plans import build_large_plan
    from planning.demo.safety import PLANS
    from planning.models import (
        CheckIn,
        JournalEntry,
        MeasureAssignment,
        MeasureResponse,
        SafetyPlan,
        SafetyPlanVersion,
    )

    clinician, client = bench_care_team()
    plan = build_large_plan(client, goals=3, steps=6, practices=20)
    today, now = timezone.localdate(), timezone.now()
    CheckIn.objects.bulk_create(
        CheckIn(client=client, day=today - timedelta(weeks=w), comfort=w % 11, connection=(w * 3) % 11, note="A week")
        for w in range(WEEKS)
    )
    JournalEntry.objects.bulk_create(
        JournalEntry(client=client, happened_on=today - timedelta(days=d), situation=f"Evening {d}") for d in range(100)
    )
    assignment = MeasureAssignment.objects.create(client=client, code="PHQ-9", every_days=14)
    MeasureResponse.objects.bulk_create(
        MeasureResponse(client=client, assignment=assignment, code="PHQ-9", answers=[w % 2] * 9, status="submitted",
                        submitted_at=now - timedelta(weeks=w), total=(w % 2) * 9, band="", is_latest=w == 0)
        for w in range(0, WEEKS, 2)
    )  # fmt: skip
    safety = SafetyPlan.objects.create(client=client, version=VERSIONS)
    SafetyPlanVersion.objects.bulk_create(
        SafetyPlanVersion(plan=safety, number=n, content=PLANS["Sam"], author=client.user)
        for n in range(1, VERSIONS + 1)
    )
    return clinician, client, plan


def _seconds(build, *args) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    build(*args)
    return time.perf_counter() - start


def main() -> int:
    from planning.services.exports import record_json, record_zip

    with throwaway_database("record_export_bench"):
        clinician, client, plan = _seed()
        analyze()
        staff = HttpClient(HTTP_HOST="localhost")
        sign_in(staff, clinician)  # past two-step sign-in
        pages: dict[str, Page] = {
            BASELINE: (staff, "get", "/bench/one-query/", {}),
            "plan as FHIR Bundle": (staff, "get", f"/plans/{plan.public_id}/fhir/", {}),  # type: ignore[attr-defined]
        }
        time_pages("The plan's FHIR Bundle (3 goals x 6 steps x 20 practices, 52 questionnaires)", pages, RUNS)
        baseline = []
        for _ in range(RUNS):
            start = time.perf_counter()
            staff.get("/bench/one-query/")
            baseline.append(time.perf_counter() - start)
        base = statistics.median(baseline)
        first = _seconds(record_zip, client)
        again = [_seconds(record_zip, client) for _ in range(5)]
        json_only = [_seconds(record_json, client) for _ in range(5)]
        size = len(record_zip(client))
        print(f"The copy of the record ({VERSIONS} safety-plan versions), {size // 1024} KB zipped")
        print(f"{'build':34} {'ms':>8} {'/ baseline':>11}")
        for name, seconds in (
            (f"first ZIP (draws {VERSIONS} PDFs)", first),
            ("ZIP again (kept PDFs), p50 of 5", statistics.median(again)),
            ("stepwise-record.json alone, p50 of 5", statistics.median(json_only)),
        ):
            print(f"{name:34} {seconds * 1000:>8.1f} {seconds / base:>11.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
