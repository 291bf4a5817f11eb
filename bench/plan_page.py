"""Time the plan page (the co-building screen) on a large plan.

Creates a throwaway test database (SQLite in memory, or a test_* database next to the one
DATABASE_URL names), seeds a plan of 20 goals x 15 steps x 20 practices (6,000 practices),
signs in the treating clinician, requests the page many times and prints the median and
95th-percentile times, and the number of queries one request makes.

    .venv/bin/python bench/plan_page.py
    DATABASE_URL=postgresql://stepwise:stepwise@127.0.0.1:5432/stepwise .venv/bin/python bench/plan_page.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django.db import connection, connections, reset_queries  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "50"))
GOALS, STEPS, PRACTICES = 20, 15, 20


def _p95(times: list[float]) -> float:
    return sorted(times)[max(int(len(times) * 0.95) - 1, 0)]


def main() -> int:
    old_name = connection.settings_dict["NAME"]
    # A database of our own, so a test run using the default test database is never clobbered.
    connection.settings_dict["TEST"]["NAME"] = f"test_{old_name}_plan_bench" if connection.vendor != "sqlite" else None
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from planning.demo.plans import build_large_plan
        from planning.models import CareTeamMember, Client, Organization, Role, User

        org = Organization.objects.create(name="Bench clinic")
        clinician = User.objects.create_user(
            "bench@example.test", "bench-password-1", organization=org, role=Role.CLINICIAN
        )
        client = Client.objects.create(organization=org, preferred_name="Bench", email="bench-client@example.test")
        CareTeamMember.objects.create(client=client, clinician=clinician)
        started = time.perf_counter()
        plan = build_large_plan(client, goals=GOALS, steps=STEPS, practices=PRACTICES)
        seeded = time.perf_counter() - started
        # No setup_test_environment(): its template instrumentation would slow every render.
        http = HttpClient(HTTP_HOST="localhost")
        http.force_login(clinician, backend="django.contrib.auth.backends.ModelBackend")
        url = f"/plans/{plan.public_id}/"
        assert http.get(url).status_code == 200  # warm up
        reset_queries()  # the query log is capped; seeding filled it
        with CaptureQueriesContext(connections["default"]) as queries:
            http.get(url)
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            http.get(url)
            times.append((time.perf_counter() - start) * 1000)
        print(
            f"Plan page on {connection.vendor}: {GOALS} goals x {STEPS} steps x {PRACTICES} practices "
            f"(seeded in {seeded:.1f} s), {RUNS} requests, {len(queries)} queries per request"
        )
        print(f"median {statistics.median(times):.1f} ms   p95 {_p95(times):.1f} ms   max {max(times):.1f} ms")
        return 0
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    raise SystemExit(main())
