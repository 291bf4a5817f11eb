"""The co-building screen: plans, values, goals, step ladders, agreement, pace and what changed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planning.models import AuditEvent, Plan, Step
from tests.factories import GoalFactory, PlanFactory, StepFactory
from tests.second_factor import force_sign_in


@pytest.fixture
def plan(world):
    return PlanFactory(client=world.client)


@pytest.fixture
def goal(plan):
    return GoalFactory(plan=plan, title="Join a board-game night")


def _ladder(goal):
    return list(goal.steps.order_by("position").values_list("activity", flat=True))


def test_a_clinician_can_start_a_plan_for_their_client(clinician_http, world):
    clinician_http.post(reverse("planning:plan_start", args=[world.client.public_id]))
    assert world.client.plans.get().status == Plan.Status.DRAFT


def test_starting_again_keeps_one_current_plan(clinician_http, world, plan):
    clinician_http.post(reverse("planning:plan_start", args=[world.client.public_id]))
    assert world.client.plans.count() == 1


def test_the_client_overview_leads_to_the_plan(clinician_http, world, plan):
    response = clinician_http.get(reverse("planning:client_overview", args=[world.client.public_id]))
    assert reverse("planning:plan_detail", args=[plan.public_id]) in response.content.decode()


def test_the_plan_page_shows_the_ladder_and_marks_the_next_step(client_http, goal):
    StepFactory(goal=goal, activity="Read the café's page", expected_distress=15, status=Step.Status.MASTERED)
    StepFactory(goal=goal, activity="Visit on a quiet afternoon", expected_distress=40)
    page = client_http.get(reverse("planning:plan_detail", args=[goal.plan.public_id])).content.decode()
    assert "Expected distress 40 of 100" in page
    assert page.index("Next step") < page.index("Visit on a quiet afternoon")


def test_a_client_can_add_a_goal_linked_to_a_value(client_http, plan):
    value = plan.values.create(statement="Being a good friend")
    data = {"title": "Coffee with Maya", "value": value.pk, "horizon": "", "version": 1}
    client_http.post(reverse("planning:goal_add", args=[plan.public_id]), data)
    assert plan.goals.get().value == value


def test_a_step_the_client_adds_counts_as_their_proposal_and_agreement(client_http, goal):
    data = {
        "activity": "Say hello online",
        "setting": "online",
        "expected_distress": 25,
        "practices_wanted": 2,
        "proposed_by": "client",
        "version": 1,
    }
    client_http.post(reverse("planning:step_add", args=[goal.public_id]), data)
    step = goal.steps.get()
    assert (step.proposed_by, step.is_agreed) == ("client", True)


def test_the_clinician_can_record_the_clients_agreement_in_session(clinician_http, world, goal):
    step = StepFactory(goal=goal)
    clinician_http.post(reverse("planning:step_agree", args=[step.public_id]))
    step.refresh_from_db()
    assert step.is_agreed and step.client_agreement_recorded_by == world.clinician


def test_sorting_a_ladder_orders_it_by_expected_distress(clinician_http, goal):
    for activity, distress in [("Big party", 80), ("Text a friend", 20), ("Coffee", 45)]:
        StepFactory(goal=goal, activity=activity, expected_distress=distress)
    clinician_http.post(reverse("planning:ladder_sort", args=[goal.public_id]))
    assert _ladder(goal) == ["Text a friend", "Coffee", "Big party"]


def test_moving_a_step_later_swaps_it_with_the_next_rung(client_http, goal):
    first = StepFactory(goal=goal, activity="A")
    StepFactory(goal=goal, activity="B")
    StepFactory(goal=goal, activity="C")
    client_http.post(reverse("planning:step_move", args=[first.public_id]), {"direction": "later"})
    assert _ladder(goal) == ["B", "A", "C"]


def test_drag_and_drop_saves_the_new_order(clinician_http, goal):
    a, b, c = (StepFactory(goal=goal, activity=name) for name in "ABC")
    clinician_http.post(
        reverse("planning:ladder_reorder", args=[goal.public_id]), {"step": [c.public_id, a.public_id, b.public_id]}
    )
    assert _ladder(goal) == ["C", "A", "B"]


def test_reordering_with_a_step_of_another_plan_changes_nothing(clinician_http, goal):
    StepFactory(goal=goal, activity="A")
    b = StepFactory(goal=goal, activity="B")
    stranger = StepFactory(activity="Not on this ladder")
    url = reverse("planning:ladder_reorder", args=[goal.public_id])
    response = clinician_http.post(url, {"step": [b.public_id, stranger.public_id]})
    assert response.status_code == 302
    assert _ladder(goal) == ["A", "B"]


def test_moving_a_step_of_another_clients_plan_is_not_found(clinician_http, world):
    step = StepFactory(goal__plan__client=world.other_client)
    response = clinician_http.post(reverse("planning:step_move", args=[step.public_id]), {"direction": "later"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("value", "message"),
    [("101", "100 is the highest"), ("-5", "0 is the lowest"), ("lots", "whole number from 0 to 100")],
)
def test_a_rating_out_of_range_gets_a_kind_message_and_keeps_what_was_typed(client_http, goal, value, message):
    data = {
        "activity": "Visit the library café",
        "setting": "in_person",
        "expected_distress": value,
        "practices_wanted": 2,
        "proposed_by": "client",
        "version": 1,
    }
    page = client_http.post(reverse("planning:step_add", args=[goal.public_id]), data).content.decode()
    assert message in page
    assert "Visit the library café" in page


def test_a_very_long_text_is_refused_without_losing_it(client_http, goal):
    long_text = "x" * 10_000
    data = {
        "activity": "Coffee",
        "setting": "in_person",
        "expected_distress": 30,
        "practices_wanted": 2,
        "proposed_by": "client",
        "exit_plan": long_text,
        "version": 1,
    }
    response = client_http.post(reverse("planning:step_add", args=[goal.public_id]), data)
    assert response.status_code == 200
    assert long_text in response.content.decode()
    assert "Please shorten it. Your text is still here." in response.content.decode()


def test_a_goal_date_far_in_the_future_is_refused_kindly(client_http, plan):
    data = {"title": "Travel", "horizon": "2999-01-01", "version": 1}
    page = client_http.post(reverse("planning:goal_add", args=[plan.public_id]), data).content.decode()
    assert "far ahead" in page


def test_html_in_a_step_is_shown_as_text(client_http, goal):
    StepFactory(goal=goal, activity="<script>alert(1)</script>")
    page = client_http.get(reverse("planning:plan_detail", args=[goal.plan.public_id])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_clinician_sees_what_the_client_changed_since_they_last_looked(clinician_http, client_http, world, goal):
    url = reverse("planning:plan_detail", args=[goal.plan.public_id])
    clinician_http.get(url)
    data = {
        "activity": "Text Maya",
        "setting": "online",
        "expected_distress": 20,
        "practices_wanted": 1,
        "proposed_by": "client",
        "version": 1,
    }
    client_http.post(reverse("planning:step_add", args=[goal.public_id]), data)
    page = clinician_http.get(url).content.decode()
    assert page.count("New since you last looked") == 2  # the explanation line and the new step


def test_changes_are_audited_by_field_name_without_the_text(clinician_http, goal):
    step = StepFactory(goal=goal, activity="Coffee")
    data = {
        "activity": "Coffee with Maya",
        "setting": "in_person",
        "expected_distress": 30,
        "practices_wanted": 3,
        "proposed_by": "clinician",
        "status": "planned",
        "version": step.version,
    }
    clinician_http.post(reverse("planning:step_edit", args=[step.public_id]), data)
    event = AuditEvent.objects.get(action="step.updated")
    assert event.changed_fields == ["activity"]
    assert "Maya" not in str(event.changed_fields)


def test_pausing_the_plan_is_shown_plainly_to_the_clinician(client_http, clinician_http, world, plan):
    client_http.post(reverse("planning:plan_pace", args=[plan.public_id]), {"action": "pause"})
    page = clinician_http.get(reverse("planning:client_overview", args=[world.client.public_id])).content.decode()
    assert "Paused" in page


def test_a_rest_week_is_shown_to_the_care_team(client_http, clinician_http, world, plan):
    client_http.post(reverse("planning:plan_pace", args=[plan.public_id]), {"action": "rest"})
    page = clinician_http.get(reverse("planning:client_overview", args=[world.client.public_id])).content.decode()
    assert "marked this week as a rest week" in page


def test_the_database_refuses_a_distress_rating_above_100(goal):
    with pytest.raises(IntegrityError):
        StepFactory(goal=goal, expected_distress=101)


def test_two_steps_cannot_share_a_rung(goal):
    StepFactory(goal=goal, position=1)
    with pytest.raises(IntegrityError):
        StepFactory(goal=goal, position=1)


def test_a_client_has_one_current_plan_at_a_time(plan):
    with pytest.raises(IntegrityError):
        PlanFactory(client=plan.client, status=Plan.Status.DRAFT)


def test_the_plan_page_draws_the_ladder_in_its_current_order(clinician_http, goal):
    for activity, distress in [("Big party", 80), ("Text a friend", 20)]:
        StepFactory(goal=goal, activity=activity, expected_distress=distress)
    clinician_http.post(reverse("planning:ladder_sort", args=[goal.public_id]))
    page = clinician_http.get(reverse("planning:plan_detail", args=[goal.plan.public_id])).content.decode()
    assert page.index("Text a friend") < page.index("Big party")


def test_an_htmx_move_answers_with_the_updated_page(clinician_http, goal):
    first = StepFactory(goal=goal, activity="A")
    StepFactory(goal=goal, activity="B")
    url = reverse("planning:step_move", args=[first.public_id])
    response = clinician_http.post(url, {"direction": "later"}, headers={"HX-Request": "true"}, follow=True)
    assert response.status_code == 200 and _ladder(goal) == ["B", "A"]


def test_an_unknown_pace_action_changes_nothing(client_http, plan):
    response = client_http.post(reverse("planning:plan_pace", args=[plan.public_id]), {"action": "delete-everything"})
    plan.refresh_from_db()
    assert response.status_code == 302 and plan.status == Plan.Status.ACTIVE


def test_a_read_only_clinician_sees_the_plan_without_edit_controls(readonly_http, goal):
    StepFactory(goal=goal, activity="Coffee")
    page = readonly_http.get(reverse("planning:plan_detail", args=[goal.plan.public_id])).content.decode()
    assert "You can read this plan but not change it." in page and "Add a step" not in page


def test_the_clinician_reads_who_changed_what_since_they_last_looked(clinician_http, client_http, goal):
    step = StepFactory(goal=goal, activity="Coffee")
    url = reverse("planning:plan_detail", args=[goal.plan.public_id])
    clinician_http.get(url)
    data = {
        "activity": "Coffee",
        "setting": "in_person",
        "expected_distress": 30,
        "practices_wanted": 3,
        "proposed_by": "clinician",
        "status": "planned",
        "exit_plan": "Leave after a cup",
        "version": step.version,
    }
    client_http.post(reverse("planning:step_edit", args=[step.public_id]), data)
    page = clinician_http.get(url).content.decode()
    assert "Robin changed a step (exit plan)" in page


def test_an_empty_step_asks_kindly_for_what_to_do(client_http, goal):
    data = {
        "activity": "   ",
        "setting": "online",
        "expected_distress": 20,
        "practices_wanted": 1,
        "proposed_by": "client",
        "version": 1,
    }
    page = client_http.post(reverse("planning:step_add", args=[goal.public_id]), data).content.decode()
    assert "Please say what you will do, in a few words." in page


def _complete(http, plan):
    return http.post(reverse("planning:plan_pace", args=[plan.public_id]), {"action": "complete"})


def test_a_plan_can_be_completed_and_a_new_one_started(clinician_http, world):
    plan = PlanFactory(client=world.client, status=Plan.Status.ACTIVE)
    _complete(clinician_http, plan)
    clinician_http.post(reverse("planning:plan_start", args=[world.client.public_id]))
    assert list(world.client.plans.values_list("status", flat=True).order_by("created_at")) == ["completed", "draft"]


def test_a_completed_plan_stays_readable_from_the_client_home(client_http, world):
    plan = PlanFactory(client=world.client, status=Plan.Status.COMPLETED, title="Getting back out there")
    page = client_http.get(reverse("planning:client_home")).content.decode()
    assert "Earlier plans" in page and reverse("planning:plan_detail", args=[plan.public_id]) in page
    assert client_http.get(reverse("planning:plan_detail", args=[plan.public_id])).status_code == 200


def test_a_completed_plan_cannot_be_reopened_by_a_pace_button(clinician_http, world):
    plan = PlanFactory(client=world.client, status=Plan.Status.COMPLETED)
    PlanFactory(client=world.client, status=Plan.Status.ACTIVE)
    clinician_http.post(reverse("planning:plan_pace", args=[plan.public_id]), {"action": "resume"})
    plan.refresh_from_db()
    assert plan.status == Plan.Status.COMPLETED


def test_an_active_plan_can_be_resumed_by_its_pace_button(clinician_http, world):
    plan = PlanFactory(client=world.client, status=Plan.Status.PAUSED)
    clinician_http.post(reverse("planning:plan_pace", args=[plan.public_id]), {"action": "resume"})
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ACTIVE


def _plan_view_writes(http, url) -> tuple[str, list[str]]:
    """Open the plan page; return it and the statements that wrote the last-seen rows."""
    with CaptureQueriesContext(connection) as captured:
        page = http.get(url).content.decode()
    return page, [q["sql"] for q in captured if "planning_planview" in q["sql"] and not q["sql"].startswith("SELECT")]


def _add_step(http, goal, activity: str) -> None:
    data = {"activity": activity, "setting": "online", "expected_distress": 20, "practices_wanted": 1,
            "proposed_by": "client", "version": 1}  # fmt: skip
    http.post(reverse("planning:step_add", args=[goal.public_id]), data)


def test_reloading_the_plan_within_five_minutes_writes_nothing_and_keeps_what_is_new_marked(
    clinician_http, client_http, goal, monkeypatch
):
    url = reverse("planning:plan_detail", args=[goal.plan.public_id])
    clinician_http.get(url)
    _add_step(client_http, goal, "Text Maya")
    clinician_http.get(url)  # sees the new step
    later = timezone.now() + timedelta(minutes=4)
    monkeypatch.setattr(timezone, "now", lambda: later)
    page, writes = _plan_view_writes(clinician_http, url)
    assert writes == []
    assert page.count("New since you last looked") == 2  # still marked on a reload


def test_a_look_after_five_minutes_is_a_new_visit(clinician_http, client_http, goal, monkeypatch):
    url = reverse("planning:plan_detail", args=[goal.plan.public_id])
    clinician_http.get(url)
    _add_step(client_http, goal, "Text Maya")
    clinician_http.get(url)  # sees the new step
    later = timezone.now() + timedelta(minutes=6)
    monkeypatch.setattr(timezone, "now", lambda: later)
    _page, writes = _plan_view_writes(clinician_http, url)
    assert len(writes) == 1  # a new visit is recorded
    assert "New since you last looked" not in clinician_http.get(url).content.decode()  # nothing new since it


def _plan_view_queries(http, url) -> tuple[str, list[str]]:
    """Open the plan page; return it and every statement that read or wrote the last-seen rows."""
    with CaptureQueriesContext(connection) as captured:
        page = http.get(url).content.decode()
    return page, [q["sql"] for q in captured if "planning_planview" in q["sql"]]


def test_the_rest_of_a_visit_is_answered_from_the_session_and_a_later_visit_moves_the_mark_on(
    clinician_http, world, goal, monkeypatch
):
    from planning.models import PlanView
    from planning.services.plans import SAME_VISIT

    url = reverse("planning:plan_detail", args=[goal.plan.public_id])
    _page, first = _plan_view_queries(clinician_http, url)
    assert first  # the visit's first look reads and records the mark
    view = PlanView.objects.get(plan=goal.plan, user=world.clinician)
    _page, again = _plan_view_queries(clinician_http, url)
    assert again == []  # the rest of the visit: remembered in the session, no query at all
    assert PlanView.objects.get(pk=view.pk).last_seen_at == view.last_seen_at

    later = view.last_seen_at + SAME_VISIT
    monkeypatch.setattr(timezone, "now", lambda: later)
    page, queries = _plan_view_queries(clinician_http, url)
    assert queries  # a new visit goes back to the database
    assert PlanView.objects.get(pk=view.pk).last_seen_at == later  # and moves the mark on
    assert f"Since you last looked ({timezone.localtime(view.last_seen_at):%-d %b, %H:%M})" in page


def test_a_second_device_mid_visit_shows_the_mark_the_first_remembers(world, goal, monkeypatch):
    """The database's mark cannot move until SAME_VISIT after it, so a session's copy agrees with it meanwhile."""
    from planning.models import PlanView
    from planning.services.plans import SAME_VISIT

    url = reverse("planning:plan_detail", args=[goal.plan.public_id])
    laptop, phone = force_sign_in(HttpClient(), world.clinician), force_sign_in(HttpClient(), world.clinician)
    started = timezone.now() - SAME_VISIT * 3
    PlanView.objects.create(plan=goal.plan, user=world.clinician, last_seen_at=started)  # an earlier visit
    laptop_page = laptop.get(url).content.decode()  # a new visit: the mark moves to now
    assert f"Since you last looked ({timezone.localtime(started):%-d %b, %H:%M})" in laptop_page
    moved = PlanView.objects.get(plan=goal.plan, user=world.clinician).last_seen_at
    monkeypatch.setattr(timezone, "now", lambda: moved + SAME_VISIT / 2)
    phone_page, phone_queries = _plan_view_queries(phone, url)
    laptop_again, laptop_queries = _plan_view_queries(laptop, url)
    assert phone_queries and laptop_queries == []  # the phone asks the database; the laptop remembers
    mark = f"Since you last looked ({timezone.localtime(moved):%-d %b, %H:%M})"
    assert mark in phone_page and mark in laptop_again  # the same mark either way


def test_the_session_keeps_only_visits_still_going(clinician_http, world, goal, monkeypatch):
    from planning.services.plans import SAME_VISIT
    from planning.views.plans import PLAN_VISITS

    other = PlanFactory(client=world.client, status=Plan.Status.COMPLETED)
    clinician_http.get(reverse("planning:plan_detail", args=[other.public_id]))
    clinician_http.get(reverse("planning:plan_detail", args=[goal.plan.public_id]))
    assert set(clinician_http.session[PLAN_VISITS]) == {str(other.pk), str(goal.plan.pk)}  # both visits going
    later = timezone.now() + SAME_VISIT
    monkeypatch.setattr(timezone, "now", lambda: later)
    clinician_http.get(reverse("planning:plan_detail", args=[goal.plan.public_id]))
    assert set(clinician_http.session[PLAN_VISITS]) == {str(goal.plan.pk)}  # the ended visit is let go
