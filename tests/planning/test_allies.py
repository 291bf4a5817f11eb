"""Allies: a client invites a trusted person, picks what they see, and can end it at once.

The ally sees the client's words for them, the steps they come along on and, only if allowed, the
safety plan's people to call and crisis lines: never the journal, triggers, check-ins or ratings.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from planning.models import Ally, AllyThanks, Invitation, Notification, Role, Step, User
from tests.conftest import _signed_in
from tests.factories import (
    AllyFactory,
    JournalEntryFactory,
    PracticeFactory,
    SafetyPlanVersionFactory,
    StepFactory,
    TriggerFactory,
)

GOOD_PASSWORD = "a-quiet-morning-walk"
LINK = re.compile(r"https?://\S+/invitations/\S+/")


def _invite(client_http, email="sam.friend@example.test", name="Sam"):
    return client_http.post(reverse("planning:ally_list"), {"name": name, "email": email})


def _link_from_outbox() -> str:
    return LINK.search(mail.outbox[-1].body).group(0).split("testserver", 1)[-1].split("//", 1)[-1].split("/", 1)[-1]


def _accept_path() -> str:
    return "/" + _link_from_outbox()


@pytest.fixture
def invited(world, client_http, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client_http)
    return Ally.objects.get(email="sam.friend@example.test")


# Inviting


def test_a_client_invites_an_ally_and_the_email_names_no_one(invited, world):
    message = mail.outbox[-1]
    assert invited.status == Ally.Status.INVITED
    assert "Robin" not in message.body + message.subject
    assert "Sam" not in message.body


def test_inviting_their_own_email_says_so_and_keeps_what_was_typed(world, client_http):
    response = _invite(client_http, email=world.client.email, name="Me again")
    assert response.status_code == 200
    assert "your own email" in response.content.decode()
    assert 'value="Me again"' in response.content.decode()


def test_inviting_a_clinicians_email_is_refused(world, client_http):
    response = _invite(client_http, email=world.clinician.email)
    assert response.status_code == 200
    assert not Ally.objects.filter(email=world.clinician.email).exists()


def test_inviting_a_friend_is_accepted_where_a_clinician_was_refused(world, client_http):
    response = _invite(client_http, email="friend@example.test")
    assert response.status_code == 302
    assert Ally.objects.filter(email="friend@example.test", client=world.client).exists()


def test_a_clinician_cannot_invite_an_ally_for_the_client(world, clinician_http):
    response = _invite(clinician_http)
    assert response.status_code == 403
    assert not Ally.objects.filter(email="sam.friend@example.test").exists()


# Accepting


def test_a_new_ally_chooses_a_password_and_lands_on_their_page(invited):
    response = HttpClient().post(_accept_path(), {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    user = User.objects.get(email="sam.friend@example.test")
    assert response["Location"] == reverse("planning:ally_home")
    assert (user.role, user.organization) == (Role.ALLY, None)
    invited.refresh_from_db()
    assert (invited.status, invited.user) == (Ally.Status.ACTIVE, user)


def test_a_used_ally_link_says_so_kindly(invited):
    path = _accept_path()
    HttpClient().post(path, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    response = HttpClient().post(path, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert response.status_code == 410
    assert "already been used" in response.content.decode()


def test_an_expired_ally_link_says_so_kindly(invited):
    Invitation.objects.filter(ally=invited).update(created_at=timezone.now() - timedelta(days=8))
    response = HttpClient().get(_accept_path())
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_a_link_whose_invitation_was_ended_no_longer_works(invited, world, client_http):
    client_http.post(reverse("planning:ally_end", args=[invited.public_id]))
    response = HttpClient().get(_accept_path())
    assert response.status_code == 410


def test_an_existing_ally_signs_in_to_support_a_second_person(world, django_capture_on_commit_callbacks):
    other_http = _signed_in(world.other_client.user)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(other_http, email=world.ally_link.user.email, name="Jo")
    wrong = HttpClient().post(_accept_path(), {"password": "not-it"})
    assert wrong.status_code == 200 and "match this account" in wrong.content.decode()
    right = HttpClient().post(_accept_path(), {"password": "correct-horse-battery-7"})
    assert right["Location"] == reverse("planning:ally_home")
    assert Ally.objects.active().filter(user=world.ally_link.user).count() == 2


# What the ally sees


def _ally_page(world) -> str:
    return _signed_in(world.ally_link.user).get(reverse("planning:ally_home")).content.decode()


def test_the_ally_sees_the_clients_words_and_the_step_they_come_along_on(world):
    world.ally_step()
    page = _ally_page(world)
    assert "Sit near the door with me" in page
    assert "Coffee at the corner café" in page
    assert "pineapple" in page


def test_the_ally_never_sees_journal_triggers_or_other_steps(world):
    step = world.ally_step()
    StepFactory(goal=step.goal, activity="Choir rehearsal on my own")
    JournalEntryFactory(client=world.client, situation="A very private evening", shared_with_care_team=True)
    TriggerFactory(client=world.client, name="Crowded buses")
    page = _ally_page(world)
    assert "Choir rehearsal" not in page
    assert "private evening" not in page
    assert "Crowded buses" not in page
    assert "Coffee at the corner café" in page  # control: what was picked is there


def test_the_exit_plan_shows_only_when_the_client_shares_it(world):
    step = world.ally_step()
    assert "Step outside for air" not in _ally_page(world)
    Step.objects.filter(pk=step.pk).update(ally_sees_exit_plan=True)
    assert "Step outside for air" in _ally_page(world)


def test_safety_plan_contacts_show_only_when_the_client_allows(world):
    contacts = {"help_contacts": [{"name": "Aunt May", "phone": "555 0101"}]}
    SafetyPlanVersionFactory(plan__client=world.client, content=contacts)
    assert "Aunt May" not in _ally_page(world)
    Ally.objects.filter(pk=world.ally_link.pk).update(share_safety_contacts=True)
    assert "Aunt May" in _ally_page(world)


def test_an_ally_sees_nothing_of_another_clients_page(world):
    page = _ally_page(world)
    assert "Sasha" not in page
    assert "Robin" in page


def test_the_allys_menu_offers_only_their_page_and_account(world):
    page = _ally_page(world)
    assert reverse("content:index") not in page
    assert reverse("planning:notifications") not in page
    assert reverse("planning:leave_quickly") in page


def test_the_clients_preview_shows_what_the_ally_sees(world, client_http):
    world.ally_step()
    page = client_http.get(reverse("planning:ally_detail", args=[world.ally_link.public_id])).content.decode()
    assert "Sit near the door with me" in page
    assert "Coffee at the corner café" in page


# Changing and ending


def test_ticking_a_step_shows_it_to_the_ally(world, client_http):
    step = world.ally_step()
    other = StepFactory(goal=step.goal, activity="Board games at the library")
    data = {"support_note": "Just be there", "exit_signal": "", "steps": [step.pk, other.pk], "version": 1}
    client_http.post(reverse("planning:ally_detail", args=[world.ally_link.public_id]), data)
    assert "Board games at the library" in _ally_page(world)


def test_a_stale_save_of_what_the_ally_sees_keeps_what_was_typed(world, client_http):
    Ally.objects.filter(pk=world.ally_link.pk).update(version=2, support_note="Changed on my phone")
    data = {"support_note": "Typed on my laptop", "base-support_note": world.ally_link.support_note, "version": 1}
    response = client_http.post(reverse("planning:ally_detail", args=[world.ally_link.public_id]), data)
    assert response.status_code == 409
    assert "Typed on my laptop" in response.content.decode()


def test_ending_access_takes_effect_on_the_allys_next_request(world, client_http):
    ally_http = _signed_in(world.ally_link.user)
    assert "Robin" in ally_http.get(reverse("planning:ally_home")).content.decode()
    client_http.post(reverse("planning:ally_end", args=[world.ally_link.public_id]))
    assert "Robin" not in ally_http.get(reverse("planning:ally_home")).content.decode()


# Steps with an ally


def test_a_step_naming_another_clients_ally_is_refused(world, client_http):
    step = world.ally_step()
    url = reverse("planning:step_ally", args=[step.public_id])
    data = {"ally": world.other_ally_link.pk, "together_on": "2026-12-05", "version": step.version}
    response = client_http.post(url, data)
    assert response.status_code == 200
    assert "one of your own allies" in response.content.decode()
    step.refresh_from_db()
    assert step.ally == world.ally_link


def test_a_step_names_the_clients_own_ally_with_a_day(world, client_http):
    step = world.ally_step()
    data = {"ally": world.ally_link.pk, "together_on": "2026-12-05", "together_time": "10:30", "version": step.version}
    client_http.post(reverse("planning:step_ally", args=[step.public_id]), data)
    assert "Saturday 5 December, 10:30" in _ally_page(world)


def _end_the_ally_just_before_saving(monkeypatch, world):
    """The form is checked while the ally is active; their access ends before the service saves."""
    from planning.services import allies as service
    from planning.views import allies as views

    def end_then_save(**kwargs):
        service.ally_end(actor=world.client.user, ally=Ally.objects.get(pk=world.ally_link.pk))
        return service.step_ally_set(**kwargs)

    monkeypatch.setattr(views, "step_ally_set", end_then_save)


def test_an_ally_ended_while_the_step_form_was_open_is_a_kind_message_with_the_rest_kept(
    world, client_http, monkeypatch
):
    step = world.ally_step()
    _end_the_ally_just_before_saving(monkeypatch, world)
    data = {"ally": world.ally_link.pk, "together_on": "2026-12-05", "together_time": "10:30", "version": step.version}
    response = client_http.post(reverse("planning:step_ally", args=[step.public_id]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "their access ended while this page was open" in page
    assert 'value="2026-12-05"' in page and 'value="10:30"' in page
    step.refresh_from_db()
    assert step.ally is None and step.together_on is None


def test_an_active_ally_named_through_the_same_path_is_saved(world, client_http):
    step = world.ally_step()
    data = {"ally": world.ally_link.pk, "together_on": "2026-12-05", "together_time": "10:30", "version": step.version}
    response = client_http.post(reverse("planning:step_ally", args=[step.public_id]), data)
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.ally == world.ally_link and str(step.together_on) == "2026-12-05"


def test_the_ally_says_they_will_be_there(world):
    step = world.ally_step()
    _signed_in(world.ally_link.user).post(reverse("planning:step_ally_coming", args=[step.public_id]))
    step.refresh_from_db()
    assert step.ally_coming_at is not None


def test_the_client_hears_once_when_their_ally_says_they_will_be_there(world):
    step = world.ally_step()
    ally_http = _signed_in(world.ally_link.user)
    ally_http.post(reverse("planning:step_ally_coming", args=[step.public_id]))
    ally_http.post(reverse("planning:step_ally_coming", args=[step.public_id]))  # a second tap tells no one again
    told = Notification.objects.get(recipient=world.client.user)
    assert told.sentence() == "Your ally said they'll be there for one of your steps."
    assert told.target_url() == reverse("planning:step_detail", args=[step.public_id])
    assert not Notification.objects.exclude(recipient=world.client.user).exists()  # never the care team


def test_a_step_the_ally_has_not_answered_tells_the_client_nothing(world):
    world.ally_step()
    assert not Notification.objects.exists()


def test_another_clients_ally_cannot_say_they_will_be_there(world):
    step = world.ally_step()
    response = _signed_in(world.other_ally_link.user).post(reverse("planning:step_ally_coming", args=[step.public_id]))
    assert response.status_code == 404
    step.refresh_from_db()
    assert step.ally_coming_at is None


def test_after_access_ends_the_ally_cannot_open_the_step(world, client_http):
    step = world.ally_step()
    client_http.post(reverse("planning:ally_end", args=[world.ally_link.public_id]))
    response = _signed_in(world.ally_link.user).post(reverse("planning:step_ally_coming", args=[step.public_id]))
    assert response.status_code == 404


# Thank-you after a practice


@pytest.fixture
def practice(world):
    return PracticeFactory(step=world.ally_step(), completed_at=timezone.now(), peak_distress=35)


def test_the_client_is_offered_a_thank_you_after_a_practice_with_their_ally(practice, client_http):
    page = client_http.get(reverse("planning:practice_detail", args=[practice.public_id])).content.decode()
    assert reverse("planning:practice_thank_ally", args=[practice.public_id]) in page


def test_the_thank_you_email_holds_only_the_clients_edited_line(
    practice, client_http, django_capture_on_commit_callbacks
):
    url = reverse("planning:practice_thank_ally", args=[practice.public_id])
    with django_capture_on_commit_callbacks(execute=True):
        client_http.post(url, {"text": "Cheers for the coffee, Jo!"})
    message = mail.outbox[-1]
    assert message.to == ["jo@example.test"]
    assert "Cheers for the coffee, Jo!" in message.body
    assert "People will stare" not in message.body and "Coffee at the corner" not in message.body


def test_an_empty_thank_you_is_not_sent(practice, client_http):
    response = client_http.post(reverse("planning:practice_thank_ally", args=[practice.public_id]), {"text": "  "})
    assert response.status_code == 200
    assert not AllyThanks.objects.exists()


def test_a_thank_you_is_sent_once_per_practice(practice, client_http):
    url = reverse("planning:practice_thank_ally", args=[practice.public_id])
    client_http.post(url, {"text": "Thank you"})
    client_http.post(url, {"text": "Thank you again"})
    assert AllyThanks.objects.count() == 1


def test_the_care_team_cannot_thank_the_ally_for_the_client(practice, clinician_http):
    response = clinician_http.post(reverse("planning:practice_thank_ally", args=[practice.public_id]), {"text": "Hi"})
    assert response.status_code == 403
    assert not AllyThanks.objects.exists()


def test_one_ally_account_supports_two_clients_separately(world):
    AllyFactory(client=world.other_client, user=world.ally_link.user, name="Jo")
    page = _ally_page(world)
    assert "Robin" in page and "Sasha" in page


def test_a_thank_you_queued_before_access_ended_is_not_sent(practice, world, client_http):
    from planning.tasks import send_ally_thanks_email

    thanks = AllyThanks.objects.create(client=world.client, ally=world.ally_link, practice=practice, text="Thanks!")
    Ally.objects.filter(pk=world.ally_link.pk).update(status=Ally.Status.ENDED)
    send_ally_thanks_email(str(thanks.public_id))
    assert not mail.outbox


def test_an_ally_link_to_an_email_that_became_a_clinicians_says_so_without_an_error(invited, world):
    User.objects.create_user(
        "sam.friend@example.test", "x-long-password-1", organization=world.clinic, role="clinician"
    )
    response = HttpClient().get(_accept_path())
    assert response.status_code == 400
    assert "can" in response.content.decode() and "be an ally" in response.content.decode()


def test_the_clients_home_links_to_their_allies(client_http):
    page = client_http.get(reverse("planning:client_home")).content.decode()
    assert reverse("planning:ally_list") in page


def test_the_demo_ally_signs_in_to_sams_page_with_the_matinee(db):
    from django.core.management import call_command

    from planning.demo.people import DEMO_PASSWORD

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    http = HttpClient()
    http.post(reverse("login"), {"username": "ruth@friends.example", "password": DEMO_PASSWORD})
    response = http.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("planning:ally_home")
    page = response.content.decode()
    assert "Sam" in page and "Watch a film at a weekday matinee" in page
    assert "Walk past the school" not in page


def test_the_clients_preview_says_when_the_ally_is_coming(world, client_http):
    Step.objects.filter(pk=world.ally_step().pk).update(ally_coming_at=timezone.now())
    page = client_http.get(reverse("planning:ally_detail", args=[world.ally_link.public_id])).content.decode()
    assert "Jo said they'll be there" in page
