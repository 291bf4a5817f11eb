"""Reminders on real Redis: two workers and the beat-scheduled dispatcher send a due reminder once, and a
reminder whose time comes while Redis is stopped goes out once it is back.

Needs REDIS_URL (CI starts Redis) for the first test; the second starts a throwaway redis-server of
its own. Without REDIS_URL they skip locally, and CI treats a skip as failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.utils import timezone

from config.celery import app
from planning import tasks
from planning.models import Reminder, ReminderDelivery
from planning.models.reminders import local_moment
from planning.services.plans import practice_start
from tests.factories import GoalFactory, PlanFactory, ReminderFactory, StepFactory

pytestmark = pytest.mark.services

DISPATCHER = settings.CELERY_BEAT_SCHEDULE["dispatch-reminders"]["task"]
assert tasks.dispatch_reminders.name == DISPATCHER  # importing the tasks registers them with the app


def own_database(url: str) -> str:
    """Use a Redis database of this test's own, so no other run's worker takes its tasks."""
    return url.rsplit("/", 1)[0] + "/11"


def wait_until(done: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        time.sleep(0.1)
    return done()


def make_due(reminder: Reminder) -> None:
    moment = (timezone.now() - timedelta(minutes=1)).astimezone(reminder.zone())
    at = moment.time().replace(second=0, microsecond=0)
    Reminder.objects.filter(pk=reminder.pk).update(
        at=at, due_on=moment.date(), next_due_at=local_moment(moment.date(), at, reminder.zone())
    )


def reconnect() -> None:
    """Drop the app's connections, so the next message goes to the broker now configured."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def workers_on(broker_url: str, count: int) -> Iterator[None]:
    """Run `count` real solo-pool workers on the broker, as separate consumers of one queue."""
    app.conf.update(task_always_eager=False, broker_url=broker_url)
    reconnect()
    try:
        with ExitStack() as stack:
            for n in range(count):
                stack.enter_context(
                    start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30, hostname=f"w{n}@test")
                )
            yield
    finally:
        app.conf.update(task_always_eager=True, broker_url=settings.CELERY_BROKER_URL)
        reconnect()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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
def throwaway_redis() -> Iterator[ThrowawayRedis]:
    if not os.environ.get("REDIS_URL") or shutil.which("redis-server") is None:
        pytest.skip("REDIS_URL is not set: the outage test runs where Redis is installed and in use (CI).")
    redis = ThrowawayRedis()
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()
        shutil.rmtree(redis.dir, ignore_errors=True)


def test_with_redis_stopped_a_client_saves_and_the_reminder_goes_out_after_it_restarts(
    transactional_db, world, client_http, throwaway_redis
):
    step = StepFactory(goal=GoalFactory(plan=PlanFactory(client=world.client)))
    app.conf.update(task_always_eager=False, broker_url=throwaway_redis.url)
    reconnect()
    throwaway_redis.stop()
    settings_saved = client_http.post(
        "/me/reminders/", {"check_in": "on", "weekdays": [str(d) for d in range(7)], "at": "18:30", "time_zone": "UTC"}
    )
    practice_start(actor=world.client.user, step=step, expected_distress=40, feared_outcome="x", feared_likelihood=50)
    make_due(Reminder.objects.get(client=world.client))  # its time comes while Redis is down
    throwaway_redis.start()
    with workers_on(throwaway_redis.url, 1):  # the workers come back with Redis
        app.send_task(DISPATCHER)  # the next beat tick
        sent = wait_until(lambda: len(mail.outbox) >= 1)
    assert sent, (list(Reminder.objects.values()), list(ReminderDelivery.objects.values()), timezone.now())
    assert settings_saved.status_code == 302
    assert step.practices.count() == 1
    assert [m.to for m in mail.outbox] == [[world.client.user.email]]


def test_two_workers_and_two_beat_ticks_send_a_due_reminder_once(transactional_db):
    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set: start Redis to run the real-worker test (CI does).")
    reminder = ReminderFactory()
    make_due(reminder)
    with workers_on(own_database(os.environ["REDIS_URL"]), 2):
        for _ in range(2):  # two beat processes, or a tick repeated after a restart
            app.send_task(DISPATCHER)
        assert wait_until(lambda: len(mail.outbox) >= 1)
        time.sleep(2)  # long enough for a second send to show up if there were one
    assert len(mail.outbox) == 1
    assert ReminderDelivery.objects.filter(reminder=reminder).count() == 1
