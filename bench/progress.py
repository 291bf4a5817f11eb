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
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, connections, reset_queries  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "30"))
WEEKS = 104


def _p95(times: list[float]) -> float:
    return sorted(times)[max(int(len(times) * 0.95) - 1, 0)]


def _seed() -> tuple[object, object]:
    from planning.demo.plans import build_large_plan
    from planning.models import (
        CareTeamMember,
        CheckIn,
        Client,
        MeasureAssignment,
        MeasureResponse,
        Organization,
        Role,
        User,
    )

    org = Organization.objects.create(name="Bench clinic")
    clinician = User.objects.create_user(
        "bench@example.test", "bench-password-1", organization=org, role=Role.CLINICIAN
    )
    client_user = User.objects.create_user(
        "bench-client@example.test", "bench-password-1", organization=org, role=Role.CLIENT
    )
    client = Client.objects.create(
        organization=org, preferred_name="Bench", email="bench-client@example.test", user=client_user
    )
    CareTeamMember.objects.create(client=client, clinician=clinician)
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


def _time(http: HttpClient, url: str) -> float:
    start = time.perf_counter()
    response = http.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def main() -> int:
    settings.ROOT_URLCONF = "bench.baseline_urls"
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = (
        f"test_{old_name}_progress_bench" if connection.vendor != "sqlite" else None
    )
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        clinician, client = _seed()
        staff = HttpClient(HTTP_HOST="localhost")
        staff.force_login(clinician, backend="django.contrib.auth.backends.ModelBackend")  # type: ignore[arg-type]
        own = HttpClient(HTTP_HOST="localhost")
        own.force_login(client.user, backend="django.contrib.auth.backends.ModelBackend")  # type: ignore[attr-defined]
        cid = client.public_id  # type: ignore[attr-defined]
        pages = {
            "baseline (signed in, one query)": (staff, "/bench/one-query/"),
            "progress page, care team": (staff, f"/clients/{cid}/progress/"),
            "progress page, client": (own, f"/clients/{cid}/progress/"),
            "client home": (own, "/me/"),
            "caseload": (staff, "/caseload/"),
            "progress summary PDF": (staff, f"/clients/{cid}/progress.pdf"),
        }
        queries = {}
        for name, (http, url) in pages.items():
            _time(http, url)  # warm up (the chart engine starts once per process)
            reset_queries()
            with CaptureQueriesContext(connections["default"]) as captured:
                http.get(url)
            queries[name] = len(captured)
        times: dict[str, list[float]] = {name: [] for name in pages}
        for _ in range(RUNS):
            for name, (http, url) in pages.items():  # interleaved, so load on the machine hits all alike
                times[name].append(_time(http, url))
        base = statistics.median(times["baseline (signed in, one query)"])
        print(f"Progress pages on {connection.vendor}: {WEEKS} weeks of check-ins, 3 questionnaires, {RUNS} runs each")
        print(f"{'page':34} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'p50 / baseline':>15}")
        for name, samples in times.items():
            p50 = statistics.median(samples)
            print(f"{name:34} {queries[name]:>7} {p50:>8.1f} {_p95(samples):>8.1f} {p50 / base:>15.1f}")
        return 0
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    raise SystemExit(main())
