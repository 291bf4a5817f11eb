"""Reads of a client's record by their care team are audited: one row per page, no words of the record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from planning.audit_log import audit_lines, for_reading
from planning.models import AuditEvent
from planning.services.audit import audit_record
from tests.factories import SafetyPlanFactory
from tests.matrix import OK
from tests.planning.test_permission_matrix import ROUTES

# Every page of a client's record a care-team member can open, and the kind each is audited as.
AUDITED = {
    "planning:client_overview": "client_overview",
    "planning:plan_detail": "plan",
    "planning:plan_fhir": "plan_fhir",
    "planning:step_detail": "step",
    "planning:practice_detail": "practice",
    "planning:safety_plan": "safety_plan",
    "planning:safety_plan_versions": "safety_plan_versions",
    "planning:safety_plan_version": "safety_plan_version",
    "planning:safety_plan_pdf": "safety_plan_pdf",
    "planning:safety_plan_card": "wallet_card",
    "planning:safety_plan_card_pdf": "wallet_card_pdf",
    "planning:trigger_list": "triggers",
    "planning:journal_list": "journal",
    "planning:journal_detail": "journal_entry",
    "planning:journal_patterns": "journal_patterns",
    "planning:check_in_list": "check_ins",
    "planning:measure_list": "measures",
    "planning:measure_response": "measure_response",
    "planning:progress": "progress",
    "planning:progress_pdf": "progress_pdf",
    "planning:risk_flag": "risk_flag",
    "planning:in_session": "session",
    "planning:session_note_list": "session_notes",
    "planning:session_note_detail": "session_note",
    "planning:agenda": "agenda",
    "planning:coping_run_list": "coping_runs",
    "planning:setback_review_detail": "setback_review",
}
READ_PAGES = [r for r in ROUTES if r.method == "get" and r.expect["clinician"] == OK and r.name in AUDITED]


def _reads():
    return list(AuditEvent.objects.reads().order_by("id"))


def _get(http, route, world):
    return http.get(reverse(route.name, kwargs=route.kwargs(world)) + route.query)


def test_every_audited_page_is_in_the_matrix():
    assert {r.name for r in READ_PAGES} == set(AUDITED)


OTHER_PAGES = [r for r in ROUTES if r.method == "get" and r.expect["clinician"] == OK and r.name not in AUDITED]


@pytest.mark.parametrize("route", OTHER_PAGES, ids=[r.name for r in OTHER_PAGES])
def test_no_other_page_a_clinician_opens_writes_a_read(route, world, as_persona):
    assert _get(as_persona("clinician"), route, world).status_code == OK  # the caseload, the library...
    assert _reads() == []


@pytest.mark.parametrize("route", READ_PAGES, ids=[r.name for r in READ_PAGES])
def test_a_care_team_member_opening_a_page_writes_one_read_row(route, world, as_persona):
    response = _get(as_persona("readonly_clinician"), route, world)
    assert response.status_code == OK
    [event] = _reads()
    assert event.action == f"{AUDITED[route.name]}.viewed"
    assert (event.actor, event.client, event.organization) == (world.readonly_clinician, world.client, world.clinic)
    assert event.changed_fields == []


@pytest.mark.parametrize("route", [r for r in READ_PAGES if r.expect["client"] == OK], ids=str)
def test_the_client_reading_their_own_record_is_not_logged(route, world, as_persona):
    assert _get(as_persona("client"), route, world).status_code == OK
    assert _reads() == []


def test_a_refused_page_writes_no_read_and_an_allowed_one_does(world, as_persona):
    url = reverse("planning:safety_plan", args=[world.client.public_id])
    assert as_persona("bystander_clinician").get(url).status_code == 404
    assert as_persona("org_admin").get(url).status_code == 404
    assert _reads() == []
    assert as_persona("clinician").get(url).status_code == OK
    assert len(_reads()) == 1


def test_a_post_is_not_a_read(world, clinician_http):
    url = reverse("planning:safety_plan_card", args=[world.client.public_id])
    SafetyPlanFactory(client=world.client)
    clinician_http.post(url, {})
    assert _reads() == []


def test_reads_are_not_activity_on_the_caseload_or_in_the_digest(world):
    audit_record(actor=world.clinician, action="safety_plan.viewed", target=world.client)
    assert AuditEvent.objects.changes().count() == 0
    audit_record(actor=world.clinician, action="safety_plan.saved", target=world.client)
    assert AuditEvent.objects.changes().count() == 1


def test_the_admin_reads_a_read_as_a_plain_sentence(world, clinician_http):
    clinician_http.get(reverse("planning:safety_plan", args=[world.client.public_id]))
    clinician_http.get(reverse("planning:safety_plan_card_pdf", args=[world.client.public_id]))
    lines = audit_lines(for_reading(AuditEvent.objects.order_by("id")))
    assert [line.sentence for line in lines] == [
        "Dr Ada Treat opened Robin's safety plan.",
        "Dr Ada Treat opened Robin's wallet card as a PDF.",
    ]


# The client's own page: who on their care team looked, on which day.

LOOKS = reverse("planning:record_looks")


def test_the_client_sees_a_clinician_opening_their_safety_plan(world, clinician_http, client_http):
    clinician_http.get(reverse("planning:safety_plan", args=[world.client.public_id]))
    clinician_http.get(reverse("planning:safety_plan", args=[world.client.public_id]))
    clinician_http.get(reverse("planning:trigger_list", args=[world.client.public_id]))
    body = client_http.get(LOOKS).content.decode()
    assert "Dr Ada Treat" in body
    assert "Opened your safety plan (2 times), your triggers" in body
    assert timezone.localdate().strftime("%B %Y") in body


def test_the_client_does_not_see_their_own_visits_or_another_clients_looks(world, client_http, as_persona):
    client_http.get(reverse("planning:my_safety_plan"))
    as_persona("bystander_clinician").get(reverse("planning:safety_plan", args=[world.other_client.public_id]))
    assert "No one on your care team has opened your record so far." in client_http.get(LOOKS).content.decode()
    other = as_persona("other_client").get(LOOKS).content.decode()
    assert "Bea Bystander" in other  # control: the other client sees the look at their own record


def test_looks_are_newest_day_first_and_paginated(world, client_http):
    now = timezone.now()
    AuditEvent.objects.bulk_create(
        AuditEvent(
            organization=world.clinic,
            client=world.client,
            actor=world.clinician,
            action="progress.viewed",
            created_at=now - timedelta(days=days),
        )
        for days in range(60)
    )
    first = client_http.get(LOOKS).content.decode()
    assert first.index(timezone.localdate().strftime("%-d %B %Y")) < first.index(
        (timezone.localdate() - timedelta(days=1)).strftime("%-d %B %Y")
    )
    assert first.count("Opened your progress") == 50 and "Older" in first
    assert client_http.get(LOOKS + "?page=2").content.decode().count("Opened your progress") == 10


def test_the_looks_page_takes_the_same_queries_however_many_looks(world, client_http, django_assert_max_num_queries):
    for _ in range(3):
        audit_record(actor=world.clinician, action="triggers.viewed", target=world.client)
        audit_record(actor=world.readonly_clinician, action="plan.viewed", target=world.client)
    client_http.get(LOOKS)
    with django_assert_max_num_queries(4):  # user (the session is cached), unread count, page count, the page
        client_http.get(LOOKS)


def test_the_account_page_links_a_client_to_who_looked(client_http, clinician_http):
    assert LOOKS in client_http.get(reverse("planning:account")).content.decode()
    assert LOOKS not in clinician_http.get(reverse("planning:account")).content.decode()


_INSERT = 'INSERT INTO "planning_auditevent"'


def _appends(queries) -> list[str]:
    """The statements that wrote an audit row of their own (PostgreSQL's append function, SQLite's INSERT)."""
    return [q["sql"] for q in queries if "planning_auditevent_append" in q["sql"] or _INSERT in q["sql"]]


def _route(name):
    [route] = [r for r in READ_PAGES if r.name == name]
    return route


@pytest.mark.django_db(transaction=True)  # as a request runs: the read's statement is a transaction of its own
def test_a_read_written_alone_commits_without_waiting_and_leaves_the_connection_as_it_was(world, as_persona):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from planning.models.audit import row_hash_of
    from planning.services.audit import audit_chain_check

    with CaptureQueriesContext(connection) as queries:
        assert _get(as_persona("clinician"), _route("planning:trigger_list"), world).status_code == OK
    if connection.vendor == "postgresql":
        [append] = _appends(queries)
        assert "set_config('synchronous_commit', 'off', true)" in append  # this commit alone does not wait
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone() == ("on",)  # and the next statement's commit waits again
    [event] = _reads()  # committed: read back after the request
    assert event.row_hash == row_hash_of(event) and audit_chain_check()[1] == ""


@pytest.mark.django_db(transaction=True)
def test_a_change_written_alone_waits_for_the_disk(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        audit_record(actor=world.clinician, action="client.updated", target=world.client, changed_fields=["pronouns"])
    assert _appends(queries)  # control: the statement is there to look at
    assert not any("synchronous_commit" in sql for sql in _appends(queries))
    assert AuditEvent.objects.changes().count() == 1


@pytest.mark.parametrize("name", ["planning:trigger_list", "planning:safety_plan"])
def test_a_read_inside_a_transaction_waits_like_any_change_and_is_written_after_the_page(name, world, as_persona):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert _get(as_persona("clinician"), _route(name), world).status_code == OK  # inside this test's transaction
    assert not any("synchronous_commit" in q["sql"] or "planning_auditevent_read" in q["sql"] for q in queries)
    assert len(_reads()) == 1  # written by audited_read after the page, as any change is


AT_ACCESS = ["planning:plan_detail", "planning:safety_plan"]  # on PostgreSQL, appended by the access check's query


@pytest.mark.django_db(transaction=True)  # as a request runs: the access check appends it only outside a transaction
@pytest.mark.parametrize("name", AT_ACCESS)
def test_a_read_the_access_check_appends_is_the_row_audit_read_writes_and_chains(name, world, as_persona):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from planning.models.audit import row_hash_of
    from planning.services.audit import audit_chain_check

    audit_record(actor=world.clinician, action="client.updated", target=world.client, changed_fields=["pronouns"])
    before = AuditEvent.objects.order_by("-id").first()
    started = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        assert _get(as_persona("clinician"), _route(name), world).status_code == OK
    # On PostgreSQL no statement of its own writes the row: the access check's query did.
    assert (_appends(queries) == []) == (connection.vendor == "postgresql")
    [event] = _reads()
    target = world.client if name == "planning:safety_plan" else world.client.plans.get()
    assert (event.target_type, event.target_id) == (target._meta.model_name, target.public_id)
    assert (event.actor, event.client, event.organization) == (world.clinician, world.client, world.clinic)
    assert started <= event.created_at <= timezone.now()
    assert event.prev_hash == before.row_hash and event.row_hash == row_hash_of(event)  # chained as any row is
    assert audit_chain_check() == (AuditEvent.objects.count(), "")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone() == ("on",)  # its commit alone did not wait


def test_a_head_request_is_not_a_read_and_a_get_is(world, clinician_http):
    url = reverse("planning:safety_plan", args=[world.client.public_id])
    assert clinician_http.head(url).status_code == OK
    assert _reads() == []
    assert clinician_http.get(url).status_code == OK
    assert len(_reads()) == 1
