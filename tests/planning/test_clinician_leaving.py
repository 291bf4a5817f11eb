"""A clinician who leaves: the admin closes their account; sign-in stops, their care teams change, their words stay."""

from __future__ import annotations

from django.test import Client as HttpClient
from django.urls import reverse

from planning.audit_log import sentence
from planning.models import AuditEvent, CareTeamMember, Comment, SessionNote
from tests.factories import TEST_PASSWORD, ClinicianFactory, PracticeFactory
from tests.second_factor import force_sign_in, pass_second_factor


def _deactivate(http: HttpClient, clinician):
    return http.post(reverse("planning:org_clinician_deactivate", args=[clinician.public_id]))


def _can_sign_in(user) -> bool:
    http = HttpClient()
    http.post(reverse("login"), {"username": user.email, "password": TEST_PASSWORD})
    pass_second_factor(http, user)  # the code page (a refused sign-in is sent from it to sign in again)
    return http.get(reverse("planning:caseload")).status_code == 200


def _signed_in(user) -> HttpClient:
    http = HttpClient()
    return force_sign_in(http, user)


def test_a_deactivated_clinician_cannot_sign_in_and_their_open_session_ends(world, admin_http):
    open_session = _signed_in(world.clinician)
    assert _can_sign_in(world.clinician)  # control
    assert _deactivate(admin_http, world.clinician).status_code == 302
    assert not _can_sign_in(world.clinician)
    assert open_session.get(reverse("planning:caseload")).status_code == 302


def test_a_colleague_is_unaffected(world, admin_http):
    _deactivate(admin_http, world.clinician)
    assert _can_sign_in(world.readonly_clinician)


def test_they_come_off_every_care_team(world, admin_http):
    _deactivate(admin_http, world.clinician)
    assert not CareTeamMember.objects.filter(clinician=world.clinician).exists()
    assert CareTeamMember.objects.filter(clinician=world.readonly_clinician).exists()  # control


def test_their_session_note_and_comment_still_show_with_their_name(world, admin_http):
    note = SessionNote.objects.create(
        client=world.client, worked_on="Asking for a quiet table", created_by=world.clinician
    )
    practice = PracticeFactory(step__goal__plan__client=world.client)
    Comment.objects.create(
        client=world.client, practice=practice, text="You stayed the whole hour", author=world.clinician
    )
    _deactivate(admin_http, world.clinician)
    colleague = _signed_in(world.readonly_clinician)
    note_page = colleague.get(reverse("planning:session_note_detail", args=[note.public_id])).content.decode()
    practice_page = _signed_in(world.client.user).get(reverse("planning:practice_detail", args=[practice.public_id]))
    assert "Asking for a quiet table" in note_page and "Written by Dr Ada Treat" in note_page
    assert (
        "You stayed the whole hour" in practice_page.content.decode()
        and "Dr Ada Treat" in practice_page.content.decode()
    )


def test_it_is_audited_for_the_clinic_and_on_each_clients_trail(world, admin_http):
    _deactivate(admin_http, world.clinician)
    event = AuditEvent.objects.get(action="clinician.deactivated")
    assert event.actor == world.org_admin and event.target_id == world.clinician.public_id
    assert sentence(event, None) == "A clinician's account was closed as they left the clinic by Alex Admin."
    assert AuditEvent.objects.filter(action="care_team.removed", client=world.client).exists()


def test_a_client_left_without_an_editing_clinician_shows_as_needing_one(world, admin_http):
    before = admin_http.get(reverse("planning:org_home")).content.decode()
    assert "Needs a clinician who can edit" not in before  # control: Ada edits Robin's, Bea edits Sasha's
    _deactivate(admin_http, world.clinician)
    page = admin_http.get(reverse("planning:org_home")).content.decode()
    assert page.count("Needs a clinician who can edit") == 1  # Robin: Ravi can only read


def test_a_clinician_cannot_close_a_colleagues_account(world, clinician_http):
    assert _deactivate(clinician_http, world.readonly_clinician).status_code == 403
    assert _can_sign_in(world.readonly_clinician)


def test_another_clinics_clinician_is_not_found(world, admin_http):
    assert _deactivate(admin_http, world.outside_clinician).status_code == 404
    assert _can_sign_in(world.outside_clinician)


def test_a_client_is_not_found_through_it(world, admin_http):
    assert _deactivate(admin_http, world.client.user).status_code == 404
    world.client.user.refresh_from_db()
    assert world.client.user.is_active


def test_a_get_deactivates_no_one(world, admin_http):
    response = admin_http.get(reverse("planning:org_clinician_deactivate", args=[world.clinician.public_id]))
    assert response.status_code == 405 and _can_sign_in(world.clinician)


def test_the_admins_page_marks_who_left(world, admin_http):
    ClinicianFactory(organization=world.clinic, full_name="Zed Still Here")
    _deactivate(admin_http, world.clinician)
    page = admin_http.get(reverse("planning:org_home")).content.decode()
    assert "left the clinic; what they wrote is kept" in page
    assert reverse("planning:org_clinician_deactivate", args=[world.clinician.public_id]) not in page
