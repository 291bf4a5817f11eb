"""Mastery offered from what the client learned: the fear that never came true and a likelihood that fell."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from planning.models import CaseloadRules
from tests.factories import PlanFactory, PracticeFactory, StepFactory

OFFER = "Does this step feel manageable now?"


@pytest.fixture
def step(world):
    return StepFactory(goal__plan=PlanFactory(client=world.client), practices_wanted=3, expected_distress=60)


def practised(step, likelihoods, *, feared=("no", "no", "no"), peak=60, places=("", "", "")):
    """Finish one practice per (before, after) likelihood pair, oldest first; distress stays high throughout."""
    start = timezone.now() - timedelta(days=len(likelihoods))
    rows = zip(likelihoods, feared, places[: len(likelihoods)], strict=True)
    for day, ((before, after), happened, place) in enumerate(rows):
        PracticeFactory(
            step=step,
            place=place,
            feared_likelihood=before,
            likelihood_after=after,
            feared_happened=happened,
            peak_distress=peak,
            outcome="stayed",
            completed_at=start + timedelta(days=day),
        )


FALLING = [(70, 60), (55, 40), (40, 25)]


def page(http, step):
    return http.get(reverse("planning:step_detail", args=[step.public_id])).content.decode()


def test_three_practices_without_the_fear_and_a_falling_likelihood_bring_an_offer(client_http, step):
    practised(step, FALLING)
    assert OFFER in page(client_http, step)


def test_the_offer_says_why_in_the_clients_own_numbers(client_http, step):
    practised(step, FALLING)
    expected = (
        "The thing you feared didn&#x27;t happen in your last 3 practices, "
        "and how likely it felt fell from 70 % to 25 %."
    )
    assert expected in page(client_http, step)


def test_the_care_team_reads_the_reason_about_the_client(clinician_http, step):
    practised(step, FALLING)
    assert "The feared outcome didn&#x27;t happen in their last 3 practices" in page(clinician_http, step)


def test_no_offer_when_the_fear_partly_came_true_once(client_http, step):
    practised(step, FALLING, feared=("no", "partly", "no"))
    assert OFFER not in page(client_http, step)


def test_no_offer_before_the_practices_wanted(client_http, step):
    practised(step, FALLING[1:], feared=("no", "no"))
    assert OFFER not in page(client_http, step)


def test_no_offer_when_the_likelihood_fell_less_than_the_clinics_margin(client_http, step, world):
    CaseloadRules.objects.create(organization=world.clinic, mastery_likelihood_drop=50)
    practised(step, FALLING)  # 70 to 25 is 45 points
    assert OFFER not in page(client_http, step)


def test_a_smaller_clinic_margin_makes_a_small_fall_enough(client_http, step, world):
    CaseloadRules.objects.create(organization=world.clinic, mastery_likelihood_drop=10)
    practised(step, [(50, 50), (50, 45), (45, 38)])
    assert OFFER in page(client_http, step)


def test_the_rule_can_be_turned_off_by_setting(client_http, step, settings):
    settings.MASTERY_RULE = {**settings.MASTERY_RULE, "from_predictions": False}
    practised(step, FALLING)
    assert OFFER not in page(client_http, step)


def test_a_step_already_manageable_is_not_offered_again(client_http, step):
    practised(step, FALLING)
    step.status = "mastered"
    step.save()
    assert OFFER not in page(client_http, step)


def test_the_practice_page_shows_the_offer_after_the_last_practice(client_http, step):
    practised(step, FALLING)
    practice = step.practices.order_by("-completed_at").first()
    response = client_http.get(reverse("planning:practice_detail", args=[practice.public_id]))
    assert "fell from 70 % to 25 %" in response.content.decode()


def test_a_clinic_asking_for_varied_places_wants_them_before_offering(client_http, step, world):
    CaseloadRules.objects.create(organization=world.clinic, mastery_places_at_least=2)
    practised(step, FALLING, places=("The café", "the café ", "The CAFÉ"))
    assert OFFER not in page(client_http, step)


def test_practices_in_different_places_bring_the_offer_and_say_so(client_http, step, world):
    CaseloadRules.objects.create(organization=world.clinic, mastery_places_at_least=2)
    practised(step, FALLING, places=("The café", "The library", "The café"))
    assert "didn&#x27;t happen in your last 3 practices in 2 different places" in page(client_http, step)


def test_the_place_is_saved_with_the_before_half(client_http, step):
    data = {
        "planned_for": timezone.localdate().isoformat(),
        "place": "  The library ",
        "expected_distress": 40,
        "feared_outcome": "They stare",
        "feared_likelihood": 60,
    }
    client_http.post(reverse("planning:practice_before", args=[step.public_id]), data)
    assert step.practices.get().place == "The library"
