"""Time what being signed in costs: the one-query view signed in (the baseline) against the same query anonymous.

A signed-in request reads the user (its session comes from the cache); it should not write the session row.
Prints queries per request, p50 and p95 and the ratio to the signed-in baseline in the same run, for the
test settings (sessions kept in the database, read from the local cache) on SQLite or, with DATABASE_URL,
on PostgreSQL. Compare ratios, not milliseconds.

    .venv/bin/python bench/signed_in.py
    DATABASE_URL=postgresql://stepwise:stepwise@127.0.0.1:5432/stepwise .venv/bin/python bench/signed_in.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django.test import Client as HttpClient  # noqa: E402

from bench.pages import BASELINE, Page, sign_in, throwaway_database, time_pages  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "200"))


def main() -> int:
    with throwaway_database("signed_in_bench"):
        from planning.models import Organization, Role, User

        org = Organization.objects.create(name="Bench clinic")
        user = User.objects.create_user("bench@example.test", "bench-password-1", organization=org, role=Role.CLINICIAN)
        signed_in = HttpClient(HTTP_HOST="localhost")
        sign_in(signed_in, user)
        anonymous = HttpClient(HTTP_HOST="localhost")
        pages: dict[str, Page] = {
            BASELINE: (signed_in, "get", "/bench/one-query/", {}),
            "anonymous, one query": (anonymous, "get", "/bench/one-query-anonymous/", {}),
        }
        time_pages("What a signed-in request costs", pages, RUNS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
