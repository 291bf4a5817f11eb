"""Attacks on allies and the setback review: what an ally can reach, ended access, tampered posts.

Each "cannot" sits beside a "can" control, and checks the database really did or did not change.
The everyday behaviour is in tests/planning/test_allies.py and test_setbacks.py; these are the doors.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from planning.models import Ally, AuditEvent, Invitation, SetbackReview, Step, User
from planning.services.people import client_account_close
from tests.conftest import _signed_in
from tests.factories import AllyFactory, GoalFactory, HardPracticeFactory, PlanFactory, PracticeFactory, StepFactory
from tests.second_factor import app_for, force_sign_in

GOOD_PASSWORD = "a-quiet-morning-walk"


def _ally_page(user) -> str:
    return _signed_in(user).get(reverse("planning:ally_home")).content.decode()


def _not_active(world, status: str) -> Ally:
    """An ally of the client's who has not accepted yet (invited) or whose access ended."""
    return AllyFactory(client=world.client, user=None, status=status, name="Sam", email="sam@example.test")


def _invite(http, email: str, django_capture_on_commit_callbacks) -> str:
    """Invite someone as the signed-in client; return the path of the link in their email."""
    with django_capture_on_commit_callbacks(execute=True):
        http.post(reverse("planning:ally_list"), {"name": "Sam", "email": email})
    body = mail.outbox[-1].body
    return "/" + next(line for line in body.splitlines() if "/invitations/" in line).split("//", 1)[1].split("/", 1)[1]


# A client who closes their account takes their ally's page with them.


def test_an_ally_sees_nothing_once_the_client_closes_their_account(world):
    world.ally_step()
    assert "Coffee at the corner café" in _ally_page(world.ally_link.user)  # control
    client_account_close(user=world.client.user)
    page = _ally_page(world.ally_link.user)
    assert "Robin" not in page and "Coffee at the corner café" not in page and "pineapple" not in page


def test_an_ally_cannot_say_they_will_be_there_once_the_client_closed_their_account(world):
    step = world.ally_step()
    client_account_close(user=world.client.user)
    response = _signed_in(world.ally_link.user).post(reverse("planning:step_ally_coming", args=[step.public_id]))
    assert response.status_code == 404
    step.refresh_from_db()
    assert step.ally_coming_at is None


def test_an_ally_link_sent_before_the_client_closed_their_account_stops_working(
    world, client_http, django_capture_on_commit_callbacks
):
    path = _invite(client_http, "sam.friend@example.test", django_capture_on_commit_callbacks)
    assert HttpClient().get(path).status_code == 200  # control: the link works while the client is here
    client_account_close(user=world.client.user)
    response = HttpClient().post(path, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert response.status_code == 410
    assert not Ally.objects.filter(email="sam.friend@example.test", status=Ally.Status.ACTIVE).exists()
    assert not User.objects.filter(email="sam.friend@example.test").exists()


def test_closing_the_account_leaves_the_other_clients_ally_as_it_was(world):
    AllyFactory(client=world.other_client, user=world.ally_link.user, name="Jo")
    client_account_close(user=world.client.user)
    page = _ally_page(world.ally_link.user)
    assert "Sasha" in page and "Robin" not in page


# Ended access, and invited again


def test_an_ally_invited_again_after_access_ended_sees_only_the_new_page(
    world, client_http, django_capture_on_commit_callbacks
):
    step = world.ally_step()
    client_http.post(reverse("planning:ally_end", args=[world.ally_link.public_id]))
    path = _invite(client_http, world.ally_link.user.email, django_capture_on_commit_callbacks)
    response = HttpClient().post(path, {"password": "correct-horse-battery-7"})
    assert response["Location"] == reverse("planning:ally_home")
    page = _ally_page(world.ally_link.user)
    assert "Robin" in page  # control: the new link works
    assert "pineapple" not in page and "Sit near the door" not in page  # the old page's words stayed with it
    assert "Coffee at the corner café" not in page
    step.refresh_from_db()
    assert step.ally is None


def test_an_old_link_stops_working_when_the_client_invites_the_same_person_again(
    world, client_http, django_capture_on_commit_callbacks
):
    first = _invite(client_http, "sam.friend@example.test", django_capture_on_commit_callbacks)
    ally = Ally.objects.get(email="sam.friend@example.test")
    client_http.post(reverse("planning:ally_end", args=[ally.public_id]))
    second = _invite(client_http, "sam.friend@example.test", django_capture_on_commit_callbacks)
    assert HttpClient().post(first, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD}).status_code == 410
    assert HttpClient().post(second, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD}).status_code == 302
    assert Ally.objects.filter(email="sam.friend@example.test", status=Ally.Status.ACTIVE).count() == 1


# One ally, two clients


def test_a_step_of_one_client_never_shows_on_the_page_of_another(world):
    """A step of Sasha's that names Robin's link (only bad data could) shows nowhere and takes no "I'll be there"."""
    AllyFactory(client=world.other_client, user=world.ally_link.user, name="Jo")
    goal = GoalFactory(plan=PlanFactory(client=world.other_client))
    stray = StepFactory(goal=goal, activity="Sasha's choir evening")
    Step.objects.filter(pk=stray.pk).update(ally=world.ally_link)
    world.ally_step()
    page = _ally_page(world.ally_link.user)
    assert "Coffee at the corner café" in page  # control
    assert "Sasha's choir evening" not in page
    response = _signed_in(world.ally_link.user).post(reverse("planning:step_ally_coming", args=[stray.public_id]))
    assert response.status_code == 404
    stray.refresh_from_db()
    assert stray.ally_coming_at is None


# Tampered posts


def test_posting_status_or_email_to_what_the_ally_sees_changes_neither(world, client_http):
    ally = _not_active(world, Ally.Status.INVITED)
    data = {
        "support_note": "Text me the night before",
        "exit_signal": "",
        "version": ally.version,
        "status": "active",
        "email": "someone.else@example.test",
        "client": world.other_client.pk,
        "user": world.other_ally_link.user.pk,
    }
    client_http.post(reverse("planning:ally_detail", args=[ally.public_id]), data)
    ally.refresh_from_db()
    assert ally.support_note == "Text me the night before"  # control: the form saved
    assert (ally.status, ally.email, ally.client, ally.user) == ("invited", "sam@example.test", world.client, None)


def test_ticking_another_clients_step_names_no_one(world, client_http):
    mine = world.ally_step()
    theirs = StepFactory(goal=GoalFactory(plan=PlanFactory(client=world.other_client)), activity="Sasha's walk")
    data = {"support_note": "", "exit_signal": "", "steps": [mine.pk, theirs.pk], "version": world.ally_link.version}
    response = client_http.post(reverse("planning:ally_detail", args=[world.ally_link.public_id]), data)
    assert response.status_code == 200
    assert "changed since this page opened" in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.ally is None
    mine.refresh_from_db()
    assert mine.ally == world.ally_link  # control: their own step keeps its ally


@pytest.mark.parametrize("status", [Ally.Status.INVITED, Ally.Status.ENDED])
def test_a_step_cannot_name_an_ally_who_is_not_active(world, client_http, status):
    step = world.ally_step()
    waiting = _not_active(world, status)
    data = {"ally": waiting.pk, "version": step.version}
    response = client_http.post(reverse("planning:step_ally", args=[step.public_id]), data)
    assert response.status_code == 200
    step.refresh_from_db()
    assert step.ally == world.ally_link


def test_steps_ticked_before_an_ally_accepts_show_to_no_one_and_go_if_access_ends_first(world, client_http):
    """The client may pick steps while the invitation is on its way (a browser test does): nobody sees them yet."""
    step = StepFactory(goal=GoalFactory(plan=PlanFactory(client=world.client)), activity="Board games")
    waiting = _not_active(world, Ally.Status.INVITED)
    data = {"support_note": "Hello", "exit_signal": "", "steps": [step.pk], "version": waiting.version}
    client_http.post(reverse("planning:ally_detail", args=[waiting.public_id]), data)
    step.refresh_from_db()
    assert step.ally == waiting  # control: the pick is kept for when they accept
    for persona in ("ally", "other_ally"):
        assert "Board games" not in _ally_page(world.user(persona))
    client_http.post(reverse("planning:ally_end", args=[waiting.public_id]))
    step.refresh_from_db()
    assert step.ally is None


def test_an_ally_cannot_say_they_will_be_there_twice_or_move_the_time(world):
    step = world.ally_step()
    http = _signed_in(world.ally_link.user)
    url = reverse("planning:step_ally_coming", args=[step.public_id])
    http.post(url)
    step.refresh_from_db()
    first = step.ally_coming_at
    http.post(url, {"together_on": "2030-01-01", "ally": world.other_ally_link.pk, "activity": "Changed"})
    step.refresh_from_db()
    assert first is not None and step.ally_coming_at == first
    assert (step.together_on, step.ally, step.activity) == (None, world.ally_link, "Coffee at the corner café")


# What the organisation admin's audit log says about an ally


@pytest.mark.parametrize("full_name", ["Jo Friend", ""])  # an ally who accepted a link has no name: the email stood in
def test_the_audit_log_never_shows_the_allys_email_or_name(world, admin_http, client_http, full_name):
    User.objects.filter(pk=world.ally_link.user.pk).update(full_name=full_name)
    step = world.ally_step()
    _signed_in(world.ally_link.user).post(reverse("planning:step_ally_coming", args=[step.public_id]))
    client_http.post(reverse("planning:ally_end", args=[world.ally_link.public_id]))
    page = admin_http.get(reverse("planning:org_audit")).content.decode()
    csv = b"".join(admin_http.get(reverse("planning:org_audit_csv")).streaming_content).decode()
    assert "An ally said they&#x27;ll come along on a step of Robin&#x27;s" in page  # control: the event reads
    assert "said they'll come along" in csv and "Ally" in csv  # the role column still says who it was
    for text in (page, csv):
        assert "jo@example.test" not in text and "Jo Friend" not in text


def test_an_allys_events_are_on_the_clients_trail(world):
    step = world.ally_step()
    _signed_in(world.ally_link.user).post(reverse("planning:step_ally_coming", args=[step.public_id]))
    event = AuditEvent.objects.get(action="step.ally_coming")
    assert event.client == world.client and event.actor == world.ally_link.user


# Accepting an invitation while signed in as someone else


def test_a_clinician_opening_an_ally_link_is_signed_out_of_their_own_account(
    world, client_http, clinician_http, django_capture_on_commit_callbacks
):
    path = _invite(client_http, "sam.friend@example.test", django_capture_on_commit_callbacks)
    response = clinician_http.post(path, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert response["Location"] == reverse("planning:ally_home")
    assert clinician_http.get(reverse("planning:caseload")).status_code == 403  # the session is the ally's now
    assert "Robin" in clinician_http.get(reverse("planning:ally_home")).content.decode()
    assert Invitation.objects.get(ally__email="sam.friend@example.test").accepted_at is not None
    assert timezone.now() >= Ally.objects.get(email="sam.friend@example.test").accepted_at


# The setback review: only for the client's own hard practice, answered once


def _look_back(http, practice, next_choice: str = "smaller"):
    url = reverse("planning:setback_review_add", args=[practice.public_id])
    return http.post(url, {"went_all_right": "I got there", "next_choice": next_choice})


def test_a_look_back_at_a_practice_that_was_not_hard_is_not_saved(world, client_http):
    step = world.ally_step()
    ordinary = PracticeFactory(step=step, completed_at=timezone.now(), expected_distress=40, peak_distress=45)
    response = _look_back(client_http, ordinary)
    assert response["Location"] == reverse("planning:practice_detail", args=[ordinary.public_id])
    assert not SetbackReview.objects.exists() and step.goal.steps.count() == 1
    hard = HardPracticeFactory(step=step)
    assert _look_back(client_http, hard).status_code == 302
    assert SetbackReview.objects.get().practice == hard  # control: a hard one is looked back at


def test_a_smaller_rung_declined_cannot_then_be_accepted(world, client_http):
    step = world.ally_step()
    _look_back(client_http, HardPracticeFactory(step=step))
    review = SetbackReview.objects.get()
    client_http.post(reverse("planning:setback_review_decline", args=[review.public_id]))
    url = reverse("planning:setback_review_smaller", args=[review.public_id])
    client_http.post(url, {"activity": "A smaller coffee", "expected_distress": 10, "version": review.version + 1})
    review.refresh_from_db()
    assert review.proposal == SetbackReview.Proposal.DECLINED  # control: the no was saved
    assert list(step.goal.steps.values_list("activity", flat=True)) == ["Coffee at the corner café"]


# Inviting must not tell a client who else has a Stepwise account


@pytest.mark.parametrize("whose", ["other_client", "outside_clinician"])
def test_inviting_someone_elses_stepwise_email_answers_as_a_new_email_does(world, client_http, whose):
    """Whether an email is a client's (here or at any clinic) or another clinic's clinician is nobody's to learn."""
    taken = world.user(whose).email
    fresh = client_http.post(reverse("planning:ally_list"), {"name": "Sam", "email": "fresh@example.test"})
    response = client_http.post(reverse("planning:ally_list"), {"name": "Lee", "email": taken})
    assert fresh.status_code == response.status_code == 302  # control: a fresh email is invited
    assert Ally.objects.filter(client=world.client, email=taken, status=Ally.Status.INVITED).exists()


def test_the_owner_of_a_non_ally_account_is_told_at_the_link_and_nothing_changes(
    world, client_http, django_capture_on_commit_callbacks
):
    path = _invite(client_http, world.other_client.email, django_capture_on_commit_callbacks)
    response = HttpClient().post(path, {"password": "anything-at-all"})
    assert response.status_code == 400 and "be an ally" in response.content.decode()
    assert Ally.objects.get(client=world.client, email=world.other_client.email).status == Ally.Status.INVITED


def test_inviting_a_clinician_of_the_clients_own_clinic_is_still_refused_with_words(world, client_http):
    for staff in (world.bystander_clinician, world.org_admin):
        response = client_http.post(reverse("planning:ally_list"), {"name": "Bea", "email": staff.email})
        assert response.status_code == 200 and "can&#x27;t be an ally" in response.content.decode()
    assert not Ally.objects.filter(email__in=[world.bystander_clinician.email, world.org_admin.email]).exists()


# An ally who chose two-step sign-in: a password and an invitation link are not enough


def _second_invitation(world, django_capture_on_commit_callbacks) -> str:
    """Sasha invites Robin's ally Jo, who already has an account with an authenticator app."""
    app_for(world.ally_link.user)
    return _invite(_signed_in(world.other_client.user), "jo@example.test", django_capture_on_commit_callbacks)


def test_a_password_alone_does_not_accept_a_link_for_an_ally_with_two_step_sign_in(
    world, django_capture_on_commit_callbacks
):
    path = _second_invitation(world, django_capture_on_commit_callbacks)
    http = HttpClient()
    http.post(path, {"password": "correct-horse-battery-7"})
    assert "Sasha" not in http.get(reverse("planning:ally_home"), follow=True).content.decode()
    assert Ally.objects.get(client=world.other_client, email="jo@example.test").status == Ally.Status.INVITED


def test_an_ally_signed_in_with_both_steps_accepts_the_link(world, django_capture_on_commit_callbacks):
    path = _second_invitation(world, django_capture_on_commit_callbacks)
    http = force_sign_in(HttpClient(), world.ally_link.user)
    assert "Sign in first" not in http.get(path).content.decode()
    response = http.post(path)
    assert response["Location"] == reverse("planning:ally_home")
    assert "Sasha" in http.get(reverse("planning:ally_home")).content.decode()


def test_the_link_asks_an_ally_with_two_step_sign_in_to_sign_in_first(world, django_capture_on_commit_callbacks):
    path = _second_invitation(world, django_capture_on_commit_callbacks)
    page = HttpClient().get(path).content.decode()
    assert "Sign in first" in page and 'type="password"' not in page


# The client's copy of their record


def test_the_clients_copy_calls_an_allys_account_their_ally_not_someone_at_the_clinic(world):
    from planning.services.exports import record_json

    User.objects.filter(pk=world.ally_link.user.pk).update(full_name="")  # as an ally who accepted a link
    allies = record_json(world.client)["allies"]
    assert [(row["name"], row["user"]) for row in allies] == [("Jo", "your ally")]
    assert allies[0]["email"] == "jo@example.test"  # control: the email the client gave is theirs to keep
