"""Time the plan page (the co-building screen) on a typical plan and on a large one.

Seeds a throwaway test database (SQLite in memory, or a test_* database next to the one DATABASE_URL
names) with a typical plan (3 goals x 6 steps x 7 practices) and a large one (20 goals x 15 steps x 20
practices, 6,000 practices), then requests each page many times, interleaved with a signed-in view that
makes one query (the baseline, bench/baseline_urls.py), and prints queries per request, p50 and p95 and
each page's ratio to the baseline's p50 in the same run. The machine is shared: compare ratios, not
milliseconds.

    .venv/bin/python bench/plan_page.py
    DATABASE_URL=postgresql://stepwise:stepwise@127.0.0.1:5432/stepwise .venv/bin/python bench/plan_page.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django.test import Client as HttpClient  # noqa: E402

from bench.pages import BASELINE, Page, analyze, sign_in, throwaway_database, time_pages  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "30"))
TYPICAL = {"goals": 3, "steps": 6, "practices": 7}
LARGE = {"goals": 20, "steps": 15, "practices": 20}


def _seed() -> tuple[Any, Any, Any, Any]:
    from planning.demo.plans import build_large_plan
    from planning.models import CareTeamMember, Client, Organization, Role, User

    org = Organization.objects.create(name="Bench clinic")
    clinician = User.objects.create_user(
        "bench@example.test", "bench-password-1", organization=org, role=Role.CLINICIAN
    )
    client_user = User.objects.create_user(
        "bench-client@example.test", "bench-password-1", organization=org, role=Role.CLIENT
    )
    typical_client = Client.objects.create(
        organization=org, preferred_name="Typical", email="bench-client@example.test", user=client_user
    )
    large_client = Client.objects.create(organization=org, preferred_name="Large", email="large@example.test")
    CareTeamMember.objects.bulk_create(
        [
            CareTeamMember(client=typical_client, clinician=clinician),
            CareTeamMember(client=large_client, clinician=clinician),
        ]
    )
    typical = build_large_plan(typical_client, **TYPICAL)
    large = build_large_plan(large_client, **LARGE)
    return clinician, client_user, typical, large


def main() -> int:
    with throwaway_database("plan_bench"):
        clinician, client_user, typical, large = _seed()
        analyze()
        staff = HttpClient(HTTP_HOST="localhost")
        sign_in(staff, clinician)
        own = HttpClient(HTTP_HOST="localhost")
        sign_in(own, client_user)
        pages: dict[str, Page] = {
            BASELINE: (staff, "get", "/bench/one-query/", {}),
            "plan page, typical, care team": (staff, "get", f"/plans/{typical.public_id}/", {}),
            "plan page, typical, client": (own, "get", f"/plans/{typical.public_id}/", {}),
            "plan page, large, care team": (staff, "get", f"/plans/{large.public_id}/", {}),
        }
        sizes = "{goals} goals x {steps} steps x {practices} practices"
        time_pages(f"Plan page: typical {sizes.format(**TYPICAL)}, large {sizes.format(**LARGE)}", pages, RUNS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
