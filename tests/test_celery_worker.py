"""A real Celery worker on the real Redis broker sends the invitation dispatched on commit.

Needs REDIS_URL (CI starts Redis). Without it the test skips locally, and CI treats a skip as failure.
"""

from __future__ import annotations

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from config.celery import app
from planning.models import Role
from planning.services.people import invitation_create
from tests.factories import OrgAdminFactory

pytestmark = pytest.mark.services


@pytest.fixture
def redis_worker(settings):
    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set: start Redis to run the real-worker test (CI does).")
    app.conf.update(task_always_eager=False, broker_url=os.environ["REDIS_URL"])
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        app.conf.update(task_always_eager=True)


def test_the_invitation_email_is_sent_by_a_worker_after_commit(transactional_db, redis_worker):
    admin = OrgAdminFactory()
    invitation_create(actor=admin, email="newcolleague@example.test", role=Role.CLINICIAN, full_name="New Colleague")
    deadline = time.monotonic() + 20
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [m.to for m in mail.outbox] == [["newcolleague@example.test"]]
    assert "/invitations/" in mail.outbox[0].body


def test_a_risk_flag_email_is_sent_by_a_worker_with_nothing_clinical_in_it(transactional_db, redis_worker):
    from django.utils import timezone

    from planning.services.tracking import measure_assign, measure_response_open, measure_response_save
    from tests.factories import CareTeamMemberFactory, ClientFactory

    member = CareTeamMemberFactory(client=ClientFactory(preferred_name="Robin"))
    client = member.client
    assignment = measure_assign(
        actor=member.clinician, client=client, code="PHQ-9", every_days=14, starts_on=timezone.localdate()
    )
    draft = measure_response_open(actor=client.user, assignment=assignment)
    measure_response_save(actor=client.user, response=draft, answers=[0] * 8 + [1], submit=True)
    deadline = time.monotonic() + 20
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [m.to for m in mail.outbox] == [[member.clinician.email]]
    text = (mail.outbox[0].subject + mail.outbox[0].body).lower()
    assert not [word for word in ("robin", "phq", "risk", "harm", "suicid", "safety") if word in text]


def test_a_copy_of_the_record_is_built_by_a_worker_from_its_id(transactional_db, redis_worker):
    from planning.models import RecordExport
    from planning.services.exports import record_export_request
    from tests.factories import ClientFactory, JournalEntryFactory

    client = ClientFactory(preferred_name="Robin")
    JournalEntryFactory(client=client, shared_with_care_team=False, situation="A walk I kept to myself")
    export = record_export_request(actor=client.user, client=client)
    built = RecordExport.objects.filter(pk=export.pk, ready_at__isnull=False)
    deadline = time.monotonic() + 30
    while not built.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    export.refresh_from_db()
    assert export.queued_at is not None and export.ready_at is not None  # queued, then built by the worker
    assert b"stepwise-record.json" in bytes(export.body)
