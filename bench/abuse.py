"""Time what hostile input costs a worker (issue 13, item 8), against the one-query signed-in baseline.

Each case is one request through the whole stack (test client, all middleware), timed interleaved with
the baseline (bench/baseline_urls.py) so load on the shared machine hits them alike. Prints p50 and p95
in ms and p50 as a ratio to the baseline's p50. The rate limits are off here: they are meant for people,
and this measures what one request costs. What each limit is and how it answers is tested in
tests/content/test_input_limits.py and tests/planning/test_input_limits.py; the budget is a second.

    .venv/bin/python bench/abuse.py           # BENCH_RUNS=20 by default
    BENCH_ONLY=PDF .venv/bin/python bench/abuse.py    # only the cases whose name holds "PDF"
    DATABASE_URL=postgresql://stepwise:stepwise@127.0.0.1:5432/stepwise .venv/bin/python bench/abuse.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.pages import BASELINE, sign_in, throwaway_database  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "20"))
ONLY = os.environ.get("BENCH_ONLY", "")  # time only the cases whose name holds this (and the baseline)


@dataclass
class Case:
    http: HttpClient
    method: str
    url: str
    data: Any = None
    status: int = 200
    content_type: str | None = None
    before: Callable[[], None] | None = None  # untimed, before each request
    times: list[float] = field(default_factory=list)

    def run(self) -> float:
        if self.before is not None:
            self.before()
        start = time.perf_counter()
        if self.method == "get":
            response = self.http.get(self.url)
        elif self.content_type:
            response = self.http.post(self.url, self.data, content_type=self.content_type)
        else:
            response = self.http.post(self.url, self.data)
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == self.status, (self.url[:80], response.status_code)
        return elapsed


def _p95(times: list[float]) -> float:
    return sorted(times)[max(int(len(times) * 0.95) - 1, 0)]


def main() -> int:
    settings.RATELIMIT_ENABLE = False
    with throwaway_database("abuse_bench"):
        from content.markdown import MAX_MARKUP, MAX_NESTING
        from content.models import Item
        from planning.models import SafetyPlanPdf, WalletCardPdf
        from planning.services.safety_plan import safety_plan_save
        from tests.factories import ClientFactory, OrgAdminFactory, fullest_safety_plan

        client: Any = ClientFactory(preferred_name="Robin")
        admin: Any = OrgAdminFactory(organization=client.organization)
        person = HttpClient(HTTP_HOST="localhost")
        sign_in(person, client.user)
        manager = HttpClient(HTTP_HOST="localhost")
        sign_in(manager, admin)  # past two-step sign-in, as an admin always is
        version = safety_plan_save(actor=client.user, client=client, content=fullest_safety_plan(), based_on=0)

        def forget_kept_pdf() -> None:
            """Make the next plan download draw the PDF again, as its first download does."""
            SafetyPlanPdf.objects.filter(version=version).delete()

        def forget_kept_card() -> None:
            """Make the next wallet card download lay the card out and draw it again."""
            WalletCardPdf.objects.filter(version=version).delete()

        def client_url(name: str) -> str:
            return reverse(f"planning:{name}", kwargs={"client_id": client.public_id})

        def item(body: str) -> str:
            """An item as it is stored (written straight to the table, as one saved before the limits)."""
            made = Item.objects.create(
                kind="topic", title="Bench", slug=f"bench-{Item.objects.count()}", summary="s", body=body
            )
            return reverse("content:item", args=[made.public_id])

        edit_item = Item.objects.create(
            kind="topic", title="Edited", slug="edited", summary="s", body="x", organization=client.organization
        )
        spread = ("![" + "word ") * MAX_MARKUP  # the costliest markup found (image brackets), at the limit
        deep = "".join("  " * level + f"- level {level}\n" for level in range(MAX_NESTING))
        form = {"kind": "topic", "title": "Edited", "summary": "s", "audience": "everyone"}
        fields_5000 = "section=coping&" + "&".join(f"text=line+{n}" for n in range(5_000))

        cases: dict[str, Case] = {
            BASELINE: Case(person, "get", "/bench/one-query/"),
            "search, 200 characters (the limit)": Case(
                person, "get", "/library/?" + urlencode({"q": "breathing " * 20})
            ),
            "search, 4,000 characters (trimmed)": Case(
                person, "get", "/library/?" + urlencode({"q": "breathing " * 400})
            ),
            "safety plan: 5,000 lines (refused)": Case(
                person,
                "post",
                client_url("safety_plan_edit"),
                {"version": str(version.number), "coping": "\n".join(f"Idea {n}" for n in range(5_000))},
            ),
            "add a line: 5,000 fields (400)": Case(
                person,
                "post",
                client_url("safety_plan_add_item"),
                fields_5000,
                status=400,
                content_type="application/x-www-form-urlencoded",
            ),
            "post of 2.5 MB + 1 byte (400)": Case(
                person,
                "post",
                client_url("safety_plan_edit"),
                {"coping": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)},
                status=400,
            ),
            "plan PDF, every field at its limit": Case(
                person,
                "get",
                client_url("safety_plan_pdf"),
                before=forget_kept_pdf,
            ),
            "plan PDF, fullest, repeat (kept)": Case(person, "get", client_url("safety_plan_pdf")),
            "wallet card PDF, fullest plan": Case(
                person, "get", client_url("safety_plan_card_pdf"), before=forget_kept_card
            ),
            "wallet card PDF, fullest, repeat (kept)": Case(person, "get", client_url("safety_plan_card_pdf")),
            f"item page, {MAX_MARKUP:,} '![' (limit)": Case(person, "get", item(spread)),
            f"item page, lists {MAX_NESTING} deep (limit)": Case(person, "get", item(deep)),
            "item page, old '- ' x 5,000": Case(person, "get", item("- " * 5_000)),
            "item page, old '[' x 20,000 (plain text)": Case(person, "get", item("[" * 20_000)),
            "save item, '> ' x 5,000 (refused)": Case(
                manager,
                "post",
                reverse("content:item_edit", args=[edit_item.public_id]),
                {**form, "body": "> " * 5_000},
            ),
            "save item, '[' x 20,000 (refused)": Case(
                manager,
                "post",
                reverse("content:item_edit", args=[edit_item.public_id]),
                {**form, "body": "[" * 20_000},
            ),
            f"save item, {MAX_MARKUP:,} '![' (saves)": Case(
                manager,
                "post",
                reverse("content:item_edit", args=[edit_item.public_id]),
                {**form, "body": spread},
                status=302,
            ),
        }
        cases = {name: case for name, case in cases.items() if name == BASELINE or ONLY in name}
        for case in cases.values():
            case.run()  # warm up: imports, fonts, the first PDF
        for _ in range(RUNS):
            for case in cases.values():
                case.times.append(case.run())
        base = statistics.median(cases[BASELINE].times)
        from django.db import connection

        print(f"Hostile input on {connection.vendor}, {RUNS} runs each")
        print(f"{'case':40} {'p50 ms':>8} {'p95 ms':>8} {'p50 / baseline':>15}")
        for name, case in cases.items():
            p50 = statistics.median(case.times)
            print(f"{name:40} {p50:>8.1f} {_p95(case.times):>8.1f} {p50 / base:>15.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
