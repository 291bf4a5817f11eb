"""The demo's look back at a hard practice: Lena chose a smaller version and it is on her ladder."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client as HttpClient
from django.urls import reverse

from planning.demo.setbacks import HARD_STEP, SMALLER_RUNG
from planning.models import Client, SetbackReview, Step
from tests.second_factor import force_sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def lena() -> Client:
    call_command("seed_demo", stdout=StringIO())
    return Client.objects.get(preferred_name="Lena")


def test_lenas_hard_practice_has_a_look_back_that_chose_a_smaller_version(lena):
    review = SetbackReview.objects.get()
    assert review.practice.step.client == lena and review.practice.was_hard()
    assert (review.next_choice, review.proposal) == ("smaller", "accepted")


def test_the_smaller_rung_sits_just_below_the_hard_one_on_lenas_ladder(lena):
    smaller = Step.objects.get(activity=SMALLER_RUNG)
    hard = Step.objects.get(goal=smaller.goal, activity=HARD_STEP)
    assert hard.position == smaller.position + 1 and smaller.expected_distress < hard.expected_distress


def test_seeding_twice_adds_nothing_more(lena):
    call_command("seed_demo", stdout=StringIO())
    assert SetbackReview.objects.count() == 1 and Step.objects.filter(activity=SMALLER_RUNG).count() == 1


def test_lenas_clinician_sees_the_look_back_in_the_session_view(lena):
    http = HttpClient()
    force_sign_in(http, lena.session_notes.get().created_by)
    body = http.get(reverse("planning:in_session", args=[lena.public_id])).content.decode()
    assert "Looking back at hard practices" in body and SMALLER_RUNG in body
