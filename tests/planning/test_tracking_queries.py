"""The client home, the caseload and the progress page make the same number of queries after one week and two years."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planning.models import CheckIn, MeasureResponse, RiskFlag
from tests.factories import MeasureAssignmentFactory, MeasureResponseFactory, RiskFlagFactory
from tests.matrix import AUDITED_READ_QUERIES, SECOND_FACTOR_QUERIES

# What each page makes today, after one week and after two years alike (one is the header's unread count).
# The session comes from the cache; the caseload keeps its order until a change (caseload.kept_ranking).
BUDGET = {"client_home": 8, "caseload": 10 + SECOND_FACTOR_QUERIES}


def _weeks(client, assignments, first, last):
    """Add weekly check-ins, sent questionnaires and acknowledged flags for weeks `first`..`last` ago."""
    now = timezone.now()
    check_ins, responses, flags = [], [], []
    for week in range(first, last + 1):
        when = now - timedelta(weeks=week)
        check_ins.append(CheckIn(client=client, day=when.date(), comfort=5, connection=4, note="A week"))
        for assignment in assignments:
            responses.append(
                MeasureResponse(
                    client=client,
                    assignment=assignment,
                    code=assignment.code,
                    answers=[1] * len(assignment.instrument.items),
                    status=MeasureResponse.Status.SUBMITTED,
                    submitted_at=when,
                    total=len(assignment.instrument.items),
                    band="mild",
                    is_latest=week == 0,
                    change_from_first="deteriorated" if week == 0 else "",
                )
            )
        flags.append(RiskFlag(client=client, source="urgent_note", created_at=when, acknowledged_at=when))
    CheckIn.objects.bulk_create(check_ins)
    MeasureResponse.objects.bulk_create(responses)
    RiskFlag.objects.bulk_create(flags)


@pytest.fixture
def history(world):
    """One week of history to start with (an open flag and a draft in progress); call it to add two years."""
    assignments = [
        MeasureAssignmentFactory(client=world.client, code="PHQ-9", every_days=7),
        MeasureAssignmentFactory(client=world.client, code="PCL-5", every_days=7),
    ]
    _weeks(world.client, assignments, 0, 0)
    MeasureResponseFactory(assignment=assignments[0])
    RiskFlagFactory(client=world.client)
    return lambda: _weeks(world.client, assignments, 1, 103)


def _count(http, url):
    http.get(url)  # warm up: the first visit may record when this person last looked
    with CaptureQueriesContext(connection) as captured:
        assert http.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(("persona", "page"), [("client", "client_home"), ("clinician", "caseload")])
def test_the_page_makes_the_same_number_of_queries_after_one_week_and_two_years(as_persona, history, persona, page):
    http, url = as_persona(persona), reverse(f"planning:{page}")
    one_week = _count(http, url)
    history()
    assert _count(http, url) == one_week


@pytest.mark.parametrize(("persona", "page"), [("client", "client_home"), ("clinician", "caseload")])
def test_the_page_stays_within_its_query_budget_after_two_years(
    as_persona, history, persona, page, django_assert_max_num_queries
):
    http, url = as_persona(persona), reverse(f"planning:{page}")
    history()
    http.get(url)
    with django_assert_max_num_queries(BUDGET[page]):
        http.get(url)


@pytest.mark.parametrize("persona", ["client", "clinician"])
def test_the_progress_page_makes_the_same_number_of_queries_after_one_week_and_two_years(
    as_persona, world, history, persona
):
    http, url = as_persona(persona), reverse("planning:progress", args=[world.client.public_id])
    one_week = _count(http, url)
    history()
    # One is the header's unread count; the clinician's read is audited, past two-step sign-in.
    clinician = AUDITED_READ_QUERIES + SECOND_FACTOR_QUERIES
    assert _count(http, url) == one_week <= 8 + (clinician if persona == "clinician" else 0)
