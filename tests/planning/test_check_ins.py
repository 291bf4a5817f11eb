"""Check-ins: the client's quick weekly reading, its private note, urgent notes and rest weeks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from planning.models import AuditEvent, CheckIn, RiskFlag
from planning.models.plans import week_start
from tests.factories import CheckInFactory, PlanFactory

PRIVATE = "I hid in the kitchen at the party"


def _url(name, w):
    return reverse(f"planning:{name}", args=[w.client.public_id])


def _post(http, w, **changes):
    data = {
        "day": timezone.localdate().isoformat(),
        "comfort": 6,
        "connection": 4,
        "contacts_in_person": 37,
        "contacts_online": 3,
        "note": "",
        **changes,
    }
    return http.post(_url("check_in_add", w), data)


def _client_pages_for_the_care_team():
    """Every page that takes only a client id, except the PDFs (binary, and slow to render)."""
    names = []
    for pattern in get_resolver().url_patterns:
        for inner in getattr(pattern, "url_patterns", [pattern]):
            takes_a_client = isinstance(inner, URLPattern) and set(inner.pattern.converters) == {"client_id"}
            if takes_a_client and not str(inner.pattern).endswith(".pdf"):
                names.append(inner.name)
    return names


def test_a_client_checks_in(client_http, world):
    response = _post(client_http, world)
    assert response.status_code == 302
    assert CheckIn.objects.get(client=world.client).contacts_in_person == 37


def test_a_check_in_is_audited_without_the_notes_words(client_http, world):
    _post(client_http, world, note=PRIVATE)
    event = AuditEvent.objects.get(action="check_in.created")
    assert "note" not in event.changed_fields
    assert "kitchen" not in str(AuditEvent.objects.values_list())


def test_the_care_team_sees_the_numbers(clinician_http, world):
    CheckInFactory(client=world.client, contacts_in_person=37)
    assert "<td>37</td>" in clinician_http.get(_url("check_in_list", world)).content.decode()


def test_the_care_team_never_sees_a_private_note_on_the_list(clinician_http, world):
    CheckInFactory(client=world.client, note=PRIVATE)
    assert PRIVATE not in clinician_http.get(_url("check_in_list", world)).content.decode()


def test_the_client_sees_their_own_private_note(client_http, world):
    CheckInFactory(client=world.client, note=PRIVATE)
    assert PRIVATE in client_http.get(_url("check_in_list", world)).content.decode()


@pytest.mark.parametrize("name", _client_pages_for_the_care_team())
def test_a_private_note_appears_on_no_care_team_page(clinician_http, world, name):
    CheckInFactory(client=world.client, note=PRIVATE)
    assert PRIVATE not in clinician_http.get(_url(name, world)).content.decode()


@pytest.mark.parametrize("name", ["caseload", "org_audit"])
def test_a_private_note_appears_on_no_clinic_wide_page(as_persona, client_http, world, name):
    _post(client_http, world, note=PRIVATE)
    persona = "org_admin" if name == "org_audit" else "clinician"
    assert "kitchen" not in as_persona(persona).get(reverse(f"planning:{name}")).content.decode()


def test_the_care_team_sees_a_shared_note(clinician_http, world):
    CheckInFactory(client=world.client, note="Coffee with Sam went fine", note_shared=True)
    assert "Coffee with Sam went fine" in clinician_http.get(_url("check_in_list", world)).content.decode()


def test_an_urgent_note_sends_the_client_to_the_support_page(client_http, world):
    response = _post(client_http, world, note="Please call me", note_urgent="on")
    assert response["Location"] == reverse("planning:support")


def test_an_urgent_note_is_shared_and_raises_one_flag(client_http, world):
    _post(client_http, world, note="Please call me", note_urgent="on")
    assert CheckIn.objects.get().note_shared
    assert RiskFlag.objects.filter(client=world.client, source="urgent_note").count() == 1


def test_an_urgent_box_without_words_asks_for_a_few(client_http, world):
    response = _post(client_http, world, note_urgent="on")
    assert response.status_code == 200
    assert "Please write a few words" in response.content.decode()


def test_a_rest_week_check_in_marks_the_plans_rest_week(client_http, world):
    plan = PlanFactory(client=world.client)
    _post(client_http, world, is_rest_week="on")
    assert plan.rest_weeks.filter(week_start=week_start(timezone.localdate())).exists()


# Bad input: a kind message, the page again with everything typed, never a 500.


def test_a_future_day_is_refused_kindly_keeping_what_was_typed(client_http, world):
    response = _post(client_http, world, day=(timezone.localdate() + timedelta(days=1)).isoformat())
    body = response.content.decode()
    assert response.status_code == 200
    assert "hasn&#x27;t happened yet" in body
    assert 'value="37"' in body


def test_a_comfort_of_eleven_is_refused_kindly(client_http, world):
    response = _post(client_http, world, comfort=11)
    assert response.status_code == 200
    assert "Please choose a number from 0 to 10." in response.content.decode()


@pytest.mark.parametrize(
    ("contacts", "message"),
    [
        ("-1", "Please give a number from 0 up."),
        ("100000", "Please give a number up to 500."),
        ("abc", "Please give a whole number"),
    ],
)
def test_a_wrong_number_of_contacts_is_refused_kindly(client_http, world, contacts, message):
    response = _post(client_http, world, contacts_online=contacts, note="Still here")
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert "Still here" in body


def test_a_5000_character_note_is_refused_and_kept(client_http, world):
    response = _post(client_http, world, note="a" * 5000)
    body = response.content.decode()
    assert "the limit is 1000" in body
    assert "a" * 5000 in body
    assert not CheckIn.objects.exists()


def test_script_in_a_note_is_shown_as_text(client_http, world):
    _post(client_http, world, note="<script>alert(1)</script>")
    body = client_http.get(_url("check_in_list", world)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert(1)" not in body


def test_a_clinician_cannot_check_in_for_the_client(clinician_http, world):
    assert _post(clinician_http, world).status_code == 403
    assert not CheckIn.objects.exists()


def test_the_client_can_check_in_for_themself(client_http, world):
    assert _post(client_http, world).status_code == 302
    assert CheckIn.objects.exists()
