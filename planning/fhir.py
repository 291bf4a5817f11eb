"""A client's re-entry plan as a FHIR R4 Bundle, for the care team to take into another clinical system.

The Bundle (type `collection`) holds a minimal Patient (the preferred name and a Stepwise identifier; no
email, no pronouns or needs), the CarePlan with one activity per step, a Goal per goal, an Observation per
SUDS rating of a practice (expected, peak and end distress), and per submitted questionnaire a
QuestionnaireResponse and an Observation of its total score. Every entry has a `fullUrl` of `urn:uuid:` form
and every reference points at one of them, so the Bundle stands on its own.

Codes: LOINC where the measures registry has one (the instruments' `loinc.total` and `loinc.panel`), else
Stepwise's own code system under SITE_URL: a clinic's deployment is the authority for its own local codes.
tests/planning/test_fhir.py validates the Bundle with the R4B models of fhir.resources (requirements-dev.txt).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.utils import timezone

from .models import Client, Goal, MeasureResponse, Plan, Practice, Step

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
# Derived resources (three SUDS ratings of one practice, a response's total) get stable ids from their record's.
DERIVED = uuid.UUID("1b7e8a52-2f7c-4c55-9a43-7d1f3c5e2a10")

CARE_PLAN_STATUS: dict[str, str] = {
    Plan.Status.DRAFT: "draft",
    Plan.Status.ACTIVE: "active",
    Plan.Status.PAUSED: "on-hold",
    Plan.Status.COMPLETED: "completed",
}
ACTIVITY_STATUS: dict[str, str] = {
    Step.Status.PLANNED: "not-started",
    Step.Status.IN_PRACTICE: "in-progress",
    Step.Status.MASTERED: "completed",
    Step.Status.SET_ASIDE: "on-hold",
}
# The three SUDS ratings of a practice: field, local code, and what it means.
SUDS = (
    ("expected_distress", "suds-expected", "Distress expected before a practice (SUDS, 0-100)"),
    ("peak_distress", "suds-peak", "Peak distress during a practice (SUDS, 0-100)"),
    ("end_distress", "suds-end", "Distress at the end of a practice (SUDS, 0-100)"),
)


def local_system(name: str) -> str:
    """The URL of one of Stepwise's own code or naming systems on this deployment."""
    return f"{settings.SITE_URL.rstrip('/')}/fhir/{name}"


def urn(public_id: uuid.UUID, part: str = "") -> str:
    """The fullUrl of a resource: its record's public id, or a stable id derived from it for a part."""
    return f"urn:uuid:{uuid.uuid5(DERIVED, f'{public_id}:{part}') if part else public_id}"


def _ref(full_url: str) -> dict[str, str]:
    return {"reference": full_url}


def _suds(value: int) -> dict[str, Any]:
    return {"value": value, "unit": "score", "system": UCUM, "code": "{score}"}


def patient(client: Client) -> dict[str, Any]:
    """The least that names the person: their preferred name and Stepwise's id for them; no email."""
    return {
        "resourceType": "Patient",
        "identifier": [{"system": local_system("NamingSystem/client"), "value": str(client.public_id)}],
        "name": [{"use": "usual", "text": client.preferred_name}],
    }


def goal(item: Goal, plan: Plan, subject: dict[str, str]) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Goal",
        "lifecycleStatus": "completed" if plan.status == Plan.Status.COMPLETED else "active",
        "description": {"text": item.title},
        "subject": subject,
        "startDate": timezone.localdate(item.created_at).isoformat(),
    }
    if item.horizon:
        resource["target"] = [{"dueDate": item.horizon.isoformat()}]
    if item.value is not None:
        resource["note"] = [{"text": f"What makes it matter: {item.value.statement}"}]
    return resource


def suds_observations(practice: Practice, plan_url: str, subject: dict[str, str]) -> list[tuple[str, dict[str, Any]]]:
    """One Observation per SUDS rating the practice has, as (fullUrl, resource)."""
    when = practice.completed_at or practice.created_at
    rows = []
    for field, code, meaning in SUDS:
        value = getattr(practice, field)
        if value is None:
            continue
        observation = {
            "resourceType": "Observation",
            "status": "final",
            "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}],
            "code": {"coding": [{"system": local_system("CodeSystem/stepwise"), "code": code, "display": meaning}]},
            "subject": subject,
            "basedOn": [_ref(plan_url)],
            "effectiveDateTime": (practice.created_at if field == "expected_distress" else when).isoformat(),
            "valueQuantity": _suds(value),
        }
        rows.append((urn(practice.public_id, field), observation))
    return rows


def _measure_code(response: MeasureResponse, *, total: bool) -> dict[str, Any]:
    instrument = response.instrument
    loinc = instrument.loinc.total if total else instrument.loinc.panel
    name = f"{instrument.title} total score" if total else instrument.title
    if loinc:
        return {"coding": [{"system": LOINC, "code": loinc, "display": name}], "text": name}
    code = f"{instrument.code.lower()}-{'total' if total else 'panel'}"
    return {"coding": [{"system": local_system("CodeSystem/measures"), "code": code, "display": name}], "text": name}


def _questionnaire_url(response: MeasureResponse) -> str:
    """The questionnaire answered: LOINC's canonical form where the panel has a code, else ours."""
    panel = response.instrument.loinc.panel
    return f"{LOINC}/q/{panel}" if panel else local_system(f"Questionnaire/{response.code}")


def questionnaire_response(response: MeasureResponse, subject: dict[str, str]) -> dict[str, Any]:
    """The answers item by item (the score each answer carries), completed or withdrawn."""
    withdrawn = response.status == MeasureResponse.Status.WITHDRAWN
    items = []
    for index, item in enumerate(response.instrument.items):
        row: dict[str, Any] = {"linkId": str(item.number), "text": item.text}
        answer = response.answer_for(index)
        if answer is not None:
            row["answer"] = [{"valueInteger": answer}]
        items.append(row)
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": _questionnaire_url(response),
        "status": "entered-in-error" if withdrawn else "completed",
        "subject": subject,
        "authored": (response.submitted_at or response.started_at).isoformat(),
        "author": subject,
        "item": items,
    }


def total_observation(response: MeasureResponse, response_url: str, subject: dict[str, str]) -> dict[str, Any]:
    """The total score, with its published band as the interpretation."""
    withdrawn = response.status == MeasureResponse.Status.WITHDRAWN
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "entered-in-error" if withdrawn else "final",
        "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}],
        "code": _measure_code(response, total=True),
        "subject": subject,
        "effectiveDateTime": (response.submitted_at or response.started_at).isoformat(),
        "valueInteger": response.total,
        "derivedFrom": [_ref(response_url)],
    }
    if response.band:
        resource["interpretation"] = [{"text": response.band_label}]
    return resource


def plan_bundle(plan: Plan) -> dict[str, Any]:
    """The plan, its goals and steps, the practices' SUDS ratings and the submitted questionnaires as one Bundle."""
    client = plan.client
    patient_url = urn(client.public_id)
    subject = _ref(patient_url)
    plan_url = urn(plan.public_id)
    entries: list[tuple[str, dict[str, Any]]] = [(patient_url, patient(client))]
    goals = list(plan.goals.select_related("value").prefetch_related("steps__practices"))
    activities = []
    observations: list[tuple[str, dict[str, Any]]] = []
    for item in goals:
        entries.append((urn(item.public_id), goal(item, plan, subject)))
        for step in item.steps.all():
            outcomes: list[dict[str, str]] = []
            for practice in step.practices.all():
                rated = suds_observations(practice, plan_url, subject)
                observations.extend(rated)
                outcomes.extend(_ref(url) for url, _resource in rated)
            activity: dict[str, Any] = {
                "detail": {
                    "status": ACTIVITY_STATUS.get(step.status, "unknown"),
                    "description": step.activity,
                    "goal": [_ref(urn(item.public_id))],
                }
            }
            if outcomes:
                activity["outcomeReference"] = outcomes
            activities.append(activity)
    care_plan: dict[str, Any] = {
        "resourceType": "CarePlan",
        "status": CARE_PLAN_STATUS.get(plan.status, "unknown"),
        "intent": "plan",
        "title": plan.title,
        "subject": subject,
        "created": plan.created_at.isoformat(),
    }
    if goals:  # FHIR allows no empty lists
        care_plan["goal"] = [_ref(urn(item.public_id)) for item in goals]
    if activities:
        care_plan["activity"] = activities
    entries.insert(1, (plan_url, care_plan))
    entries.extend(observations)
    answered = MeasureResponse.objects.filter(client=client).exclude(status=MeasureResponse.Status.DRAFT)
    for response in answered.order_by("submitted_at"):
        response_url = urn(response.public_id)
        entries.append((response_url, questionnaire_response(response, subject)))
        if response.total is not None:
            entries.append((urn(response.public_id, "total"), total_observation(response, response_url, subject)))
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": timezone.now().isoformat(),
        "entry": [{"fullUrl": url, "resource": resource} for url, resource in entries],
    }
