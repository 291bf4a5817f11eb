"""A clinic's organisation admin keeps the crisis lines its plans print."""

from __future__ import annotations

from django.test import Client as HttpClient
from django.urls import reverse

from planning.models import AuditEvent, CrisisLine
from tests.factories import OrgAdminFactory
from tests.second_factor import force_sign_in

LINE = {
    "country": "Ireland",
    "name": "Pieta",
    "channel": "call",
    "number": "1800 247 247",
    "position": "20",
    "last_checked": "2026-11-10",
}


def _pieta(world):
    return CrisisLine.objects.create(
        organization=world.clinic, country="Ireland", name="Pieta", number="1800 247 247", last_checked="2026-10-01"
    )


def test_the_admin_sees_the_standard_lines_before_the_clinic_sets_its_own(admin_http, world):
    body = admin_http.get(reverse("planning:org_crisis_lines")).content.decode()
    assert "Samaritans" in body and "Make these our own" in body


def test_adding_a_line_keeps_the_standard_ones_and_prints_on_plans(admin_http, client_http, world):
    admin_http.post(reverse("planning:org_crisis_lines"), LINE)
    body = client_http.get(reverse("planning:my_safety_plan")).content.decode()
    assert "Pieta" in body and "Samaritans" in body


def test_a_call_line_with_letters_gets_a_clear_message(admin_http, world):
    response = admin_http.post(reverse("planning:org_crisis_lines"), {**LINE, "number": "CALL-PIETA"})
    assert "Letters can&#x27;t be dialled" in response.content.decode() and not CrisisLine.objects.exists()


def test_a_chat_line_may_be_a_web_address(admin_http, world):
    admin_http.post(reverse("planning:org_crisis_lines"), {**LINE, "channel": "chat", "number": "pieta.ie/chat"})
    assert CrisisLine.objects.filter(number="pieta.ie/chat").exists()


def test_the_admin_records_when_a_line_was_last_checked(admin_http, world):
    line = _pieta(world)
    admin_http.post(reverse("planning:org_crisis_line_edit", kwargs={"line_id": line.public_id}), LINE)
    line.refresh_from_db()
    assert str(line.last_checked) == "2026-11-10"


def test_removing_a_line_takes_it_off_the_plans(admin_http, world):
    line = _pieta(world)
    admin_http.post(reverse("planning:org_crisis_line_remove", kwargs={"line_id": line.public_id}))
    assert not CrisisLine.objects.filter(pk=line.pk).exists()


def test_another_clinics_admin_cannot_edit_our_lines(world):
    outsider = OrgAdminFactory(organization=world.other_clinic)
    http = HttpClient()
    force_sign_in(http, outsider)
    line = _pieta(world)
    assert http.get(reverse("planning:org_crisis_line_edit", kwargs={"line_id": line.public_id})).status_code == 404


def test_changes_to_crisis_lines_are_audited(admin_http, world):
    admin_http.post(reverse("planning:org_crisis_lines"), LINE)
    assert AuditEvent.objects.filter(action="crisis_line.added", organization=world.clinic).exists()
