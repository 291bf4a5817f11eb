"""Time the progress page, its PDF, the client home and the five chart builders on two years of history.

Seeds a throwaway test database with a client who has two years of weekly check-ins, practices and
questionnaires, then requests each page many times, interleaved with a signed-in view that makes one
query (the baseline, bench/baseline_urls.py), and prints p50 and p95 and each page's ratio to the
baseline's p50 in the same run. The machine is shared: compare ratios, not milliseconds.

    .venv/bin/python bench/progress.py
    DATABASE_URL=postgresql://stepwise:stepwise@127.0.0.1:5432/stepwise .venv/bin/python bench/progress.py
"""

from __future__ import annotations

import os
import sys
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
WEEKS = 104


def _seed() -> tuple[object, object]:
    from planning.demo.plans import build_large_plan
    from planning.models import (
        CheckIn,
        MeasureAssignment,
        MeasureResponse,
    )

    clinician, client = bench_care_team()
    build_large_plan(client, goals=3, steps=6, practices=20)
    today = timezone.localdate()
    CheckIn.objects.bulk_create(
        CheckIn(client=client, day=today - timedelta(weeks=w), comfort=w % 11, connection=(w * 3) % 11,
                contacts_in_person=w % 5, contacts_online=w % 7, is_rest_week=w % 9 == 0)
        for w in range(WEEKS)
    )  # fmt: skip
    now = timezone.now()
    for code, items, every in (("PHQ-9", 9, 2), ("PCL-5", 20, 4), ("UCLA-3", 3, 4)):
        assignment = MeasureAssignment.objects.create(client=client, code=code, every_days=every * 7)
        low = 1 if code == "UCLA-3" else 0
        MeasureResponse.objects.bulk_create(
            MeasureResponse(client=client, assignment=assignment, code=code, answers=[low + (w % 2)] * items,
                            status="submitted", submitted_at=now - timedelta(weeks=w), total=(low + (w % 2)) * items,
                            band="", is_latest=w == 0)
            for w in range(0, WEEKS, every)
        )  # fmt: skip
    return clinician, client


def main() -> int:
    with throwaway_database("progress_bench"):
        clinician, client = _seed()
        analyze()
        staff = HttpClient(HTTP_HOST="localhost")
        sign_in(staff, clinician)  # type: ignore[arg-type]
        own = HttpClient(HTTP_HOST="localhost")
        sign_in(own, client.user)  # type: ignore[attr-defined]
        cid = client.public_id  # type: ignore[attr-defined]
        pages: dict[str, Page] = {
            BASELINE: (staff, "get", "/bench/one-query/", {}),
            "progress page, care team": (staff, "get", f"/clients/{cid}/progress/", {}),
            "progress page, client": (own, "get", f"/clients/{cid}/progress/", {}),
            "client home": (own, "get", "/me/", {}),
            "caseload": (staff, "get", "/caseload/", {}),
            "progress summary PDF": (staff, "get", f"/clients/{cid}/progress.pdf", {}),
        }
        time_pages(f"Progress pages: {WEEKS} weeks of check-ins and 3 questionnaires", pages, RUNS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
