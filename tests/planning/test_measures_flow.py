"""Questionnaires from asking to answering: drafts, scoring, resubmission, withdrawal and reliable change."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from planning import measures
from planning.models import AuditEvent, MeasureAssignment, MeasureResponse
from planning.services.tracking import measure_assign, measure_response_open, measure_response_save
from tests.factories import MeasureAssignmentFactory, MeasureResponseFactory

PHQ9 = [1, 2, 0, 3, 1, 0, 2, 1, 0]  # total 10: "moderate" in the PHQ-9 manual's bands
PCL5_52 = [4] * 13 + [0] * 7
PCL5_38 = [4] * 9 + [2] + [0] * 10


def _answers(values, action="submit"):
    data = {f"item_{number}": value for number, value in enumerate(values, start=1) if value is not None}
    return {**data, "action": action}


def _draft(w, code="PHQ-9"):
    return MeasureResponseFactory(assignment__client=w.client, assignment__code=code)


def _url(response):
    return reverse("planning:measure_response", args=[response.public_id])


def _submitted(w, code, answers):
    """Answer a questionnaire through the service, as the client, and return the sent response."""
    assignment = MeasureAssignment.objects.filter(client=w.client, code=code, is_active=True).first()
    assignment = assignment or measure_assign(
        actor=w.clinician, client=w.client, code=code, every_days=14, starts_on=timezone.localdate()
    )
    draft = measure_response_open(actor=w.client.user, assignment=assignment)
    response, _flag = measure_response_save(actor=w.client.user, response=draft, answers=answers, submit=True)
    return response


def _assign_post(http, w, **changes):
    data = {"code": "PHQ-9", "every_days": 14, "starts_on": timezone.localdate().isoformat(), **changes}
    return http.post(reverse("planning:measure_add", args=[w.client.public_id]), data)


def test_a_clinician_assigns_the_phq9(clinician_http, world):
    _assign_post(clinician_http, world)
    assert MeasureAssignment.objects.get(client=world.client).code == "PHQ-9"


def test_an_assigned_measure_is_an_invitation_on_the_client_home(client_http, world):
    MeasureAssignmentFactory(client=world.client)
    body = client_http.get(reverse("planning:client_home")).content.decode()
    assert "Fill in PHQ-9" in body
    assert "overdue" not in body.lower() and "missed" not in body.lower()


def test_starting_a_measure_opens_a_draft(client_http, world):
    assignment = MeasureAssignmentFactory(client=world.client)
    client_http.post(reverse("planning:measure_start", args=[assignment.public_id]))
    assert assignment.responses.get().status == MeasureResponse.Status.DRAFT


def test_a_saved_draft_keeps_the_answers_given_so_far(client_http, world):
    draft = _draft(world)
    client_http.post(_url(draft), _answers([2, None, 3], action="draft"))
    draft.refresh_from_db()
    assert draft.answers == [2, None, 3, None, None, None, None, None, None]
    assert draft.status == MeasureResponse.Status.DRAFT


def test_coming_back_to_a_draft_shows_the_same_answers(client_http, world):
    draft = _draft(world)
    client_http.post(_url(draft), _answers([2, None, 3], action="draft"))
    body = client_http.get(_url(draft)).content.decode()
    assert re.search(r'name="item_1" value="2"[^>]*checked', body)
    assert re.search(r'name="item_3" value="3"[^>]*checked', body)


def test_the_home_offers_to_carry_on_with_a_draft(client_http, world):
    _draft(world)
    assert "Carry on with PHQ-9" in client_http.get(reverse("planning:client_home")).content.decode()


def test_submitting_scores_it_as_the_manual_says(client_http, world):
    draft = _draft(world)
    client_http.post(_url(draft), _answers(PHQ9))
    draft.refresh_from_db()
    assert (draft.status, draft.total, draft.band) == ("submitted", 10, "moderate")
    assert draft.total == measures.score("PHQ-9", PHQ9).total


def test_a_submitted_measure_is_not_changed_by_a_second_post(client_http, world):
    draft = _draft(world)
    client_http.post(_url(draft), _answers(PHQ9))
    client_http.post(_url(draft), _answers([3] * 8 + [0]))
    draft.refresh_from_db()
    assert draft.answers == PHQ9


def test_a_second_post_says_kindly_it_was_already_sent(client_http, world):
    draft = _draft(world)
    client_http.post(_url(draft), _answers(PHQ9))
    response = client_http.post(_url(draft), _answers([3] * 8 + [0]), follow=True)
    assert "already sent, so it stays as it is" in response.content.decode()


def test_a_missing_answer_on_submit_is_asked_for_per_question(client_http, world):
    draft = _draft(world)
    response = client_http.post(_url(draft), _answers([1, 2, None, 3, None, 0, 2, 1, 0]))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("Please choose an answer for this one too.") == 2
    assert re.search(r'name="item_4" value="3"[^>]*checked', body)


@pytest.mark.parametrize("value", ["7", "-1", "abc"])
def test_an_answer_that_is_not_an_option_is_refused_kindly(client_http, world, value):
    draft = _draft(world)
    response = client_http.post(_url(draft), {**_answers(PHQ9), "item_2": value})
    assert response.status_code == 200
    assert "not one of the available choices" in response.content.decode()
    assert MeasureResponse.objects.get(pk=draft.pk).status == MeasureResponse.Status.DRAFT


def test_an_unknown_instrument_is_refused_kindly(clinician_http, world):
    response = _assign_post(clinician_http, world, code="XYZ-1")
    assert response.status_code == 200
    assert "not one of the available choices" in response.content.decode()
    assert not MeasureAssignment.objects.exists()


def test_answering_a_measure_assigned_to_another_client_is_a_404(client_http, world):
    theirs = MeasureResponseFactory(assignment__client=world.other_client)
    assert client_http.post(_url(theirs), _answers(PHQ9)).status_code == 404
    assert MeasureResponse.objects.get(pk=theirs.pk).answers == []


def test_starting_a_measure_assigned_to_another_client_is_a_404(client_http, world):
    theirs = MeasureAssignmentFactory(client=world.other_client)
    assert client_http.post(reverse("planning:measure_start", args=[theirs.public_id])).status_code == 404


def test_the_care_team_cannot_see_a_draft(clinician_http, world):
    assert clinician_http.get(_url(_draft(world))).status_code == 404


def test_the_care_team_sees_a_submitted_measure_with_its_score(clinician_http, world):
    response = clinician_http.get(_url(_submitted(world, "PHQ-9", PHQ9)))
    assert "Score 10: Moderate." in response.content.decode()


# Withdrawing a mistaken questionnaire


def _withdraw(http, response, reason="Answered for the wrong week"):
    return http.post(reverse("planning:measure_withdraw", args=[response.public_id]), {"reason": reason})


def test_withdrawing_needs_a_reason(clinician_http, world):
    sent = _submitted(world, "PHQ-9", PHQ9)
    response = _withdraw(clinician_http, sent, reason="")
    assert "Please say briefly why" in response.content.decode()
    assert MeasureResponse.objects.get(pk=sent.pk).status == MeasureResponse.Status.SUBMITTED


def test_a_withdrawn_measure_stays_on_record_as_withdrawn(clinician_http, world):
    sent = _submitted(world, "PHQ-9", PHQ9)
    _withdraw(clinician_http, sent)
    assert MeasureResponse.objects.get(pk=sent.pk).status == MeasureResponse.Status.WITHDRAWN


def test_withdrawing_is_audited(clinician_http, world):
    sent = _submitted(world, "PHQ-9", PHQ9)
    _withdraw(clinician_http, sent)
    assert AuditEvent.objects.filter(action="measure.withdrawn", target_id=sent.public_id).exists()


def test_after_withdrawing_the_previous_answer_is_the_latest_again(clinician_http, world):
    first = _submitted(world, "PCL-5", PCL5_52)
    _withdraw(clinician_http, _submitted(world, "PCL-5", PCL5_38))
    assert MeasureResponse.objects.get(pk=first.pk).is_latest


def test_a_read_only_clinician_cannot_withdraw(readonly_http, world):
    sent = _submitted(world, "PHQ-9", PHQ9)
    assert _withdraw(readonly_http, sent).status_code == 403
    assert MeasureResponse.objects.get(pk=sent.pk).status == MeasureResponse.Status.SUBMITTED


# Reliable change


def test_a_pcl5_from_52_to_38_is_a_reliable_improvement(world):
    _submitted(world, "PCL-5", PCL5_52)
    latest = _submitted(world, "PCL-5", PCL5_38)
    assert (latest.total, latest.change_from_first) == (38, "improved")


def test_the_care_team_sees_the_improvement_on_the_measures_page(clinician_http, world):
    _submitted(world, "PCL-5", PCL5_52)
    _submitted(world, "PCL-5", PCL5_38)
    body = clinician_http.get(reverse("planning:measure_list", args=[world.client.public_id])).content.decode()
    assert "<td>improved</td>" in body


def test_reliable_deterioration_shows_on_the_clinicians_caseload(clinician_http, world):
    _submitted(world, "PCL-5", PCL5_38)
    _submitted(world, "PCL-5", PCL5_52)
    assert "A questionnaire reliably worse" in clinician_http.get(reverse("planning:caseload")).content.decode()


def test_no_reliable_change_shows_no_caseload_chip(clinician_http, world):
    _submitted(world, "PCL-5", PCL5_38)
    _submitted(world, "PCL-5", [4] * 10 + [0] * 10)
    assert "reliably worse" not in clinician_http.get(reverse("planning:caseload")).content.decode()


@pytest.mark.parametrize("page", ["client_home", "my_safety_plan", "latest_result", "check_in_list"])
def test_the_clients_own_pages_never_say_worse(client_http, world, page):
    _submitted(world, "PCL-5", PCL5_38)
    latest = _submitted(world, "PCL-5", PCL5_52)
    url = {
        "latest_result": _url(latest),
        "check_in_list": reverse("planning:check_in_list", args=[world.client.public_id]),
    }.get(page) or reverse(f"planning:{page}")
    body = client_http.get(url).content.decode().lower()
    assert "worse" not in body and "deteriorat" not in body
