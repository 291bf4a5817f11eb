"""The practice log: before now, after later, what was learned, and mastery offered (never imposed)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from planning.models import Step
from tests.factories import PlanFactory, PracticeFactory, StepFactory

BEFORE = {
    "expected_distress": 70,
    "feared_outcome": "Nobody will talk to me",
    "feared_likelihood": 80,
    "safety_behaviours_to_drop": "Checking my phone",
    "coping_plan": "Slow breathing",
}
AFTER = {
    "outcome": "stayed",
    "peak_distress": 40,
    "end_distress": 15,
    "what_happened": "Two people said hello",
    "feared_happened": "no",
    "surprise": 70,
    "likelihood_after": 30,
    "learned": "People were kind",
    "version": 1,
}


@pytest.fixture
def step(world):
    return StepFactory(goal__plan=PlanFactory(client=world.client), activity="Game night", expected_distress=60)


def _finish(practice, **changes):
    for name, value in {**AFTER, **changes}.items():
        setattr(practice, name, value)
    practice.completed_at = timezone.now()
    practice.save()
    return practice


def test_the_before_half_can_be_saved_on_its_own(client_http, step):
    data = {**BEFORE, "planned_for": timezone.localdate().isoformat()}
    client_http.post(reverse("planning:practice_before", args=[step.public_id]), data)
    practice = step.practices.get()
    assert practice.feared_outcome == "Nobody will talk to me" and not practice.is_finished


def test_saving_the_before_half_puts_the_step_in_practice(client_http, step):
    data = {**BEFORE, "planned_for": timezone.localdate().isoformat()}
    client_http.post(reverse("planning:practice_before", args=[step.public_id]), data)
    step.refresh_from_db()
    assert step.status == Step.Status.IN_PRACTICE


def test_a_date_far_in_the_past_is_refused_kindly(client_http, step):
    data = {**BEFORE, "planned_for": (timezone.localdate() - timedelta(days=3000)).isoformat()}
    page = client_http.post(reverse("planning:practice_before", args=[step.public_id]), data).content.decode()
    assert "far in the past" in page and "Nobody will talk to me" in page


def test_the_after_half_shows_what_was_learned_from_the_gap(client_http, step):
    practice = PracticeFactory(step=step, expected_distress=70, feared_likelihood=80)
    url = reverse("planning:practice_after", args=[practice.public_id])
    response = client_http.post(url, AFTER, follow=True)
    page = response.content.decode()
    assert "You expected your distress to reach 70; it peaked at 40." in page
    assert "The outcome you feared did not happen." in page


def test_leaving_early_by_the_exit_plan_is_recorded_as_a_valid_outcome(client_http, step):
    practice = PracticeFactory(step=step)
    data = {**AFTER, "outcome": "left_by_exit_plan"}
    page = client_http.post(reverse("planning:practice_after", args=[practice.public_id]), data, follow=True)
    assert "Leaving the way you planned is part of the practice." in page.content.decode()


def test_the_after_half_asks_kindly_for_what_is_missing(client_http, step):
    practice = PracticeFactory(step=step)
    page = client_http.post(reverse("planning:practice_after", args=[practice.public_id]), {"learned": "A lot"})
    assert "Every option is fine." in page.content.decode()


def test_mastery_is_offered_after_two_manageable_practices(client_http, step):
    for _ in range(2):
        last = _finish(PracticeFactory(step=step), peak_distress=25)
    page = client_http.get(reverse("planning:practice_detail", args=[last.public_id])).content.decode()
    assert "Does this step feel manageable now?" in page


def test_mastery_is_not_offered_after_one_manageable_practice(client_http, step):
    practice = _finish(PracticeFactory(step=step), peak_distress=25)
    page = client_http.get(reverse("planning:practice_detail", args=[practice.public_id])).content.decode()
    assert "Does this step feel manageable now?" not in page


def test_manageable_practices_never_mark_a_step_mastered_by_themselves(client_http, step):
    for _ in range(3):
        practice = PracticeFactory(step=step)
        client_http.post(reverse("planning:practice_after", args=[practice.public_id]), {**AFTER, "peak_distress": 10})
    step.refresh_from_db()
    assert step.status != Step.Status.MASTERED


def test_the_client_can_choose_to_mark_a_step_manageable(client_http, step):
    client_http.post(reverse("planning:step_mastered", args=[step.public_id]))
    step.refresh_from_db()
    assert step.status == Step.Status.MASTERED


def test_the_step_history_shows_expected_and_peak_distress(client_http, step):
    _finish(PracticeFactory(step=step, expected_distress=65), peak_distress=35)
    page = client_http.get(reverse("planning:step_detail", args=[step.public_id])).content.decode()
    assert "<td>65</td>" in page and "<td>35</td>" in page


def test_the_clinician_sees_the_clients_practice_on_the_plan(clinician_http, step):
    _finish(PracticeFactory(step=step, expected_distress=65), peak_distress=35)
    page = clinician_http.get(reverse("planning:plan_detail", args=[step.goal.plan.public_id])).content.decode()
    assert "Expected 65, peaked at 35" in page


def test_another_client_cannot_open_a_practice(as_persona, step):
    practice = PracticeFactory(step=step)
    response = as_persona("other_client").get(reverse("planning:practice_detail", args=[practice.public_id]))
    assert response.status_code == 404


def test_the_client_home_shows_the_next_step_and_recent_wins(client_http, step):
    _finish(PracticeFactory(step=step), peak_distress=35)
    page = client_http.get(reverse("planning:client_home")).content.decode()
    assert "Game night" in page and "You practised 1 time in the last month" in page


def test_the_plan_says_a_new_step_is_not_practised_yet(client_http, step):
    page = client_http.get(reverse("planning:plan_detail", args=[step.goal.plan.public_id])).content.decode()
    assert "not practised yet" in page and "practised 0" not in page


def test_the_plan_counts_practices_done_not_practices_still_to_do(client_http, step):
    for _ in range(2):
        _finish(PracticeFactory(step=step), peak_distress=35)
    page = client_http.get(reverse("planning:plan_detail", args=[step.goal.plan.public_id])).content.decode()
    assert "practised twice so far" in page and "practised 2 of" not in page


def test_a_stale_after_half_from_another_device_does_not_overwrite_the_newer_one(client_http, step):
    practice = PracticeFactory(step=step)
    url = reverse("planning:practice_after", args=[practice.public_id])
    client_http.post(url, {**AFTER, "learned": "People were kind", "version": 1})
    page = client_http.post(url, {**AFTER, "learned": "Typed on the laptop", "version": 1}).content.decode()
    practice.refresh_from_db()
    assert practice.learned == "People were kind"
    assert "saved a change while you were editing" in page and "Typed on the laptop" in page
