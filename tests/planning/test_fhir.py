"""The plan as a FHIR R4 Bundle for the care team: it validates, every reference resolves, and codes are LOINC's.

Validated with fhir.resources' R4B models (requirements-dev.txt says why R4B rather than the R5 default).
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from planning.models import AuditEvent
from tests.factories import (
    GoalFactory,
    MeasureResponseFactory,
    PlanFactory,
    PracticeFactory,
    StepFactory,
    ValueFactory,
)

LOINC = "http://loinc.org"


@pytest.fixture
def plan(world):
    """Robin's plan: a goal with two steps, a finished practice, and PHQ-9, GAD-7 and WSAS answered (one withdrawn)."""
    plan = PlanFactory(client=world.client, status="active")
    goal = GoalFactory(plan=plan, value=ValueFactory(plan=plan), title="Join the board-game night")
    step = StepFactory(goal=goal, activity="Coffee with Jo", status="in_practice")
    StepFactory(goal=goal, activity="Board games for an hour")
    PracticeFactory(step=step, expected_distress=60, peak_distress=45, end_distress=20, completed_at=timezone.now())
    PracticeFactory(step=step, expected_distress=50)  # planned, not done yet: one rating
    now = timezone.now()
    for code, answers, total, status in (
        ("PHQ-9", [1] * 9, 9, "submitted"),
        ("GAD-7", [2] * 7, 14, "submitted"),
        ("WSAS", [3] * 5, 15, "withdrawn"),
    ):
        MeasureResponseFactory(
            assignment__client=world.client,
            assignment__code=code,
            answers=answers,
            total=total,
            status=status,
            submitted_at=now,
        )
    MeasureResponseFactory(assignment__client=world.client, assignment__code="PCL-5", answers=[1])  # a draft
    return plan


def _bundle(http, plan) -> dict:
    response = http.get(reverse("planning:plan_fhir", kwargs={"plan_id": plan.public_id}))
    assert response.status_code == 200 and response["Content-Type"] == "application/fhir+json"
    return json.loads(response.content)


def _of(bundle: dict, kind: str) -> list[dict]:
    return [entry["resource"] for entry in bundle["entry"] if entry["resource"]["resourceType"] == kind]


def test_the_bundle_validates_as_fhir(plan, clinician_http):
    bundle = Bundle.model_validate(_bundle(clinician_http, plan))
    assert bundle.type == "collection"
    kinds = sorted({entry.resource.get_resource_type() for entry in bundle.entry})
    assert kinds == ["CarePlan", "Goal", "Observation", "Patient", "QuestionnaireResponse"]


def test_the_validator_refuses_a_broken_bundle(plan, clinician_http):  # control: validation is real
    data = _bundle(clinician_http, plan)
    del _of(data, "CarePlan")[0]["intent"]
    with pytest.raises(ValueError, match="intent"):
        Bundle.model_validate(data)


def test_every_entry_has_a_urn_uuid_and_every_reference_points_into_the_bundle(plan, clinician_http):
    bundle = _bundle(clinician_http, plan)
    urls = [entry["fullUrl"] for entry in bundle["entry"]]
    assert all(url.startswith("urn:uuid:") for url in urls) and len(set(urls)) == len(urls)
    text = json.dumps(bundle)
    references = {part.split('"')[0] for part in text.split('"reference": "')[1:]}
    assert references and references <= set(urls)


def test_the_patient_is_minimal_with_no_email(plan, clinician_http, world):
    [patient] = _of(_bundle(clinician_http, plan), "Patient")
    assert patient["name"] == [{"use": "usual", "text": "Robin"}]
    assert world.client.email not in json.dumps(patient) and "telecom" not in patient


def test_the_care_plan_holds_each_step_with_its_goal_and_ratings(plan, clinician_http):
    bundle = _bundle(clinician_http, plan)
    [care_plan] = _of(bundle, "CarePlan")
    assert care_plan["status"] == "active" and care_plan["intent"] == "plan"
    details = [activity["detail"] for activity in care_plan["activity"]]
    assert [(d["description"], d["status"]) for d in details] == [
        ("Coffee with Jo", "in-progress"),
        ("Board games for an hour", "not-started"),
    ]
    assert len(care_plan["activity"][0]["outcomeReference"]) == 4  # 3 ratings of one practice, 1 of the other
    assert [goal["description"]["text"] for goal in _of(bundle, "Goal")] == ["Join the board-game night"]


def test_suds_ratings_are_observations_on_the_0_100_scale(plan, clinician_http):
    observations = _of(_bundle(clinician_http, plan), "Observation")
    suds = [o for o in observations if o["code"]["coding"][0]["code"].startswith("suds-")]
    assert sorted(o["valueQuantity"]["value"] for o in suds) == [20, 45, 50, 60]


def test_measure_totals_carry_their_loinc_codes(plan, clinician_http):
    observations = _of(_bundle(clinician_http, plan), "Observation")
    totals = {o["code"]["coding"][0]["code"]: o for o in observations if o["code"]["coding"][0]["system"] == LOINC}
    assert totals["44261-6"]["valueInteger"] == 9  # PHQ-9 total
    assert totals["70274-6"]["valueInteger"] == 14  # GAD-7 total
    wsas = next(o for o in observations if o["code"]["coding"][0]["code"] == "wsas-total")
    assert wsas["status"] == "entered-in-error" and wsas["code"]["coding"][0]["system"].endswith("/CodeSystem/measures")


def test_each_answered_questionnaire_is_a_response_and_a_draft_is_not(plan, clinician_http):
    responses = _of(_bundle(clinician_http, plan), "QuestionnaireResponse")
    assert sorted(r["questionnaire"] for r in responses) == [
        "http://loinc.org/q/44249-1",
        "http://loinc.org/q/69737-5",
        "http://testserver/fhir/Questionnaire/WSAS",
    ]
    phq = next(r for r in responses if r["questionnaire"].endswith("44249-1"))
    assert len(phq["item"]) == 9 and phq["item"][0]["answer"] == [{"valueInteger": 1}]


def test_a_read_only_care_team_member_may_export_and_it_is_an_audited_read(plan, readonly_http, world):
    _bundle(readonly_http, plan)
    [event] = AuditEvent.objects.reads()
    assert (event.action, event.actor, event.client) == ("plan_fhir.viewed", world.readonly_clinician, world.client)


def test_the_client_may_not_use_the_clinicians_export(plan, client_http, clinician_http):
    url = reverse("planning:plan_fhir", kwargs={"plan_id": plan.public_id})
    assert client_http.get(url).status_code == 403
    assert clinician_http.get(url).status_code == 200  # control


def test_a_clinician_off_the_care_team_gets_a_404(plan, as_persona, clinician_http):
    url = reverse("planning:plan_fhir", kwargs={"plan_id": plan.public_id})
    assert as_persona("bystander_clinician").get(url).status_code == 404
    assert clinician_http.get(url).status_code == 200  # control


def test_the_plan_page_offers_the_export_to_the_care_team_only(plan, clinician_http, client_http):
    url = reverse("planning:plan_fhir", kwargs={"plan_id": plan.public_id})
    page = reverse("planning:plan_detail", kwargs={"plan_id": plan.public_id})
    assert url in clinician_http.get(page).content.decode()
    assert url not in client_http.get(page).content.decode()


def test_the_bundle_is_never_cached(plan, clinician_http):
    response = clinician_http.get(reverse("planning:plan_fhir", kwargs={"plan_id": plan.public_id}))
    assert "no-store" in response["Cache-Control"]


def test_the_bundle_takes_the_same_queries_however_long_the_plan(plan, world, django_assert_max_num_queries):
    from planning.fhir import plan_bundle
    from planning.models import Plan

    def queries() -> int:
        with django_assert_max_num_queries(20) as counted:
            plan_bundle(Plan.objects.select_related("client").get(pk=plan.pk))
        return len(counted.captured_queries)

    before = queries()
    for n in range(5):
        step = StepFactory(goal=GoalFactory(plan=plan), activity=f"Step {n}")
        PracticeFactory(step=step, peak_distress=30, end_distress=10, completed_at=timezone.now())
    assert queries() == before
