"""The plan page and the client home make the same number of queries for a tiny plan and a huge one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planning.demo.plans import build_large_plan
from planning.models import Plan, Practice, Step
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
    # weeks, the plan's steps and its practices in one query each (Plan.home), questionnaires, the last
    # check-in, the agenda count and the header's unread count (14 before the plans were read together, 13
    # before the next step, waiting and recent practices and wins were read in two).
    with django_assert_max_num_queries(10):
        assert client_http.get(reverse("planning:client_home")).status_code == 200


def _old_home(plan):
    return (plan.next_step(), plan.waiting_practice(), list(plan.recent_practices()), plan.recent_wins())


def test_the_client_home_reads_the_same_next_step_practices_and_wins_in_two_queries(world, django_assert_num_queries):
    plan = build_large_plan(world.client, goals=3, steps=4, practices=3)
    steps = list(Step.objects.filter(goal__plan=plan).order_by("goal__position", "position"))
    Step.objects.filter(pk__in=[s.pk for s in steps[:5]]).update(status=Step.Status.MASTERED)
    Step.objects.filter(pk=steps[0].pk).update(updated_at=timezone.now() - timedelta(days=40))  # not lately
    Practice.objects.filter(step__goal__plan=plan).update(completed_at=timezone.now() - timedelta(days=45))
    Practice.objects.filter(step=steps[6]).update(completed_at=timezone.now())  # three finished lately
    today = timezone.localdate()
    # Still waiting for how it went, older than the five newest; a newer one closed as not this time; one ahead.
    old = Practice.objects.filter(step=steps[7]).order_by("planned_for")[0]
    Practice.objects.filter(pk=old.pk).update(completed_at=None, outcome="", planned_for=today - timedelta(days=9))
    gone = Practice.objects.filter(step=steps[8])[0]
    Practice.objects.filter(pk=gone.pk).update(completed_at=None, outcome=Practice.Outcome.NOT_THIS_TIME)
    ahead = Practice.objects.filter(step=steps[9])[0]
    Practice.objects.filter(pk=ahead.pk).update(completed_at=None, outcome="", planned_for=today + timedelta(days=2))

    next_step, waiting, recent, wins = _old_home(plan)
    with django_assert_num_queries(2):
        home = plan.home()
        assert home.next_step == next_step == steps[5]
        assert home.next_step.goal.title == "Goal 2"
        assert home.waiting == waiting == old
        assert home.waiting.step.activity == steps[7].activity
        assert home.recent_practices == recent and len(recent) == 5
        assert home.wins == wins
    assert wins["practices"] == 3 and len(wins["mastered"]) == 3


def test_the_client_home_of_a_plan_with_no_steps_yet_reads_nothing_to_show(world):
    plan = Plan.objects.create(client=world.client)
    home = plan.home()
    assert (home.next_step, home.waiting, home.recent_practices) == (None, None, [])
    assert home.wins == {"practices": 0, "mastered": []} == plan.recent_wins()
