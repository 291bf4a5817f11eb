"""Time library searches on the full library, through the model and through the page.

Creates a throwaway test database (migrations load the whole library), signs in a
clinician, runs each query many times and prints median, 95th percentile and worst times.
Uses PostgreSQL full-text search when DATABASE_URL points at PostgreSQL, SQLite otherwise.

    .venv/bin/python bench/library_search.py
    DATABASE_URL=postgresql://stepwise:stepwise@127.0.0.1:5432/stepwise .venv/bin/python bench/library_search.py
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

from django.db import connection  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

QUERIES = ["breathing", "saying no", "shame", "online group", "family meal", "window of tolerance", "xylophone"]
RUNS = 50
LIMIT_MS = 100.0


def _timings(fn) -> list[float]:
    fn()  # warm up
    out = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def _line(label: str, times: list[float]) -> str:
    p95 = sorted(times)[int(len(times) * 0.95) - 1]
    return f"{label:<34} median {statistics.median(times):6.2f} ms   p95 {p95:6.2f} ms   max {max(times):6.2f} ms"


def main() -> int:
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from content.models import Item
        from planning.models import Organization, Role, User

        org = Organization.objects.create(name="Bench clinic")
        user = User.objects.create_user("bench@example.test", "bench-password-1", organization=org, role=Role.CLINICIAN)
        http = HttpClient()
        http.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        total = Item.objects.count()
        print(f"Library search on {connection.vendor}: {total} items, {RUNS} runs per query")
        worst = 0.0
        for query in QUERIES:
            hits = Item.objects.visible_to(user).search(query).count()
            model = _timings(lambda q=query: list(Item.objects.visible_to(user).search(q)))
            page = _timings(lambda q=query: http.get("/library/", {"q": q}))
            print(_line(f"model  '{query}' ({hits} hits)", model))
            print(_line(f"page   '{query}'", page))
            worst = max(worst, sorted(page)[int(len(page) * 0.95) - 1])
        verdict = "under" if worst < LIMIT_MS else "OVER"
        print(f"Worst page p95: {worst:.2f} ms ({verdict} the {LIMIT_MS:.0f} ms target)")
        return 0 if worst < LIMIT_MS else 1
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    raise SystemExit(main())
