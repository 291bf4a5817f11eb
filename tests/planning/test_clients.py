"""Adding clients, their care teams, and what each person sees of them."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from planning.models import CareTeamMember, Client, Invitation
from planning.services.audit import audit_record
from tests.matrix import SECOND_FACTOR_QUERIES

NEW_CLIENT = {
    "preferred_name": "Jordan",
    "pronouns": "they/them",
    "email": "jordan@example.test",
    "accessibility_needs": "",
}


@pytest.fixture
def added(clinician_http, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = clinician_http.post(reverse("planning:client_add"), NEW_CLIENT)
    return response


def test_adding_a_client_puts_the_clinician_on_their_care_team(added, world):
    client = Client.objects.get(email="jordan@example.test")
    assert client.care_team.get().clinician == world.clinician


def test_adding_a_client_emails_them_an_invitation(added):
    assert [m.to for m in mail.outbox] == [["jordan@example.test"]]


def test_the_new_client_belongs_to_the_clinicians_clinic(added, world):
    assert Client.objects.get(email="jordan@example.test").organization == world.clinic


def test_an_email_already_in_use_is_refused_and_the_form_keeps_what_was_typed(clinician_http, world):
    response = clinician_http.post(reverse("planning:client_add"), {**NEW_CLIENT, "email": world.client.email})
    body = response.content.decode()
    assert "already exists" in body
    assert 'value="Jordan"' in body


def test_an_over_long_name_gets_a_clear_message(clinician_http):
    response = clinician_http.post(reverse("planning:client_add"), {**NEW_CLIENT, "preferred_name": "x" * 200})
    assert response.status_code == 200
    assert "at most 80 characters" in response.content.decode()


def test_names_with_markup_are_shown_escaped(clinician_http, world):
    world.client.preferred_name = "<script>alert(1)</script>"
    world.client.save()
    body = clinician_http.get(reverse("planning:caseload")).content.decode()
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_the_caseload_hides_clients_of_other_care_teams(clinician_http, world):
    body = clinician_http.get(reverse("planning:caseload")).content.decode()
    assert world.other_client.preferred_name not in body


def test_the_caseload_shows_since_when_the_clinician_is_on_the_team(clinician_http, world):
    member = world.client.care_team.get(clinician=world.clinician)
    body = clinician_http.get(reverse("planning:caseload")).content.decode()
    assert member.added_at.strftime("%-d %b %Y") in body


# One is the header's unread count, one the clinic's newest change. Ranking the whole caseload is one more, on the
# first visit after a change (caseload.kept_ranking); the session comes from the cache.
CASELOAD_QUERIES = 9 + SECOND_FACTOR_QUERIES  # and the device two-step sign-in passed with


def _analyze(*models) -> None:
    """Give PostgreSQL's planner row counts for rows this test's transaction just wrote, as a live database has.

    Without statistics it takes 2,500 clients for none and picks nested loops that run for many minutes
    (the care-team filter's IN-subquery did, once, in CI). ANALYZE counts the transaction's own rows.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in models:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


@pytest.mark.parametrize("clients", [5, 2500])
def test_the_caseload_query_count_does_not_grow_with_clients(
    clinician_http, world, clients, django_assert_max_num_queries
):
    rows = Client.objects.bulk_create(
        Client(organization=world.clinic, preferred_name=f"Client {n:04}", email=f"c{n}@example.test")
        for n in range(clients)
    )
    CareTeamMember.objects.bulk_create(CareTeamMember(client=row, clinician=world.clinician) for row in rows)
    _analyze(Client, CareTeamMember)
    clinician_http.get(reverse("planning:caseload"))  # warm up: the first request after force_login saves the session
    audit_record(actor=world.clinician, action="client.updated", target=world.client)  # a change: rank again
    with django_assert_max_num_queries(CASELOAD_QUERIES + 1):  # ranks, and keeps the order
        clinician_http.get(reverse("planning:caseload"))
    with django_assert_max_num_queries(CASELOAD_QUERIES):  # the kept order
        response = clinician_http.get(reverse("planning:caseload"))
    assert response.content.decode().count('<th scope="row">') == min(clients + 1, 25)


def test_a_read_only_clinician_cannot_resend_an_invitation(readonly_http, world):
    response = readonly_http.post(reverse("planning:client_reinvite", args=[world.client.public_id]))
    assert response.status_code == 403


def test_editing_a_client_records_which_fields_changed_but_not_their_values(clinician_http, world):
    clinician_http.post(
        reverse("planning:client_edit", args=[world.client.public_id]),
        {"preferred_name": "Robin", "pronouns": "she/her", "accessibility_needs": "Quiet room"},
    )
    event = world.client.audit_events.get(action="client.updated")
    assert event.changed_fields == ["accessibility_needs", "pronouns"]


def test_a_failed_edit_does_not_rename_the_client_on_the_page(clinician_http, world):
    response = clinician_http.post(
        reverse("planning:client_edit", args=[world.client.public_id]), {"preferred_name": "", "pronouns": "x"}
    )
    assert "Details for Robin" in response.content.decode()


def test_a_client_id_from_another_clinic_is_not_found(as_persona, world):
    response = as_persona("outside_clinician").get(reverse("planning:client_overview", args=[world.client.public_id]))
    assert response.status_code == 404


def test_an_admin_can_give_a_clinician_read_only_access(admin_http, world):
    admin_http.post(
        reverse("planning:org_care_team", args=[world.client.public_id]),
        {"clinician": world.bystander_clinician.pk, "access": "read"},
    )
    member = world.client.care_team.get(clinician=world.bystander_clinician)
    assert member.access == CareTeamMember.Access.READ


def test_an_admin_cannot_assign_a_clinician_from_another_clinic(admin_http, world):
    response = admin_http.post(
        reverse("planning:org_care_team", args=[world.client.public_id]),
        {"clinician": world.outside_clinician.pk, "access": "write"},
    )
    assert response.status_code == 200
    assert not world.client.care_team.filter(clinician=world.outside_clinician).exists()


def test_the_admin_never_sees_a_clients_clinical_record(admin_http, world):
    response = admin_http.get(reverse("planning:client_overview", args=[world.client.public_id]))
    assert response.status_code == 403


def test_an_admin_invites_a_clinician(admin_http, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        admin_http.post(reverse("planning:org_home"), {"full_name": "Kai Moss", "email": "kai@example.test"})
    assert Invitation.objects.get(email="kai@example.test").role == "clinician"


def test_adding_a_client_with_the_broker_down_still_sends_the_invitation(
    clinician_http, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from planning.tasks import send_invitation_email

    def broker_down(invitation_id: str) -> None:
        raise OperationalError("[Errno 111] Connection refused")

    monkeypatch.setattr(send_invitation_email, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = clinician_http.post(reverse("planning:client_add"), NEW_CLIENT)
    assert response.status_code == 302
    assert Client.objects.filter(email="jordan@example.test").exists()
    assert [message.to for message in mail.outbox] == [["jordan@example.test"]]


def test_adding_a_client_queues_the_invitation_when_the_broker_answers(
    clinician_http, monkeypatch, django_capture_on_commit_callbacks
):
    from planning.tasks import send_invitation_email

    queued: list[str] = []
    monkeypatch.setattr(send_invitation_email, "delay", queued.append)
    with django_capture_on_commit_callbacks(execute=True):
        clinician_http.post(reverse("planning:client_add"), NEW_CLIENT)
    invitation = Invitation.objects.get(email="jordan@example.test")
    assert queued == [str(invitation.public_id)] and mail.outbox == []  # queued, not sent in the request
