"""Time the safety-plan PDFs: the full plan (A4) and the wallet card, cold and warm.

Renders in this process exactly as the views do (planning.pdf, WeasyPrint with the static-only
URL fetcher), from unsaved demo objects, so no database is needed. "Cold" is the first render
after start-up (fonts and stylesheets loaded for the first time); "warm" is the median and 95th
percentile of the following runs. A "longest" plan fills every section to the form's limits.

    .venv/bin/python bench/pdf.py            # BENCH_RUNS=30 by default
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

started = time.perf_counter()
import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from planning import pdf  # noqa: E402
from planning.demo.safety import PLANS  # noqa: E402
from planning.forms.safety import CONTACT_ROWS, MAX_ITEM_LENGTH, MAX_ITEMS  # noqa: E402
from planning.models import Client, Organization, SafetyPlanVersion  # noqa: E402
from planning.models.safety import SAFETY_SECTIONS  # noqa: E402
from planning.services.crisis_lines import default_crisis_lines  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "30"))


def _longest() -> dict[str, list[object]]:
    content: dict[str, list[object]] = {}
    for spec in SAFETY_SECTIONS:
        if spec.contacts:
            content[spec.key] = [
                {"name": f"Person {n}", "relationship": "friend", "phone": "555 0100"} for n in range(CONTACT_ROWS)
            ]
        else:
            content[spec.key] = [("A long line in my own words " * 12)[:MAX_ITEM_LENGTH] for _ in range(MAX_ITEMS)]
    return content


def _time(render, **kwargs) -> tuple[float, list[float], int]:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    body = render(**kwargs)
    cold = time.perf_counter() - start
    warm = []
    for _ in range(RUNS):
        start = time.perf_counter()
        render(**kwargs)
        warm.append(time.perf_counter() - start)
    return cold, warm, len(body)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def main() -> int:
    print(f"start-up (Django + WeasyPrint import): {_ms(time.perf_counter() - started)}")
    organization = Organization(name="Bench Clinic")
    client = Client(organization=organization, preferred_name="Sam")
    lines = default_crisis_lines(organization)
    cases = {"typical": PLANS["Sam"], "longest": _longest()}
    print(f"{'document':<24}{'cold':>11}{'warm p50':>11}{'warm p95':>11}{'size':>10}   ({RUNS} warm runs)")
    for label, content in cases.items():
        version = SafetyPlanVersion(number=7, content=content, created_at=timezone.now())
        for name, render in (("full plan", pdf.safety_plan_pdf), ("wallet card", pdf.wallet_card_pdf)):
            cold, warm, size = _time(render, client=client, version=version, crisis_lines=lines)
            p95 = sorted(warm)[max(int(len(warm) * 0.95) - 1, 0)]
            print(f"{name + ' (' + label + ')':<24}{_ms(cold)}{_ms(statistics.median(warm))}{_ms(p95)}{size:>8} B")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
