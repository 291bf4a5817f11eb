"""The risk safety net: what raises a flag, what the client sees, who is told and how, and acknowledging it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from planning.models import AuditEvent, RiskFlag
from planning.tasks import send_pending_risk_emails
from tests.conftest import services_down
from tests.factories import (
    MeasureResponseFactory,
    PlanFactory,
    PracticeFactory,
    RiskFlagFactory,
    SafetyPlanVersionFactory,
    StepFactory,
)

SUPPORT = reverse("planning:support")
UNSAID = ("phq", "risk", "suicid", "self-harm", "harm", "robin", "questionnaire", "distress")
AFTER = {"outcome": "stayed", "feared_happened": "no", "end_distress": 20, "version": 1}


def _phq9(item_9):
    return {**{f"item_{n}": 1 for n in range(1, 9)}, "item_9": item_9, "action": "submit"}


def _answer_phq9(http, w, item_9=1):
    draft = MeasureResponseFactory(assignment__client=w.client)
    return http.post(reverse("planning:measure_response", args=[draft.public_id]), _phq9(item_9))


def _flag_url(flag):
    return reverse("planning:risk_flag", args=[flag.public_id])


def _acknowledge(http, flag, action="contacted"):
    return http.post(_flag_url(flag), {"action": action, "action_note": ""})


def _finish_practice(http, w, peak):
    practice = PracticeFactory(step=StepFactory(goal__plan=PlanFactory(client=w.client)))
    url = reverse("planning:practice_after", args=[practice.public_id])
    return http.post(url, {**AFTER, "peak_distress": peak})


@pytest.mark.parametrize("item_9", [1, 2, 3])
def test_a_non_zero_answer_to_phq9_item_9_raises_one_flag(client_http, world, item_9):
    _answer_phq9(client_http, world, item_9)
    assert RiskFlag.objects.filter(client=world.client, source="measure").count() == 1


@pytest.mark.parametrize("item_9", [1, 2, 3])
def test_a_non_zero_answer_to_phq9_item_9_opens_the_support_page(client_http, world, item_9):
    assert _answer_phq9(client_http, world, item_9)["Location"] == SUPPORT


def test_phq9_item_9_answered_0_raises_nothing(client_http, world):
    response = _answer_phq9(client_http, world, 0)
    assert response["Location"] == reverse("planning:client_home")
    assert not RiskFlag.objects.exists()


# The support page


def test_the_support_page_shows_the_clients_own_coping_and_people_before_the_crisis_lines(client_http, world):
    SafetyPlanVersionFactory(plan__client=world.client)
    body = client_http.get(SUPPORT).content.decode()
    assert body.index("Slow breathing for two minutes") < body.index("Jo (sister)") < body.index("tel:988")


def test_the_support_page_gives_crisis_lines_as_call_and_text_links(client_http, world):
    body = client_http.get(SUPPORT).content.decode()
    assert 'href="tel:988"' in body
    assert 'href="sms:741741?&amp;body=HOME"' in body


def test_the_support_page_says_stepwise_is_not_a_crisis_service(client_http, world):
    assert "Stepwise is not a crisis service" in client_http.get(SUPPORT).content.decode()


def test_the_care_team_has_no_support_page(clinician_http, world):
    assert clinician_http.get(SUPPORT).status_code == 403


# The email to the care team


@pytest.fixture
def emailed(client_http, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _answer_phq9(client_http, world)
    return mail.outbox


def test_every_care_team_clinician_gets_one_email(emailed, world):
    assert sorted(message.to[0] for message in emailed) == ["ada@example.test", "ravi@example.test"]


def test_the_email_says_nothing_clinical_and_names_no_one(emailed):
    text = " ".join(f"{message.subject} {message.body}" for message in emailed).lower()
    assert "needs a look" in text
    assert not [word for word in UNSAID if word in text]


def test_the_flag_records_when_the_team_was_emailed(emailed, world):
    assert RiskFlag.objects.get().emailed_at is not None


# The caseload and acknowledging


@pytest.mark.parametrize("persona", ["clinician", "readonly_clinician"])
def test_an_open_flag_is_at_the_top_of_each_care_team_caseload(as_persona, world, persona):
    flag = RiskFlagFactory(client=world.client)
    body = as_persona(persona).get(reverse("planning:caseload")).content.decode()
    assert _flag_url(flag) in body.split("<table")[0]


def test_a_bystander_clinician_does_not_see_the_flag(as_persona, world):
    flag = RiskFlagFactory(client=world.client)
    assert _flag_url(flag) not in as_persona("bystander_clinician").get(reverse("planning:caseload")).content.decode()


def test_acknowledging_clears_the_flag_for_the_whole_care_team(clinician_http, readonly_http, world):
    flag = RiskFlagFactory(client=world.client)
    _acknowledge(clinician_http, flag)
    assert _flag_url(flag) not in readonly_http.get(reverse("planning:caseload")).content.decode()


def test_acknowledging_records_what_was_done_and_is_audited(clinician_http, world):
    flag = RiskFlagFactory(client=world.client)
    _acknowledge(clinician_http, flag, action="reviewed")
    flag.refresh_from_db()
    assert (flag.action, flag.acknowledged_by) == ("reviewed", world.clinician)
    assert AuditEvent.objects.filter(action="risk_flag.acknowledged", target_id=flag.public_id).count() == 1


def test_acknowledging_asks_what_was_done(clinician_http, world):
    flag = RiskFlagFactory(client=world.client)
    response = clinician_http.post(_flag_url(flag), {"action": ""})
    assert "Please choose what you did." in response.content.decode()
    assert RiskFlag.objects.open().exists()


def test_acknowledging_twice_is_harmless(clinician_http, world):
    flag = RiskFlagFactory(client=world.client)
    _acknowledge(clinician_http, flag, action="reviewed")
    assert _acknowledge(clinician_http, flag, action="other").status_code == 200
    assert RiskFlag.objects.get().action == "reviewed"
    assert AuditEvent.objects.filter(action="risk_flag.acknowledged").count() == 1


@pytest.mark.parametrize("persona", ["client", "other_client"])
def test_clients_never_see_flags(as_persona, world, persona):
    flag = RiskFlagFactory(client=world.client)
    response = as_persona(persona).get(_flag_url(flag))
    assert response.status_code == 403  # refused by role, as the permission matrix pins
    assert "needs a look" not in response.content.decode()


def test_a_flag_page_refuses_a_client_the_same_whether_or_not_the_flag_exists(client_http, world):
    url = reverse("planning:risk_flag", args=["00000000-0000-4000-8000-000000000000"])
    assert client_http.get(url).status_code == 403


def test_the_flag_page_is_a_404_for_a_bystander_clinician(as_persona, world):
    flag = RiskFlagFactory(client=world.client)
    assert as_persona("bystander_clinician").get(_flag_url(flag)).status_code == 404


# The clinic's own rules


@pytest.mark.parametrize("peak", [95, 100])
def test_a_practice_peak_at_the_clinics_threshold_raises_a_flag(client_http, world, peak):
    _finish_practice(client_http, world, peak)
    assert RiskFlag.objects.filter(client=world.client, source="practice_peak").count() == 1


def test_a_practice_peak_below_the_threshold_raises_nothing(client_http, world):
    assert _finish_practice(client_http, world, 94).status_code == 302
    assert not RiskFlag.objects.exists()


def test_the_admin_can_lower_the_threshold(admin_http, client_http, world):
    admin_http.post(reverse("planning:org_risk_rules"), {"practice_peak_at_least": 80, "urgent_check_in_notes": "on"})
    _finish_practice(client_http, world, 85)
    assert RiskFlag.objects.filter(source="practice_peak").count() == 1


def test_the_admin_can_switch_the_practice_rule_off(admin_http, client_http, world):
    admin_http.post(reverse("planning:org_risk_rules"), {"practice_peak_at_least": "", "urgent_check_in_notes": "on"})
    _finish_practice(client_http, world, 100)
    assert not RiskFlag.objects.exists()


def test_a_threshold_above_100_is_refused_kindly(admin_http, world):
    response = admin_http.post(reverse("planning:org_risk_rules"), {"practice_peak_at_least": 101})
    assert "Please choose a number from 0 to 100." in response.content.decode()


def test_a_clinician_cannot_change_the_risk_rules(clinician_http, world):
    assert clinician_http.post(reverse("planning:org_risk_rules"), {"practice_peak_at_least": 10}).status_code == 403


# With Redis and the broker down


@pytest.fixture
def answered_while_down(client_http, world, django_capture_on_commit_callbacks):
    """Answer item 9 with 1 while Redis and the broker are unreachable; return the response, followed."""
    with services_down(), django_capture_on_commit_callbacks(execute=True):
        return _answer_phq9(client_http, world)


def test_the_answer_is_saved_and_the_support_page_shown_with_the_broker_down(answered_while_down, client_http):
    assert answered_while_down["Location"] == SUPPORT
    with services_down():
        assert client_http.get(SUPPORT).status_code == 200


def test_the_flag_waits_unemailed_while_the_broker_is_down(answered_while_down):
    assert RiskFlag.objects.get().emailed_at is None
    assert mail.outbox == []


def test_the_sweep_sends_one_email_per_clinician_once_the_broker_is_back(answered_while_down):
    send_pending_risk_emails()
    assert len(mail.outbox) == 2
    assert RiskFlag.objects.get().emailed_at is not None


def test_a_second_sweep_sends_nothing(answered_while_down):
    send_pending_risk_emails()
    assert send_pending_risk_emails() == 0
    assert len(mail.outbox) == 2
