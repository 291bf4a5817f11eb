"""The plan page and the client home make the same number of queries for a tiny plan and a huge one."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planning.demo.plans import build_large_plan
from planning.models import Plan
from tests.matrix import AUDITED_READ_QUERIES, SECOND_FACTOR_QUERIES


def _count(http, url):
    http.get(url)  # the first visit records when this person last looked
    with CaptureQueriesContext(connection) as captured:
        assert http.get(url).status_code == 200
    return len(captured)


def _small_then_big(world, http, url_for):
    small = build_large_plan(world.client, goals=1, steps=1, practices=1)
    small_count = _count(http, url_for(small))
    Plan.objects.filter(pk=small.pk).update(status=Plan.Status.COMPLETED)
    big = build_large_plan(world.client, goals=20, steps=15, practices=20)
    return small_count, _count(http, url_for(big))


@pytest.mark.parametrize("persona", ["client", "clinician"])
def test_the_plan_page_makes_a_fixed_number_of_queries(as_persona, world, persona):
    url_for = lambda plan: reverse("planning:plan_detail", args=[plan.public_id])  # noqa: E731
    small, big = _small_then_big(world, as_persona(persona), url_for)
    assert big == small


def test_the_client_home_makes_a_fixed_number_of_queries(client_http, world):
    small, big = _small_then_big(world, client_http, lambda plan: reverse("planning:client_home"))
    assert big == small


def test_the_plan_page_stays_within_its_query_budget(clinician_http, world, django_assert_max_num_queries):
    url = reverse("planning:plan_detail", args=[build_large_plan(world.client).public_id])
    clinician_http.get(url)
    # A care-team member opened the plan (an audited read), past two-step sign-in; the session is cached.
    with django_assert_max_num_queries(11 + AUDITED_READ_QUERIES + SECOND_FACTOR_QUERIES):
        clinician_http.get(url)


def test_the_client_home_with_a_plan_stays_within_its_query_budget(client_http, world, django_assert_max_num_queries):
    earlier = build_large_plan(world.client, goals=1, steps=1, practices=1)
    Plan.objects.filter(pk=earlier.pk).update(status=Plan.Status.COMPLETED)
    build_large_plan(world.client)
    client_http.get(reverse("planning:client_home"))
    # The user (the session is cached), the client, its current and earlier plans in one query with their rest
    # weeks, the plan's next step, waiting and recent practices and wins, questionnaires, the last check-in, the
    # agenda count and the header's unread count (14 before the plans were read together).
    with django_assert_max_num_queries(13):
        assert client_http.get(reverse("planning:client_home")).status_code == 200
