"""Time one reminder dispatcher pass over 10,000 due reminders, against a trivial one-query loop.

Creates a throwaway test database (SQLite in memory, or a test_* database next to the one
DATABASE_URL names), makes 10,000 clients each with a check-in reminder due a minute ago, and
times one `reminders_dispatch()` pass: claiming, one delivery and one outbox row each, and sending
every email (Celery eager, locmem backend). The baseline is 10,000 single-row queries in the same
run; the machine is shared, so the ratio is the figure to compare.

    .venv/bin/python bench/dispatcher.py
    DATABASE_URL=postgresql://stepwise:stepwise@127.0.0.1:5432/stepwise .venv/bin/python bench/dispatcher.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django.db import connection  # noqa: E402

REMINDERS = int(os.environ.get("BENCH_REMINDERS", "10000"))


def seed(count: int) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from planning.models import Client, Organization, Reminder, Role, User
    from planning.models.reminders import local_moment

    org = Organization.objects.create(name="Bench clinic")
    users = User.objects.bulk_create(
        User(email=f"bench{n}@example.test", full_name=f"Bench {n}", organization=org, role=Role.CLIENT)
        for n in range(count)
    )
    clients = Client.objects.bulk_create(
        Client(organization=org, preferred_name=f"Bench {n}", email=user.email, user=user)
        for n, user in enumerate(users)
    )
    moment = timezone.now() - timedelta(minutes=1)
    at = moment.time().replace(second=0, microsecond=0)
    due = local_moment(moment.date(), at, moment.tzinfo)  # type: ignore[arg-type]
    Reminder.objects.bulk_create(
        Reminder(client=client, check_in=True, weekdays=list(range(7)), at=at, time_zone="UTC", due_on=moment.date(),
                 next_due_at=due)
        for client in clients
    )  # fmt: skip


def main() -> int:
    from django.core import mail

    old_name = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = (
        f"test_{old_name}_dispatcher_bench" if connection.vendor != "sqlite" else None
    )
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from planning.models import OutboxMessage, User
        from planning.services.reminders import reminders_dispatch

        mail.outbox = []
        started = time.perf_counter()
        seed(REMINDERS)
        seeded = time.perf_counter() - started
        first = User.objects.order_by("pk").values_list("pk", flat=True).first() or 0

        started = time.perf_counter()
        for n in range(REMINDERS):  # the baseline: one trivial query per reminder
            User.objects.filter(pk=first + n).exists()
        baseline = time.perf_counter() - started

        started = time.perf_counter()
        claimed = reminders_dispatch()
        dispatched = time.perf_counter() - started

        sent = OutboxMessage.objects.filter(sent_at__isnull=False).count()
        assert claimed == REMINDERS and sent == REMINDERS == len(mail.outbox), (claimed, sent, len(mail.outbox))
        print(f"Reminder dispatcher on {connection.vendor}: {REMINDERS:,} due reminders (seeded in {seeded:.1f} s)")
        print(f"baseline, one query each: {baseline:.2f} s   {REMINDERS / baseline:,.0f} queries/s")
        print(f"one dispatcher pass, every email sent: {dispatched:.2f} s   {REMINDERS / dispatched:,.0f} reminders/s")
        print(f"dispatch / baseline: {dispatched / baseline:.1f}x   (must finish within 60 s: {dispatched < 60})")
        return 0
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    raise SystemExit(main())
