"""Invitations: a signed link that expires, works once, and lets the person choose a password."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from planning.models import Invitation, Role, User
from planning.services.people import invitation_create

GOOD_PASSWORD = "a-quiet-morning-walk"


@pytest.fixture
def invitation(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return invitation_create(actor=world.org_admin, email="kim@example.test", role=Role.CLINICIAN, full_name="Kim")


def _accept_url(invitation: Invitation) -> str:
    return reverse("planning:accept_invitation", args=[invitation.token()])


def _accept(invitation: Invitation, password: str = GOOD_PASSWORD, again: str | None = None):
    return HttpClient().post(_accept_url(invitation), {"password1": password, "password2": again or password})


def test_the_invitation_email_says_nothing_clinical(invitation):
    message = mail.outbox[0]
    assert message.subject == "Your Stepwise sign-in link"
    assert _accept_url(invitation) in message.body


def test_accepting_creates_an_account_in_the_right_clinic_and_role(invitation, world):
    _accept(invitation)
    user = User.objects.get(email="kim@example.test")
    assert (user.organization, user.role) == (world.clinic, Role.CLINICIAN)


def test_accepting_signs_the_person_in_and_sends_them_home(invitation):
    response = _accept(invitation)
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:home")


def test_a_used_link_does_not_work_a_second_time(invitation):
    _accept(invitation)
    response = _accept(invitation, "another-long-password")
    assert response.status_code == 410
    assert "already been used" in response.content.decode()


def test_an_expired_link_says_so_kindly(invitation):
    Invitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - timedelta(days=8))
    response = HttpClient().get(_accept_url(invitation))
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_a_tampered_link_is_not_found(invitation):
    response = HttpClient().get(_accept_url(invitation)[:-3] + "xyz/")
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_sending_a_new_invitation_retires_the_old_link(invitation, world):
    invitation_create(actor=world.org_admin, email="kim@example.test", role=Role.CLINICIAN, full_name="Kim")
    assert HttpClient().get(_accept_url(invitation)).status_code == 410


def test_mismatched_passwords_are_explained(invitation):
    response = _accept(invitation, GOOD_PASSWORD, "something-else-entirely")
    assert "don&#x27;t match" in response.content.decode()
    assert not User.objects.filter(email="kim@example.test").exists()


def test_a_weak_password_is_refused_with_the_reason(invitation):
    response = _accept(invitation, "password")
    assert response.status_code == 200
    assert "too common" in response.content.decode()


def test_a_second_account_with_the_same_email_is_refused_kindly(invitation, world):
    User.objects.create_user("kim@example.test", GOOD_PASSWORD, organization=world.clinic, role=Role.CLINICIAN)
    response = _accept(invitation)
    assert "already exists" in response.content.decode()
