"""Load test: the production stack on a seeded clinic, driven by locust at 1 and 20 concurrent users.

    make loadtest
    LOADTEST_REUSE=1 make loadtest          # keep the seeded database from the last run
    LOADTEST_PAGES=caseload,plan make loadtest

What it does:

1. Recreates the database `stepwise_load` (LOADTEST_DATABASE_URL) and seeds it with
   `manage.py seed_clinic` (50 clinicians, 2,500 clients, two years of records).
2. Collects static files and starts the production stack with scripts/serve (as `make serve`):
   gunicorn with workers from the core count (WEB_CONCURRENCY overrides), a Celery worker and
   beat, DEBUG off, WhiteNoise with the hashed manifest, PostgreSQL and Redis (REDIS_URL), behind
   a TLS proxy (locust sends X-Forwarded-Proto). The settings are bench/loadtest_settings.py:
   production's, plus two reference views and an X-Queries header. Its log goes to artifacts/.
3. Drives it with locust (in-process, headless). For each page and each concurrency it runs, in
   one go, three pairs of slices: the one-query signed-in view, then the page. It prints each
   page's requests/s, p50, p95, queries per request (X-Queries) and its share: the page's
   requests/s over the one-query view's in the same pair, the median of the three. Users start
   each slice together and the server drains between slices, so a slice counts only its own
   requests.

The machine is shared and locust runs on it too: compare shares, not milliseconds.
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import http.client  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import secrets  # noqa: E402
import signal  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from itertools import cycle  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

import gevent  # noqa: E402
import psycopg  # noqa: E402
from locust import FastHttpUser, constant, task  # noqa: E402
from locust.env import Environment  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE_URL = os.environ.get("LOADTEST_DATABASE_URL", "postgresql://stepwise:stepwise@127.0.0.1:5432/stepwise_load")
REDIS_URL = os.environ.get("LOADTEST_REDIS_URL", os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
PORT = int(os.environ.get("LOADTEST_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
USERS = [int(n) for n in os.environ.get("LOADTEST_USERS", "1,20").split(",")]
# Per page and concurrency: PAIRS times a slice of the one-query view then a slice of the page, in seconds.
PAIRS = int(os.environ.get("LOADTEST_PAIRS", "3"))
BASELINE_SECONDS = float(os.environ.get("LOADTEST_BASELINE_SECONDS", "3"))
PAGE_SECONDS = float(os.environ.get("LOADTEST_PAGE_SECONDS", "5"))
SEED_ARGS = os.environ.get("LOADTEST_SEED_ARGS", "--clinicians 50 --clients 2500 --years 2").split()
BASELINE = "one-query view (signed in)"


def stack_environment() -> dict[str, str]:
    """Production's environment, pointed at the load test's own database."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.loadtest_settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        SITE_URL="https://127.0.0.1",
        BEHIND_TLS_PROXY="true",
        EMAIL_URL="consolemail://",
        BIND=f"127.0.0.1:{PORT}",
        PYTHON_BIN=PYTHON,
        PYTHONPATH=str(ROOT),
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603 - our own fixed commands


def recreate_database() -> None:
    """Drop and create the load test's database (only one whose name says it is for load tests)."""
    url = urlsplit(DATABASE_URL)
    name = url.path.lstrip("/")
    if "load" not in name:
        raise SystemExit(f"Refusing to recreate {name!r}: the load test's database name must contain 'load'.")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def start_server(env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Start scripts/serve (gunicorn, Celery worker and beat) and wait until the web app answers."""
    log = ROOT / "artifacts" / "loadtest-server.log"
    log.parent.mkdir(exist_ok=True)
    print(f"Starting the production stack (scripts/serve) on {BASE}; its log: {log}", flush=True)
    with log.open("wb") as out:
        server = subprocess.Popen(  # noqa: S603 - a fixed command
            [str(ROOT / "scripts" / "serve")],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
            connection.request("GET", "/healthz", headers={"Host": "localhost"})
            if connection.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    stop_server(server)
    raise SystemExit(f"The production stack did not answer within a minute; see {log}.")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """Ask scripts/serve to stop; it stops gunicorn, the worker and beat gracefully."""
    server.terminate()
    try:
        server.wait(timeout=40)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


# Driving the server


@dataclass
class Page:
    """One page of the table: who asks for it, and where (several places for a "first render")."""

    name: str
    urls: list[tuple[str, str | None]]  # (path, session cookie or None for anonymous)
    first_render: bool = False
    _next: Any = None
    used: int = 0

    def next_request(self) -> tuple[str, str | None]:
        if self._next is None:
            self._next = cycle(self.urls)
        self.used += 1
        return next(self._next)  # type: ignore[no-any-return]


@dataclass
class Sample:
    slice_id: int
    ended: float
    ms: float
    status: int
    queries: str


@dataclass
class Stage:
    """What every simulated user is asked to request right now (None: wait)."""

    page: Page | None = None
    slice_id: int = 0
    inflight: int = 0
    cookie_name: str = "sessionid"
    samples: list[Sample] = field(default_factory=list)


STAGE = Stage()


class Visitor(FastHttpUser):
    wait_time = constant(0)
    network_timeout = 180.0
    connection_timeout = 30.0

    @task
    def visit(self) -> None:
        page, slice_id = STAGE.page, STAGE.slice_id
        if page is None:
            gevent.sleep(0.005)
            return
        path, cookie = page.next_request()
        headers = {"X-Forwarded-Proto": "https"}
        if cookie:
            headers["Cookie"] = f"{STAGE.cookie_name}={cookie}"
        STAGE.inflight += 1
        started = time.perf_counter()
        try:
            response = self.client.get(path, headers=headers, name=page.name, allow_redirects=False)
        finally:
            STAGE.inflight -= 1
        ended = time.perf_counter()
        queries = response.headers.get("X-Queries", "?") if response.headers else "?"
        STAGE.samples.append(Sample(slice_id, ended, (ended - started) * 1000, response.status_code or 0, queries))


@dataclass
class Slice:
    seconds: float
    samples: list[Sample]


def run_slice(page: Page, seconds: float) -> Slice:
    """Ask every user for one page for a while; return the requests that ended inside the slice."""
    STAGE.page = None
    while STAGE.inflight:
        gevent.sleep(0.01)
    STAGE.slice_id += 1
    slice_id = STAGE.slice_id
    start = time.perf_counter()
    STAGE.page = page
    gevent.sleep(seconds)
    end = time.perf_counter()
    STAGE.page = None
    while STAGE.inflight:
        gevent.sleep(0.01)
    taken = [s for s in STAGE.samples if s.slice_id == slice_id and start <= s.ended <= end]
    STAGE.samples = []
    return Slice(end - start, taken)


@dataclass
class Result:
    rps: float
    p50: float
    p95: float
    queries: str
    errors: int


def summarise(slices: list[Slice]) -> Result:
    samples = [s for one in slices for s in one.samples]
    seconds = sum(one.seconds for one in slices) or 1.0
    ok = [s for s in samples if s.status == 200]
    times = sorted(s.ms for s in ok) or [0.0]
    counts = sorted({s.queries for s in ok}, key=lambda q: int(q) if q.isdigit() else 0)
    queries = counts[0] if len(counts) == 1 else f"{counts[0]}-{counts[-1]}" if counts else "?"
    p95 = times[max(int(len(times) * 0.95) - 1, 0)]
    return Result(len(ok) / seconds, statistics.median(times), p95, queries, len(samples) - len(ok))


def measure(pages: list[Page], baseline: Page, users: int, runner: Any) -> dict[str, tuple[Result, float]]:
    runner.start(users, spawn_rate=users)
    while runner.user_count < users:
        gevent.sleep(0.05)
    run_slice(baseline, 2)  # warm up at this concurrency
    rows: dict[str, tuple[Result, float]] = {}
    base_slices: list[Slice] = []
    for page in pages:
        own_base: list[Slice] = []
        own: list[Slice] = []
        shares = []
        for _ in range(PAIRS):
            own_base.append(run_slice(baseline, BASELINE_SECONDS))
            own.append(run_slice(page, PAGE_SECONDS))
            base_rps, page_rps = summarise(own_base[-1:]).rps, summarise(own[-1:]).rps
            shares.append(page_rps / base_rps if base_rps else 0.0)
        # The median pair: a burst from another process on the shared machine moves one pair, not the share.
        result = summarise(own)
        rows[page.name] = (result, statistics.median(shares))
        base_slices += own_base
        print(f"  {users:>2} users  {page.name:42} {result.rps:8.1f} req/s  share {rows[page.name][1]:.2f}", flush=True)
    rows[BASELINE] = (summarise(base_slices), 1.0)
    return rows


def warm_up(pages: list[Page], baseline: Page) -> None:
    """One user visits each page a few times, so both workers have loaded templates and fonts."""
    for page in [baseline, *pages]:
        run_slice(page, 1.5)


def table(results: dict[int, dict[str, tuple[Result, float]]], order: list[str]) -> str:
    heads = ["page", "queries"]
    for users in results:
        heads += [f"{users}u req/s", f"{users}u p50 ms", f"{users}u p95 ms", f"{users}u share"]
    lines = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    for name in order:
        first = next(iter(results.values()))[name][0]
        cells = [name, first.queries]
        for rows in results.values():
            result, share = rows[name]
            note = f" ({result.errors} errors)" if result.errors else ""
            cells += [f"{result.rps:.1f}{note}", f"{result.p50:.0f}", f"{result.p95:.0f}", f"{share:.2f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def build_pages(people: dict[str, Any]) -> tuple[Page, list[Page]]:
    clinician, client, staff = people["clinician"], people["client"], people["staff"]
    client_id, plan_id = people["client_id"], people["plan_id"]
    pool = people["pool"]
    half = len(pool) // 2
    plan_pdfs = [(f"/clients/{cid}/safety-plan/plan.pdf", cookie) for cid, cookie in pool[:half]]
    card_pdfs = [(f"/clients/{cid}/safety-plan/card.pdf", cookie) for cid, cookie in pool[half:]]
    baseline = Page(BASELINE, [("/bench/one-query/", client)])
    pages = [
        Page("anonymous one-query view", [("/bench/anonymous-one-query/", None)]),
        Page("sign-in page (anonymous)", [("/accounts/login/", None)]),
        Page(f"caseload ({people['caseload']} clients)", [("/caseload/", clinician)]),
        Page("plan page (3 goals x 6 steps, 120 practices)", [(f"/plans/{plan_id}/", clinician)]),
        Page("client home", [("/me/", client)]),
        Page("safety plan", [("/me/safety-plan/", client)]),
        Page('library search ("feel")', [("/library/?q=feel", client)]),
        Page("safety plan PDF, first render", plan_pdfs, first_render=True),
        Page("safety plan PDF, repeat", [(f"/clients/{client_id}/safety-plan/plan.pdf", client)]),
        Page("wallet card PDF, first render", card_pdfs, first_render=True),
        Page("wallet card PDF, repeat", [(f"/clients/{client_id}/safety-plan/card.pdf", client)]),
        Page("admin: client list (staff)", [("/admin/planning/client/", staff)]),
    ]
    wanted = [w.strip().lower() for w in os.environ.get("LOADTEST_PAGES", "").split(",") if w.strip()]
    if wanted:
        pages = [page for page in pages if any(w in page.name.lower() for w in wanted)]
    return baseline, pages


def drive(people: dict[str, Any]) -> str:
    STAGE.cookie_name = people["session_cookie"]
    baseline, pages = build_pages(people)
    env = Environment(user_classes=[Visitor], host=BASE)
    runner = env.create_local_runner()
    results: dict[int, dict[str, tuple[Result, float]]] = {}
    try:
        runner.start(1, spawn_rate=1)
        while runner.user_count < 1:
            gevent.sleep(0.05)
        warm_up(pages, baseline)
        for users in USERS:
            results[users] = measure(pages, baseline, users, runner)
    finally:
        runner.quit()
    for page in pages:
        if page.first_render and page.used > len(page.urls):
            print(f"Note: {page.name} ran out of fresh plans after {len(page.urls)}; later ones were repeats.")
    return table(results, [BASELINE, *[page.name for page in pages]])


def main() -> int:
    env = stack_environment()
    if os.environ.get("LOADTEST_REUSE") != "1":
        print(
            f"Recreating {urlsplit(DATABASE_URL).path.lstrip('/')} and seeding it ({' '.join(SEED_ARGS)})", flush=True
        )
        recreate_database()
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed_clinic", *SEED_ARGS)
    else:
        manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    prepared = subprocess.run(  # noqa: S603 - a fixed command
        [PYTHON, "bench/loadtest_prepare.py"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    people = json.loads(prepared.stdout)
    server = start_server(env)
    try:
        started = time.monotonic()
        report = drive(people)
    finally:
        stop_server(server)
    cores = os.cpu_count() or 1
    heading = (
        f"Load test, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: scripts/serve on {cores} cores "
        f"({env.get('WEB_CONCURRENCY') or cores * 2 + 1} gunicorn workers), PostgreSQL, Redis and locust on the "
        "same machine; "
        f"{PAIRS} pairs of {BASELINE_SECONDS:.0f} s of the one-query view then {PAGE_SECONDS:.0f} s of the page, "
        f"per page and concurrency; share = the page's requests/s / the one-query view's, median of the pairs "
        f"({time.monotonic() - started:.0f} s)."
    )
    print("\n" + heading + "\n\n" + report)
    out = ROOT / "artifacts"
    out.mkdir(exist_ok=True)
    (out / "loadtest.md").write_text(heading + "\n\n" + report + "\n")
    print(f"\nWritten to {out / 'loadtest.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
