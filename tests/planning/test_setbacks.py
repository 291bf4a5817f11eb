"""Looking back at a hard practice: offered (never required), the client's own words, and a smaller rung if asked."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

import planning.models.setbacks as setbacks_module
from planning.models import AgendaItem, AuditEvent, Practice, SetbackReview, Step
from planning.models.setbacks import SETBACK_PEAK_ABOVE_EXPECTED
from planning.services.sessions import session_summary
from planning.services.setbacks import setback_review_create
from tests.factories import (
    GoalFactory,
    HardPracticeFactory,
    PlanFactory,
    PracticeFactory,
    SetbackReviewFactory,
    StepFactory,
)
from tests.planning.test_undo import undo
from tests.test_shame_words import shame_words, user_facing_strings

AFTER = {"outcome": "stayed", "peak_distress": 45, "feared_happened": "partly", "version": 1}
REVIEW = {"harder": ["crowd", "heavy_day"], "went_all_right": "I stayed for ten minutes", "next_choice": "smaller"}


@pytest.fixture
def ladder(world):
    """Robin's ladder: a first rung, the hard one ("Coffee with Jo", expected 40), and one above it."""
    goal = GoalFactory(plan=PlanFactory(client=world.client))
    steps = [
        StepFactory(goal=goal, position=1, activity="Walk past the café", expected_distress=20),
        StepFactory(goal=goal, position=2, activity="Coffee with Jo", expected_distress=40),
        StepFactory(goal=goal, position=3, activity="Lunch with Jo and friends", expected_distress=60),
    ]
    return goal, steps


@pytest.fixture
def hard(ladder):
    return HardPracticeFactory(step=ladder[1][1])


def _url(name, *args):
    return reverse(f"planning:{name}", args=args)


def _review(http, practice, **data):
    return http.post(_url("setback_review_add", practice.public_id), {**REVIEW, **data})


def _accept(http, review, **data):
    fields = {"activity": "Coffee with Jo at my place", "expected_distress": 25, "version": review.version, **data}
    return http.post(_url("setback_review_smaller", review.public_id), fields)


def _ladder(goal):
    return list(goal.steps.order_by("position").values_list("activity", flat=True))


# When it is offered


@pytest.mark.parametrize(
    ("fields", "offered"),
    [
        ({"peak_distress": 40 + SETBACK_PEAK_ABOVE_EXPECTED}, True),
        ({"peak_distress": 40 + SETBACK_PEAK_ABOVE_EXPECTED - 1}, False),
        ({"peak_distress": 30, "outcome": "left_by_exit_plan"}, True),
        ({"peak_distress": 30, "felt_hard": True}, True),
        ({"peak_distress": 30}, False),
    ],
)
def test_a_look_back_is_offered_after_an_early_exit_a_far_higher_peak_or_a_hard_mark(ladder, fields, offered):
    practice = HardPracticeFactory(step=ladder[1][1], **fields)
    assert practice.offers_setback_review() is offered


def test_a_practice_still_waiting_for_how_it_went_offers_nothing(ladder):
    assert not PracticeFactory(step=ladder[1][1], expected_distress=10).offers_setback_review()


def test_marking_that_was_hard_offers_the_look_back_on_the_practice(client_http, ladder):
    practice = PracticeFactory(step=ladder[1][1], expected_distress=40)
    response = client_http.post(_url("practice_after", practice.public_id), {**AFTER, "felt_hard": "on"}, follow=True)
    body = response.content.decode()
    assert Practice.objects.get(pk=practice.pk).felt_hard
    assert "there&#x27;s a short look back below" in body and "Look back at this practice" in body


def test_an_ordinary_practice_is_not_offered_a_look_back(client_http, ladder):
    practice = PracticeFactory(step=ladder[1][1], expected_distress=40)
    body = client_http.post(_url("practice_after", practice.public_id), AFTER, follow=True).content.decode()
    assert "Look back at this practice" not in body and "Thank you for doing this" in body


def test_the_look_back_is_never_required_the_practice_is_saved_without_it(client_http, hard):
    body = client_http.get(_url("practice_detail", hard.public_id)).content.decode()
    assert "entirely up to you" in body and "What this practice showed" in body
    assert not SetbackReview.objects.exists()


def test_the_care_team_is_not_offered_the_clients_look_back(clinician_http, hard):
    assert (
        "Look back at this practice" not in clinician_http.get(_url("practice_detail", hard.public_id)).content.decode()
    )


# Writing it


def test_a_client_saves_their_look_back_in_their_own_words(client_http, hard):
    response = _review(client_http, hard, harder_words="The music was loud")
    review = SetbackReview.objects.get(practice=hard)
    assert response.status_code == 302 and review.harder == ["crowd", "heavy_day"]
    assert (review.harder_words, review.went_all_right) == ("The music was loud", "I stayed for ten minutes")


def test_a_look_back_is_audited_with_field_names_only(client_http, hard):
    _review(client_http, hard, harder_words="The music was loud")
    event = AuditEvent.objects.get(action="setback_review.created")
    assert event.client == hard.step.client and "loud" not in str(event.changed_fields)


def test_a_second_look_back_at_the_same_practice_opens_the_first(client_http, hard):
    _review(client_http, hard)
    response = _review(client_http, hard, next_choice="again")
    assert SetbackReview.objects.get().next_choice == "smaller"
    assert response["Location"] == _url("setback_review_detail", SetbackReview.objects.get().public_id)


def test_a_practice_without_how_it_went_asks_for_that_first(client_http, ladder):
    practice = PracticeFactory(step=ladder[1][1])
    response = client_http.get(_url("setback_review_add", practice.public_id))
    assert response["Location"] == _url("practice_after", practice.public_id)


def test_talking_it_over_puts_it_on_the_next_sessions_agenda(client_http, clinician_http, world, hard):
    _review(client_http, hard, next_choice="talk")
    item = AgendaItem.objects.get(client=world.client)
    assert "Coffee with Jo" in item.text and SetbackReview.objects.get().agenda_item == item
    session = clinician_http.get(_url("in_session", world.client.public_id)).content.decode()
    assert "talk it over" in session


def test_a_rest_week_choice_links_to_marking_a_rest_week(client_http, hard):
    _review(client_http, hard, next_choice="rest")
    body = client_http.get(_url("setback_review_detail", SetbackReview.objects.get().public_id)).content.decode()
    assert _url("plan_pace", hard.step.goal.plan.public_id) in body and "Make this week a rest week" in body


# Bad input: kind messages, nothing typed lost, nobody else's practice


def test_a_choice_that_is_not_offered_gets_a_kind_message_and_keeps_the_words(client_http, hard):
    response = _review(client_http, hard, next_choice="give_up", harder=["crowd", "nonsense"])
    body = response.content.decode()
    assert response.status_code == 200 and "Please choose from the options shown" in body
    assert "I stayed for ten minutes" in body and not SetbackReview.objects.exists()


def test_no_choice_of_what_next_gets_a_kind_message(client_http, hard):
    body = _review(client_http, hard, next_choice="").content.decode()
    assert "Any of these is a good choice" in body and not SetbackReview.objects.exists()


def test_an_over_long_answer_keeps_the_text(client_http, hard):
    body = _review(client_http, hard, went_all_right="a" * 2001).content.decode()
    assert "the limit is 2000" in body and "a" * 2001 in body


def test_a_look_back_at_another_clients_practice_does_not_exist(as_persona, hard):
    other = as_persona("other_client")
    assert other.get(_url("setback_review_add", hard.public_id)).status_code == 404
    assert _review(other, hard).status_code == 404 and not SetbackReview.objects.exists()
    assert _review(as_persona("client"), hard).status_code == 302  # control: Robin's own practice


def test_the_care_team_reads_the_look_back_but_never_writes_it(clinician_http, client_http, hard):
    assert _review(clinician_http, hard).status_code == 403 and not SetbackReview.objects.exists()
    _review(client_http, hard)
    review = SetbackReview.objects.get()
    body = clinician_http.get(_url("setback_review_detail", review.public_id)).content.decode()
    assert "Robin's look back" in body and "I stayed for ten minutes" in body


def test_another_clients_look_back_does_not_exist_for_a_clinician_off_the_team(as_persona, hard):
    review = SetbackReviewFactory(practice=hard)
    assert as_persona("bystander_clinician").get(_url("setback_review_detail", review.public_id)).status_code == 404
    assert as_persona("clinician").get(_url("setback_review_detail", review.public_id)).status_code == 200


# A smaller version


def test_a_smaller_version_proposes_an_easier_rung_for_the_client_to_word(client_http, hard):
    _review(client_http, hard)
    review = SetbackReview.objects.get()
    assert review.proposal == "open" and review.smaller_expected_distress < hard.step.expected_distress
    body = client_http.get(_url("setback_review_detail", review.public_id)).content.decode()
    assert "A smaller version of: Coffee with Jo" in body and "Yes, add it to my ladder" in body
    assert Step.objects.filter(goal=hard.step.goal).count() == 3  # nothing on the ladder until they say yes


def test_accepting_puts_the_rung_just_below_the_hard_one(client_http, ladder, hard):
    _review(client_http, hard)
    response = _accept(client_http, SetbackReview.objects.get())
    assert response["Location"] == _url("plan_detail", hard.step.goal.plan.public_id)
    assert _ladder(ladder[0]) == [
        "Walk past the café",
        "Coffee with Jo at my place",
        "Coffee with Jo",
        "Lunch with Jo and friends",
    ]


def test_the_accepted_rung_is_the_clients_agreed_step_with_the_hard_ones_exit_plan(client_http, ladder, hard):
    ladder[1][1].exit_plan = "Seat by the door"
    ladder[1][1].save()
    _review(client_http, hard)
    _accept(client_http, SetbackReview.objects.get())
    step = Step.objects.get(activity="Coffee with Jo at my place")
    assert (step.expected_distress, step.proposed_by, step.is_agreed) == (25, "client", True)
    assert step.exit_plan == "Seat by the door" and SetbackReview.objects.get().smaller_step == step


def test_accepting_is_audited_like_other_step_changes(client_http, hard):
    _review(client_http, hard)
    _accept(client_http, SetbackReview.objects.get())
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"step.created", "ladder.reordered", "setback_review.smaller_accepted"} <= actions


def test_a_rung_no_easier_than_the_hard_one_gets_a_kind_message_and_keeps_the_words(client_http, hard):
    _review(client_http, hard)
    body = _accept(client_http, SetbackReview.objects.get(), expected_distress=40).content.decode()
    assert "Please choose a number under 40" in body and "Coffee with Jo at my place" in body
    assert not Step.objects.filter(activity="Coffee with Jo at my place").exists()


def test_a_distress_off_the_scale_gets_a_kind_message(client_http, hard):
    _review(client_http, hard)
    body = _accept(client_http, SetbackReview.objects.get(), expected_distress=150).content.decode()
    assert "100 is the highest" in body and "Coffee with Jo at my place" in body


def test_a_second_yes_from_another_tab_adds_the_rung_once(client_http, hard):
    _review(client_http, hard)
    review = SetbackReview.objects.get()
    _accept(client_http, review)
    response = _accept(client_http, review, activity="Again")
    assert response.status_code == 302 and Step.objects.filter(goal=hard.step.goal).count() == 4


def test_declining_leaves_the_ladder_as_it_was(client_http, ladder, hard):
    _review(client_http, hard)
    review = SetbackReview.objects.get()
    client_http.post(_url("setback_review_decline", review.public_id))
    assert SetbackReview.objects.get().proposal == "declined" and len(_ladder(ladder[0])) == 3


def test_a_look_back_that_asked_for_no_smaller_rung_cannot_add_one(client_http, hard):
    _review(client_http, hard, next_choice="again")
    _accept(client_http, SetbackReview.objects.get())
    assert Step.objects.filter(goal=hard.step.goal).count() == 3


def test_the_care_team_cannot_answer_the_smaller_rung(clinician_http, hard):
    review = SetbackReviewFactory(practice=hard)
    assert _accept(clinician_http, review).status_code == 403
    assert Step.objects.filter(goal=hard.step.goal).count() == 3


# The clinician's view


def test_the_session_summary_shows_the_look_back(clinician_http, world, hard):
    setback_review_create(actor=world.client.user, practice=hard, next_choice="smaller", harder=["crowd"])
    body = clinician_http.get(_url("in_session", world.client.public_id)).content.decode()
    assert "Looking back at hard practices" in body and "try a smaller version first" in body
    assert "There were more people, or more noise, than I pictured" in body


def test_the_session_summary_makes_seven_queries_however_many_looks_back(world, ladder, django_assert_num_queries):
    def fill(count):
        for _ in range(count):
            SetbackReviewFactory(
                practice=HardPracticeFactory(step=ladder[1][1]), proposal="accepted", smaller_step=ladder[1][0]
            )

    fill(1)
    with django_assert_num_queries(7):
        summary = session_summary(client=world.client)
        assert [r.smaller_step.activity for r in summary.setback_reviews] == ["Walk past the café"]
    fill(9)
    with django_assert_num_queries(7):
        summary = session_summary(client=world.client)
        assert {r.practice.step.activity for r in summary.setback_reviews} == {"Coffee with Jo"}


def test_the_clinician_sees_the_look_back_on_the_practice(clinician_http, hard):
    SetbackReviewFactory(practice=hard)
    body = clinician_http.get(_url("practice_detail", hard.public_id)).content.decode()
    assert "Robin's look back" in body and "I got there and stayed a while." in body


def test_a_look_back_from_before_the_last_session_leaves_the_summary(world, ladder):
    old = HardPracticeFactory(step=ladder[1][1], completed_at=timezone.now() - timedelta(days=30))
    Practice.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=30))
    SetbackReviewFactory(practice=old)
    assert session_summary(client=world.client).setback_reviews == []


# Words


def test_the_look_backs_options_are_checked_for_shame_words():
    strings = user_facing_strings(Path(setbacks_module.__file__).read_text())
    assert "Try a smaller version first" in strings and "Something reminded me of a hard time" in strings
    assert not [text for text in strings if shame_words(text)]


# Removing with an undo


def test_removing_a_practice_takes_its_look_back_and_undo_brings_both_back(client_http, hard):
    _review(client_http, hard, next_choice="talk")
    client_http.post(_url("practice_remove", hard.public_id))
    assert not SetbackReview.objects.exists() and AgendaItem.objects.count() == 1  # the agenda item is its own
    undo(client_http)
    review = SetbackReview.objects.get()
    assert review.practice.public_id == hard.public_id and review.agenda_item == AgendaItem.objects.get()
