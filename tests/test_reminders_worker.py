"""Reminders on real Redis, real Celery worker processes and a real beat: a due reminder goes out once,
and a reminder whose time comes while Redis is stopped goes out once it is back.

The workers and beat are separate `celery` processes (as in production), reading the test database
(PostgreSQL, as in CI) and writing their email to files. They need REDIS_URL and PostgreSQL; without
them the tests skip locally, and CI treats a skip as failure.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from config.celery import app
from planning.models import OutboxMessage, Reminder, ReminderDelivery
from planning.models.reminders import local_moment
from planning.services.plans import practice_start
from tests.factories import GoalFactory, PlanFactory, ReminderFactory, StepFactory

pytestmark = pytest.mark.services
ROOT = Path(__file__).resolve().parent.parent


def wait_until(done: Callable[[], bool], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        time.sleep(0.2)
    return done()


def make_due(reminder: Reminder) -> None:
    moment = (timezone.now() - timedelta(minutes=1)).astimezone(reminder.zone())
    at = moment.time().replace(second=0, microsecond=0)
    Reminder.objects.filter(pk=reminder.pk).update(
        at=at, due_on=moment.date(), next_due_at=local_moment(moment.date(), at, reminder.zone())
    )


def reconnect() -> None:
    """Drop the app's broker connections, so the next message goes to the broker now configured."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _test_database_url() -> str:
    db = connection.settings_dict
    return f"postgresql://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _emails(folder: Path) -> list[str]:
    """Every message the processes sent, one string each (the file backend writes a file per connection)."""
    text = "".join(path.read_text() for path in sorted(folder.glob("*.log")))
    return [part for part in text.split("-" * 79) if "Subject:" in part]


def _process_output(folder: Path) -> str:
    """What the worker and beat processes said, for a failing assertion's message."""
    return "\n".join(path.read_text(errors="replace")[-3000:] for path in sorted(folder.glob("process-*.txt")))


@contextmanager
def celery_processes(broker_url: str, folder: Path, workers: int = 2) -> Iterator[None]:
    """Run `workers` worker processes and a beat that ticks every second, all on this broker and the test database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "true",
        "REDIS_URL": broker_url,
        "DATABASE_URL": _test_database_url(),
        "EMAIL_URL": f"filemail:///{folder}",  # django-environ drops one leading slash
        "SITE_URL": "http://testserver",
        "REMINDER_DISPATCH_SECONDS": "1",
    }
    celery = [sys.executable, "-m", "celery", "-A", "config"]
    commands = [[*celery, "worker", "-P", "solo", "-n", f"w{n}@%h", "-l", "warning"] for n in range(workers)]
    commands.append([*celery, "beat", "-s", str(folder / "beat-schedule"), "-l", "warning"])
    logs = [open(folder / f"process-{n}.txt", "wb") for n in range(len(commands))]  # noqa: SIM115
    processes = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        for command, log in zip(commands, logs, strict=True)
    ]
    try:
        yield
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs:
            log.close()


@pytest.fixture
def real_services(transactional_db) -> Iterator[tuple[str, Path]]:
    """Our own Redis database for the broker, and a folder for the processes' email."""
    if not os.environ.get("REDIS_URL") or connection.vendor != "postgresql":
        pytest.skip("Needs REDIS_URL and PostgreSQL, which CI starts; worker processes share the test database.")
    folder = Path(tempfile.mkdtemp(prefix="stepwise-mail-"))
    yield os.environ["REDIS_URL"].rsplit("/", 1)[0] + "/11", folder
    shutil.rmtree(folder, ignore_errors=True)


def test_two_workers_and_beat_send_a_due_reminder_exactly_once(real_services):
    broker, folder = real_services
    reminder = ReminderFactory()
    make_due(reminder)
    with celery_processes(broker, folder, workers=2):
        assert wait_until(lambda: len(_emails(folder)) >= 1), _process_output(folder)
        time.sleep(5)  # five more beat ticks across two workers: a second send would show up by now
    assert len(_emails(folder)) == 1
    assert ReminderDelivery.objects.filter(reminder=reminder).count() == 1
    assert OutboxMessage.objects.filter(sent_at__isnull=False).count() == 1


class ThrowawayRedis:
    """A redis-server of this test's own on a free port, which the test can stop and start again."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.dir = tempfile.mkdtemp(prefix="stepwise-redis-")
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--dir", self.dir]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert wait_until(self._answers, 10), "redis-server did not start"

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return True
        except OSError:
            return False


@pytest.fixture
def throwaway_redis(real_services) -> Iterator[ThrowawayRedis]:
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is not installed (scripts/system-deps.sh installs it).")
    redis = ThrowawayRedis()
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()
        shutil.rmtree(redis.dir, ignore_errors=True)


def test_with_redis_stopped_a_client_saves_and_the_reminder_goes_out_after_it_restarts(
    real_services, throwaway_redis, world, client_http
):
    _broker, folder = real_services
    step = StepFactory(goal=GoalFactory(plan=PlanFactory(client=world.client)))
    app.conf.update(task_always_eager=False, broker_url=throwaway_redis.url)
    reconnect()
    try:
        throwaway_redis.stop()
        saved = client_http.post(
            "/me/reminders/",
            {"check_in": "on", "weekdays": [str(d) for d in range(7)], "at": "18:30", "time_zone": "UTC"},
        )
        practice_start(
            actor=world.client.user, step=step, expected_distress=40, feared_outcome="x", feared_likelihood=50
        )
    finally:
        app.conf.update(task_always_eager=True, broker_url=settings.CELERY_BROKER_URL)
        reconnect()
    assert saved.status_code == 302 and step.practices.count() == 1  # nothing failed with Redis down
    make_due(Reminder.objects.get(client=world.client))  # its time comes while Redis is down
    throwaway_redis.start()
    with celery_processes(throwaway_redis.url, folder, workers=1):  # workers and beat come back with Redis
        assert wait_until(lambda: len(_emails(folder)) >= 1)
    sent = _emails(folder)
    assert len(sent) == 1 and world.client.user.email in sent[0]
