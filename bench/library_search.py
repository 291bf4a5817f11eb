"""Time library searches on the full library, through the page.

Creates a throwaway test database (migrations load the whole library), signs in a clinician and a
client, and requests the library page with each query many times, interleaved with a signed-in view
that makes one query (the baseline, bench/baseline_urls.py); prints queries per request, p50 and p95
and each page's ratio to the baseline's p50 in the same run. Uses PostgreSQL full-text search when
DATABASE_URL points at PostgreSQL, a word match on SQLite. Compare ratios, not milliseconds.

    .venv/bin/python bench/library_search.py
    DATABASE_URL=postgresql://stepwise:stepwise@127.0.0.1:5432/stepwise .venv/bin/python bench/library_search.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django.test import Client as HttpClient  # noqa: E402

from bench.pages import BASELINE, Page, analyze, sign_in, throwaway_database, time_pages  # noqa: E402

QUERIES = ["feel", "breathing", "saying no", "online group", "window of tolerance", "xylophone"]
RUNS = int(os.environ.get("BENCH_RUNS", "30"))


def main() -> int:
    with throwaway_database("library_bench"):
        from content.models import Item
        from planning.models import Organization, Role, User

        org = Organization.objects.create(name="Bench clinic")
        user = User.objects.create_user("bench@example.test", "bench-password-1", organization=org, role=Role.CLINICIAN)
        analyze()
        http = HttpClient(HTTP_HOST="localhost")
        sign_in(http, user)
        pages: dict[str, Page] = {BASELINE: (http, "get", "/bench/one-query/", {})}
        for query in QUERIES:
            hits = Item.objects.visible_to(user).search(query).count()
            pages[f"search '{query}', {hits} hits"] = (http, "get", "/library/?" + urlencode({"q": query}), {})
        pages["library, no search"] = (http, "get", "/library/", {})
        time_pages(f"Library search: {Item.objects.count()} items", pages, RUNS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
