"""Rest shows everywhere: on the client's home instead of "Log a practice", and marked ahead for a coming week."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from planning.models import AuditEvent, RestWeek
from planning.models.plans import week_start
from tests.factories import GoalFactory, PlanFactory, StepFactory


@pytest.fixture
def plan(world):
    plan = PlanFactory(client=world.client, status="active")
    StepFactory(goal=GoalFactory(plan=plan), activity="Coffee with Ana")
    return plan


def this_monday():
    return week_start(timezone.localdate())


def home(http):
    return http.get(reverse("planning:client_home")).content.decode()


def pace(http, plan, **data):
    return http.post(reverse("planning:plan_pace", args=[plan.public_id]), data)


def test_a_rest_week_shows_on_the_client_home_instead_of_log_a_practice(client_http, plan):
    RestWeek.objects.create(plan=plan, week_start=this_monday())
    page = home(client_http)
    assert "This week is a rest week." in page and "Log a practice" not in page


def test_without_a_rest_week_the_home_offers_the_next_practice(client_http, plan):
    RestWeek.objects.create(plan=plan, week_start=this_monday() + timedelta(weeks=1))
    page = home(client_http)
    assert "Log a practice" in page and "This week is a rest week." not in page


def test_a_coming_rest_week_can_be_marked_ahead(client_http, plan):
    next_week = this_monday() + timedelta(weeks=2)
    pace(client_http, plan, action="rest", week=next_week.isoformat())
    assert list(plan.rest_weeks.values_list("week_start", flat=True)) == [next_week]


def test_a_rest_week_marked_ahead_does_not_make_this_week_rest(client_http, plan):
    pace(client_http, plan, action="rest", week=(this_monday() + timedelta(weeks=1)).isoformat())
    assert "Log a practice" in home(client_http)


def test_the_home_mentions_a_coming_rest_week(client_http, plan):
    next_week = this_monday() + timedelta(weeks=1)
    RestWeek.objects.create(plan=plan, week_start=next_week)
    assert f"Rest week coming up: the week from {next_week:%-d %B}." in home(client_http)


def test_a_rest_week_marked_ahead_is_audited_as_planned(client_http, plan):
    pace(client_http, plan, action="rest", week=(this_monday() + timedelta(weeks=1)).isoformat())
    assert AuditEvent.objects.filter(action="rest_week.planned").count() == 1


def test_a_rest_week_marked_ahead_can_be_taken_back(client_http, plan):
    next_week = this_monday() + timedelta(weeks=1)
    RestWeek.objects.create(plan=plan, week_start=next_week)
    pace(client_http, plan, action="unrest", week=next_week.isoformat())
    assert not plan.rest_weeks.exists()


@pytest.mark.parametrize(
    "week",
    ["not-a-date", "2020-01-06", "far", "tuesday"],
)
def test_a_week_that_is_not_on_offer_changes_nothing_and_says_so(client_http, plan, week):
    response = pace(client_http, plan, action="rest", week=week)
    assert response.status_code == 302 and not plan.rest_weeks.exists()
    page = client_http.get(response.url).content.decode()
    assert "Please choose one of the weeks offered." in page


def test_a_day_that_is_not_a_monday_is_not_on_offer(client_http, plan):
    pace(client_http, plan, action="rest", week=(this_monday() + timedelta(days=8)).isoformat())
    assert not plan.rest_weeks.exists()


def test_a_week_beyond_eight_weeks_is_not_on_offer(client_http, plan):
    pace(client_http, plan, action="rest", week=(this_monday() + timedelta(weeks=9)).isoformat())
    assert not plan.rest_weeks.exists()


def test_the_plan_page_offers_the_coming_weeks_not_yet_marked(client_http, plan):
    marked = this_monday() + timedelta(weeks=1)
    RestWeek.objects.create(plan=plan, week_start=marked)
    page = client_http.get(reverse("planning:plan_detail", args=[plan.public_id])).content.decode()
    free = this_monday() + timedelta(weeks=2)
    assert f'<option value="{free.isoformat()}">' in page
    assert f'<option value="{marked.isoformat()}">' not in page


def test_the_care_team_sees_a_coming_rest_week_on_the_plan(clinician_http, plan):
    RestWeek.objects.create(plan=plan, week_start=this_monday() + timedelta(weeks=1))
    page = clinician_http.get(reverse("planning:plan_detail", args=[plan.public_id])).content.decode()
    assert "Rest weeks coming up" in page


def test_a_read_only_clinician_cannot_mark_rest_ahead(readonly_http, plan):
    response = pace(readonly_http, plan, action="rest", week=(this_monday() + timedelta(weeks=1)).isoformat())
    assert response.status_code == 403 and not plan.rest_weeks.exists()
