"""Production logs: one JSON object a line per request, and never a client's words, a name or an email.

The requests below put names, emails and free text on the page, in the form, in the query string and
in an exception's message; the log lines, formatted by the production LOGGING config, hold none of it.
"""

from __future__ import annotations

import io
import json
import logging
import logging.config
import smtplib
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from config.logs import logging_config
from planning import pdf
from tests.second_factor import force_sign_in
from tests.test_settings import PRODUCTION, _manage

Lines = Callable[[], list[dict[str, Any]]]


@pytest.fixture
def log_lines(settings) -> Iterator[Lines]:
    """Log as production does (config.settings builds LOGGING with logging_config()), into a buffer."""
    buffer = io.StringIO()
    logging.config.dictConfig(logging_config())
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(buffer)
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    logging.config.dictConfig(settings.LOGGING)


def _requests(world, clinician_http, client_http) -> list[str]:
    """Make requests full of private words; return the words that must stay out of the logs."""
    caseload = clinician_http.get(reverse("planning:caseload"))
    assert world.client.preferred_name in caseload.content.decode()  # the page itself names the client
    new_client = {"preferred_name": "Kit Marlowe", "pronouns": "they/them", "email": "kit.marlowe@example.test"}
    clinician_http.post(reverse("planning:client_add"), new_client)
    journal = {"happened_on": "2026-11-20", "situation": "Coffee with my brother Dominic"}
    client_http.post(reverse("planning:journal_add", kwargs={"client_id": world.client.public_id}), journal)
    client_http.get(reverse("content:index") + "?q=lonely+evenings")
    clinician_http.get(reverse("planning:client_overview", kwargs={"client_id": world.other_client.public_id}))
    HttpClient().post(reverse("login"), {"username": world.client.email, "password": "not-the-password"})
    return [
        world.client.preferred_name,
        world.client.email,
        world.clinician.full_name,
        world.clinician.email,
        "Kit Marlowe",
        "kit.marlowe@example.test",
        "Dominic",
        "lonely",
        str(world.other_client.public_id),  # raw paths: pattern names stand in for them
    ]


def test_request_lines_hold_no_names_emails_or_client_words(world, clinician_http, client_http, log_lines):
    private = _requests(world, clinician_http, client_http)
    text = json.dumps(log_lines())
    assert [word for word in private if word.lower() in text.lower()] == []


def test_each_request_logs_one_json_line_with_its_pattern_status_and_user_id(
    world, clinician_http, client_http, log_lines
):
    _requests(world, clinician_http, client_http)
    requests = [line for line in log_lines() if line["logger"] == "stepwise.request"]
    seen = {(line["method"], line["route"], line["status"], line["user_id"]) for line in requests}
    assert ("GET", "planning:caseload", 200, world.clinician.pk) in seen
    assert ("POST", "planning:client_add", 302, world.clinician.pk) in seen
    assert ("GET", "planning:client_overview", 404, world.clinician.pk) in seen
    assert ("POST", "login", 200, None) in seen
    assert len(requests) == 6 and all(line["duration_ms"] >= 0 for line in requests)


def test_a_failed_sign_in_is_logged_without_the_email_typed(world, log_lines):
    HttpClient().post(reverse("login"), {"username": world.client.email, "password": "not-the-password"})
    axes = [line for line in log_lines() if line["logger"].startswith("axes")]
    assert axes and "login failure" in axes[0]["message"]  # control: the failure itself is logged
    assert world.client.email not in json.dumps(axes)


def test_an_error_is_logged_by_type_and_stack_never_its_message(world, log_lines, monkeypatch):
    def broken(**kwargs: Any) -> bytes:
        raise ValueError(f"{world.client.preferred_name} wrote: I could not face the party")

    monkeypatch.setattr(pdf, "kept_safety_plan_pdf", broken)
    http = HttpClient(raise_request_exception=False)
    force_sign_in(http, world.clinician)
    url = reverse("planning:safety_plan_pdf", kwargs={"client_id": world.client.public_id})
    assert http.get(url).status_code == 500
    error = next(line for line in log_lines() if line["level"] == "ERROR")
    assert error["exc_type"] == "ValueError" and error["route"] == "planning:safety_plan_pdf"
    assert "broken" in error["stack"][-1]  # control: where it failed is there
    assert "party" not in json.dumps(log_lines()) and world.client.preferred_name not in json.dumps(log_lines())


def test_production_settings_write_json_lines():
    code = "from django.conf import settings; print(settings.LOGGING['handlers']['console']['formatter'])"
    result = _manage("shell", "-c", code, env=PRODUCTION)
    assert result.stdout.splitlines()[-1] == "json", result.stderr


def test_a_failed_task_is_logged_without_its_exception_message(log_lines):
    from celery.app.trace import LOG_FAILURE

    refused = smtplib.SMTPRecipientsRefused({"kit.marlowe@example.test": (550, b"No such user")})
    try:
        raise refused
    except smtplib.SMTPRecipientsRefused:
        context = {
            "name": "planning.tasks.send_invitation_email",
            "id": "t-1",
            "description": "raised unexpected",
            "exc": repr(refused),
            "traceback": "...kit.marlowe@example.test...",
        }
        trace = logging.getLogger("celery.app.trace")
        trace.error(LOG_FAILURE.strip(), context, exc_info=True, extra={"data": context})
    line = log_lines()[-1]
    assert "send_invitation_email" in line["message"] and line["exc_type"] == "SMTPRecipientsRefused"  # control
    assert "kit.marlowe" not in json.dumps(line)


def test_reset_and_invitation_links_never_reach_the_logs(world, log_lines, django_capture_on_commit_callbacks):
    from django.core import mail

    from planning.models import Role
    from planning.services.people import invitation_create

    with django_capture_on_commit_callbacks(execute=True):
        HttpClient().post(reverse("password_reset"), {"email": world.clinician.email})
        invitation = invitation_create(actor=world.org_admin, email="kim@example.test", role=Role.CLINICIAN)
    links = [line.split("testserver", 1)[1] for m in mail.outbox for line in m.body.splitlines() if "://" in line]
    reset_link, invitation_link = links
    http = HttpClient()
    set_password = http.get(reset_link)["Location"]
    http.post(set_password, {"new_password1": "a-quiet-morning-walk", "new_password2": "a-quiet-morning-walk"})
    HttpClient().post(invitation_link, {"password1": "a-quiet-morning-walk", "password2": "a-quiet-morning-walk"})
    routes = {line.get("route") for line in log_lines()}
    assert {"password_reset_confirm", "planning:accept_invitation"} <= routes  # control: the visits were logged
    secrets = [reset_link, reset_link.strip("/").split("/")[-1], set_password, invitation.token()]
    assert not [secret for secret in secrets if secret in json.dumps(log_lines())]


def test_a_copy_of_the_record_leaves_no_words_names_or_link_in_the_logs(
    world, client_http, log_lines, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from planning.models import RecordExport
    from planning.tasks import build_record_export
    from tests.factories import JournalEntryFactory

    JournalEntryFactory(client=world.client, shared_with_care_team=False, situation="Dinner with Dominic")
    sent: list[tuple[object, ...]] = []
    monkeypatch.setattr(build_record_export, "delay", lambda *args: sent.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        client_http.post(reverse("planning:record_export"))
    export = RecordExport.objects.get()
    assert sent == [(str(export.public_id),)]  # the task gets the copy's id: no token, no words

    def refused(*args: object) -> None:
        raise OperationalError("[Errno 111] Connection refused")

    monkeypatch.setattr(build_record_export, "delay", refused)
    with django_capture_on_commit_callbacks(execute=True):
        client_http.post(reverse("planning:record_export"))  # the broker down: built in the request, logged
    export = RecordExport.objects.get()
    link = reverse("planning:record_export_download", kwargs={"token": export.token})
    assert client_http.get(link).status_code == 200
    assert client_http.get(link).status_code == 410  # used: Django's own 4xx line would carry the raw path
    text = json.dumps(log_lines())
    assert "broker unavailable" in text and "planning:record_export_download" in text  # control: these were logged
    private = ["Dominic", world.client.preferred_name, world.client.email, export.token, str(world.client.public_id)]
    assert [word for word in private if word in text] == []


def test_an_ally_invitation_and_thank_you_leave_no_words_names_or_emails_in_logs_or_task_arguments(
    world, client_http, log_lines, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core import mail
    from django.utils import timezone

    from planning import tasks
    from tests.factories import PracticeFactory

    queued: list[tuple] = []
    for task in (tasks.send_invitation_email, tasks.send_ally_thanks_email):
        real = task.delay
        monkeypatch.setattr(task, "delay", lambda *args, _real=real: queued.append(args) or _real(*args))
    with django_capture_on_commit_callbacks(execute=True):
        client_http.post(
            reverse("planning:ally_list"), {"name": "Auntie Marguerite", "email": "marguerite@example.test"}
        )
    link = next(line for line in mail.outbox[-1].body.splitlines() if "://" in line).split("testserver", 1)[1]
    HttpClient().post(link, {"password1": "a-quiet-morning-walk", "password2": "a-quiet-morning-walk"})
    practice = PracticeFactory(step=world.ally_step(), completed_at=timezone.now(), peak_distress=35)
    url = reverse("planning:practice_thank_ally", args=[practice.public_id])
    with django_capture_on_commit_callbacks(execute=True):
        client_http.post(url, {"text": "Thank you for the walk by the Serpentine"})
    assert len(queued) == 2 and len(mail.outbox) == 2  # control: both emails were queued and sent
    routes = {line.get("route") for line in log_lines()}
    assert {"planning:ally_list", "planning:accept_invitation", "planning:practice_thank_ally"} <= routes
    private = ("Marguerite", "marguerite@example", "Serpentine", "jo@example.test", "Jo Friend", link.strip("/"))
    text = json.dumps(log_lines()) + repr(queued)
    assert [word for word in private if word.lower() in text.lower()] == []
