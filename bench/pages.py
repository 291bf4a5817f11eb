"""What the page benchmarks share: a throwaway database, and timing pages against the one-query baseline.

Import after django.setup(). Each page is (signed-in test client, method, URL, data); the first page
must be the baseline, a signed-in view that makes one query (bench/baseline_urls.py). Pages are timed
interleaved, so load on the shared machine hits all of them alike; compare ratios, not milliseconds.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

BASELINE = "baseline (signed in, one query)"
Page = tuple[Any, str, str, dict[str, Any]]


def sign_in(http: Any, user: Any) -> Any:
    """Sign a test client in as `user`, past two-step sign-in for a clinician or admin (a confirmed app, as
    the code page leaves a session), so each page is timed as those people meet it."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    http.force_login(user, backend="planning.user_cache.CachedModelBackend")
    if user.second_factor_required:
        device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "Bench app"})
        session = http.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return http


def bench_care_team() -> tuple[Any, Any]:
    """A clinic with one clinician and one client (who has an account) on that clinician's care team."""
    from planning.models import CareTeamMember, Client, Organization, Role, User

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
    return clinician, client


@contextmanager
def throwaway_database(name: str) -> Iterator[None]:
    """A database of the benchmark's own (SQLite in memory, or test_<db>_<name>), so no test run is clobbered."""
    settings.ROOT_URLCONF = "bench.baseline_urls"
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = f"test_{old_name}_{name}" if connection.vendor != "sqlite" else None
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def analyze() -> None:
    """Give PostgreSQL fresh statistics after a bulk load, as autovacuum soon would in production."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _p95(times: list[float]) -> float:
    return sorted(times)[max(int(len(times) * 0.95) - 1, 0)]


def _time(page: Page) -> float:
    http, method, url, data = page
    start = time.perf_counter()
    response = http.post(url, data) if method == "post" else http.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def time_pages(title: str, pages: dict[str, Page], runs: int) -> None:
    """Warm each page up, count its queries, time them all interleaved and print p50, p95 and the ratio."""
    # The rate limits (config/ratelimits.py: 30 PDFs in 5 minutes, 60 searches a minute) would answer 429 from
    # the 30th run on; this measures what a page costs, so they are off, as in bench/loadtest_settings.py.
    settings.RATELIMIT_ENABLE = False
    queries = {}
    for name, page in pages.items():
        _time(page)  # warm up (the chart engine, for one, starts once per process)
        with CaptureQueriesContext(connections["default"]) as captured:
            _time(page)
        queries[name] = len(captured)
    times: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(runs):
        for name, page in pages.items():
            times[name].append(_time(page))
    base = statistics.median(times[BASELINE])
    print(f"{title} on {connection.vendor}, {runs} runs each")
    print(f"{'page':34} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'p50 / baseline':>15}")
    for name, samples in times.items():
        p50 = statistics.median(samples)
        print(f"{name:34} {queries[name]:>7} {p50:>8.1f} {_p95(samples):>8.1f} {p50 / base:>15.1f}")
