"""The caseload's order is kept until the clinic records a change or the date turns: a kept order is never stale."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planning.models import AuditEvent, CaseloadRules, Client, User
from planning.models import caseload as caseload_model

from .. import factories as f
from .test_caseload_needs import make_quiet, my_client
from .test_risk_flags import _answer_phq9


@pytest.fixture(autouse=True)
def _page_drawn_each_time(monkeypatch):
    """These tests watch the kept order under a page drawn on each visit (the kept page: test_kept_pages.py)."""
    monkeypatch.setattr("config.kept_pages._keepable", lambda request: False)


def _caseload(http) -> tuple[list[str], int]:
    """The caseload's names in order, and how many times the whole caseload was ranked for it."""
    with CaptureQueriesContext(connection) as captured:
        response = http.get(reverse("planning:caseload"))
    ranked = sum("WITH ranked" in q["sql"] for q in captured)
    return [row.preferred_name for row, _member, _needs in response.context["rows"]], ranked


@pytest.fixture
def two_clients(world) -> Client:
    """Robin (world.client) and Avery, who has been quiet for a month and so comes first."""
    avery = my_client(world, "Avery")
    make_quiet(avery)
    return avery


def test_a_second_visit_is_served_the_kept_order_without_ranking_again(clinician_http, two_clients):
    first, ranked = _caseload(clinician_http)
    assert (first[0], ranked) == ("Avery", 1)  # control: the first visit ranks
    assert _caseload(clinician_http) == (first, 0)


def test_a_risky_answer_moves_the_client_to_the_top_at_once(clinician_http, client_http, world, two_clients):
    assert _caseload(clinician_http)[0][0] == "Avery"
    _answer_phq9(client_http, world, item_9=2)  # raises a risk flag, through the client's own page
    names, ranked = _caseload(clinician_http)
    assert (names[0], ranked) == ("Robin", 1)


def test_a_colleague_reading_a_record_does_not_rank_again(clinician_http, readonly_http, world, two_clients):
    _caseload(clinician_http)
    assert readonly_http.get(reverse("planning:client_overview", args=[world.client.public_id])).status_code == 200
    assert _caseload(clinician_http)[1] == 0  # reads are audited too, but change nothing in the order


def test_marking_a_reason_seen_ranks_again(clinician_http, world, two_clients):
    _caseload(clinician_http)
    clinician_http.post(reverse("planning:need_seen", args=[two_clients.public_id, "quiet"]))
    assert _caseload(clinician_http)[1] == 1


def test_the_next_day_the_caseload_is_ranked_again(clinician_http, two_clients):
    _caseload(clinician_http)
    tomorrow = caseload_model.start_of_today() + timedelta(days=1)
    with mock.patch.object(caseload_model, "start_of_today", return_value=tomorrow):
        assert _caseload(clinician_http)[1] == 1


def test_a_search_is_ranked_each_time_and_kept_order_stays_for_the_whole_caseload(clinician_http, two_clients):
    _caseload(clinician_http)
    with CaptureQueriesContext(connection) as captured:
        response = clinician_http.post(reverse("planning:caseload"), {"q": "Rob"})
    assert [row.preferred_name for row, _m, _n in response.context["rows"]] == ["Robin"]
    assert sum("WITH ranked" in q["sql"] for q in captured) == 1


def test_a_new_client_on_the_care_team_is_listed_at_once(clinician_http, world, two_clients):
    _caseload(clinician_http)
    clinician_http.post(
        reverse("planning:client_add"), {"preferred_name": "Sam", "pronouns": "", "email": "sam@example.test"}
    )
    assert "Sam" in _caseload(clinician_http)[0]


def test_with_redis_down_the_caseload_is_ranked_from_the_database(dead_services, clinician_http, two_clients):
    names, ranked = _caseload(clinician_http)
    assert (names[0], ranked) == ("Avery", 1)
    assert _caseload(clinician_http)[1] == 1


def test_a_hard_practice_from_this_morning_counts_today(clinician_http, world):
    f.PracticeFactory(
        step__goal__plan__client=world.client, peak_distress=95, completed_at=caseload_model.start_of_today()
    )
    rows = clinician_http.get(reverse("planning:caseload")).context["rows"]
    assert [label for _row, _m, needs in rows for _need, label, _when in needs] == ["A hard practice"]


def test_every_rule_of_the_clinic_is_part_of_a_kept_orders_key():
    rules = {field.name for field in CaseloadRules._meta.concrete_fields} - {"id", "organization"}
    assert set(caseload_model.RULE_FIELDS) == rules


def test_a_staff_edit_in_the_django_admin_is_audited_and_ranks_the_caseload_again(
    clinician_http, world, two_clients, rf
):
    _caseload(clinician_http)
    request = rf.post("/admin/planning/client/")
    request.user = User.objects.create_user("staff@example.test", "a-long-password-1", is_staff=True)
    world.client.preferred_name = "Aaron"
    admin.site._registry[Client].save_model(request, world.client, mock.Mock(changed_data=["preferred_name"]), True)
    entry = AuditEvent.objects.get(action="client.updated", client=world.client)
    assert entry.changed_fields == ["preferred_name"] and entry.actor == request.user
    assert _caseload(clinician_http)[1] == 1
