"""In-app notifications: who is told of what, reading them, and the header's count."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from planning.models import CareTeamMember, JournalEntry, Notification
from planning.services.notifications import notifications_mark_all_read
from planning.services.plans import step_create
from planning.services.safety_plan import safety_plan_mark_reviewed
from planning.services.tracking import check_in_create, measure_assign
from tests.factories import (
    ClientFactory,
    GoalFactory,
    NotificationFactory,
    PlanFactory,
    PracticeFactory,
    RiskFlagFactory,
    SafetyPlanFactory,
    StepFactory,
)

LIST = reverse("planning:notifications")
READ_ALL = reverse("planning:notifications_read_all")


def _kinds(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def _propose(w, actor):
    goal = GoalFactory(plan=PlanFactory(client=w.client))
    return step_create(actor=actor, goal=goal, activity="Coffee with Sam", expected_distress=30)


def _check_in(w, **note):
    return check_in_create(actor=w.client.user, client=w.client, day=timezone.localdate(), comfort=5, connection=5,
                           contacts_in_person=1, contacts_online=1, **note)  # fmt: skip


def _journal(w, shared):
    entry = JournalEntry(client=w.client, situation="A dinner", shared_with_care_team=shared)
    from planning.services.journal import journal_entry_save

    return journal_entry_save(actor=w.client.user, entry=entry, triggers=[], changed=["situation"])


def _open(http, notification):
    return http.get(reverse("planning:notification_open", args=[notification.public_id]))


# Who is told of what


def test_a_step_a_clinician_proposes_tells_the_client(world):
    step = _propose(world, world.clinician)
    assert Notification.objects.get(recipient=world.client.user).target_id == step.public_id


def test_a_step_the_client_adds_themself_tells_no_one(world):
    _propose(world, world.client.user)
    assert not Notification.objects.exists()


def test_a_proposed_step_tells_no_other_client(world):
    _propose(world, world.clinician)
    assert _kinds(world.other_client.user) == []


def test_a_reviewed_safety_plan_tells_the_client(world):
    safety_plan_mark_reviewed(actor=world.clinician, plan=SafetyPlanFactory(client=world.client))
    assert _kinds(world.client.user) == ["safety_plan_reviewed"]


def test_a_reviewed_safety_plan_tells_no_clinician(world):
    safety_plan_mark_reviewed(actor=world.clinician, plan=SafetyPlanFactory(client=world.client))
    assert _kinds(world.clinician) == []


def test_a_new_questionnaire_tells_the_client(world):
    measure_assign(
        actor=world.clinician, client=world.client, code="GAD-7", every_days=14, starts_on=timezone.localdate()
    )
    assert _kinds(world.client.user) == ["questionnaire_ready"]


def test_a_changed_cadence_does_not_tell_the_client_again(world):
    for every_days in (14, 28):
        measure_assign(actor=world.clinician, client=world.client, code="GAD-7", every_days=every_days,
                       starts_on=timezone.localdate())  # fmt: skip
    assert len(_kinds(world.client.user)) == 1


def test_a_client_not_yet_signed_up_is_not_told(world):
    client = ClientFactory(organization=world.clinic, user=None)
    measure_assign(actor=world.clinician, client=client, code="GAD-7", every_days=14, starts_on=timezone.localdate())
    assert not Notification.objects.exists()


def test_a_risk_flag_tells_each_clinician_on_the_care_team(world, client_http):
    _check_in(world, note="Hard week", note_urgent=True, note_shared=True)
    assert "risk_flag" in _kinds(world.clinician) and "risk_flag" in _kinds(world.readonly_clinician)


def test_a_risk_flag_tells_no_clinician_off_the_care_team(world):
    _check_in(world, note="Hard week", note_urgent=True, note_shared=True)
    assert _kinds(world.bystander_clinician) == [] and _kinds(world.outside_clinician) == []


def test_a_practice_peak_flag_tells_the_care_team(world):
    from planning.services.tracking import practice_risk_check

    practice = PracticeFactory(step=StepFactory(goal__plan=PlanFactory(client=world.client)), peak_distress=100)
    practice_risk_check(actor=world.client.user, practice=practice)
    assert _kinds(world.clinician) == ["risk_flag"]


def test_a_shared_check_in_note_tells_the_care_team(world):
    _check_in(world, note="Went to the market", note_shared=True)
    assert _kinds(world.readonly_clinician) == ["check_in_note_shared"]


def test_a_private_check_in_note_tells_no_one(world):
    _check_in(world, note="Went to the market")
    assert not Notification.objects.exists()


def test_a_shared_journal_entry_tells_the_care_team(world):
    entry = _journal(world, shared=True)
    assert Notification.objects.get(recipient=world.clinician, kind="journal_shared").target_id == entry.public_id


def test_a_private_journal_entry_tells_no_one(world):
    _journal(world, shared=False)
    assert not Notification.objects.exists()


def test_an_inactive_clinician_is_not_told(world):
    world.readonly_clinician.is_active = False
    world.readonly_clinician.save()
    _check_in(world, note="Went to the market", note_shared=True)
    assert _kinds(world.readonly_clinician) == [] and _kinds(world.clinician) == ["check_in_note_shared"]


# The list and what each person reads there


def test_the_list_shows_unread_before_read(client_http, world):
    NotificationFactory(client=world.client, kind="step_proposed", read_at=timezone.now())
    NotificationFactory(
        client=world.client, kind="questionnaire_ready", created_at=timezone.now() - timezone.timedelta(days=3)
    )
    body = client_http.get(LIST).content.decode()
    assert body.index("A questionnaire is ready") < body.index("proposed a step")


def test_the_client_reads_a_fixed_sentence_without_free_text(client_http, world):
    _propose(world, world.clinician)
    body = client_http.get(LIST).content.decode()
    assert "Your clinician proposed a step for you." in body and "Coffee with Sam" not in body


def test_the_care_team_reads_the_clients_preferred_name(clinician_http, world):
    _check_in(world, note="Went to the market", note_shared=True)
    assert "Robin shared a check-in note with you." in clinician_http.get(LIST).content.decode()


def test_a_clinician_taken_off_the_care_team_no_longer_sees_the_notification(clinician_http, world):
    _check_in(world, note="Went to the market", note_shared=True)
    CareTeamMember.objects.filter(clinician=world.clinician).delete()
    assert "Robin" not in clinician_http.get(LIST).content.decode()


# Opening one


def test_opening_a_notification_marks_it_read(client_http, world):
    notification = NotificationFactory(client=world.client)
    _open(client_http, notification)
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_a_notification_leads_to_its_target(client_http, world):
    step = _propose(world, world.clinician)
    response = _open(client_http, Notification.objects.get())
    assert response["Location"] == reverse("planning:step_detail", args=[step.public_id])


def test_another_persons_notification_is_a_404_and_stays_unread(as_persona, world):
    notification = NotificationFactory(client=world.client)
    assert _open(as_persona("other_client"), notification).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_opening_again_keeps_the_first_read_time(client_http, world):
    first = timezone.now() - timezone.timedelta(days=1)
    notification = NotificationFactory(client=world.client, read_at=first)
    _open(client_http, notification)
    notification.refresh_from_db()
    assert notification.read_at == first


# Marking all read


def test_mark_all_as_read_clears_every_unread_one(client_http, world):
    NotificationFactory.create_batch(3, client=world.client)
    client_http.post(READ_ALL)
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_mark_all_as_read_leaves_other_peoples_unread(client_http, world):
    NotificationFactory(client=world.other_client)
    client_http.post(READ_ALL)
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_mark_all_as_read_without_htmx_returns_to_the_list(client_http, world):
    NotificationFactory(client=world.client)
    assert client_http.post(READ_ALL)["Location"] == LIST


def test_mark_all_as_read_with_htmx_swaps_the_list_and_clears_the_count(client_http, world):
    NotificationFactory(client=world.client)
    body = client_http.post(READ_ALL, headers={"HX-Request": "true"}).content.decode()
    assert 'id="notification-badge" hx-swap-oob="true"' in body and "Mark all as read" not in body


def test_mark_all_as_read_shows_only_while_something_is_unread(client_http, world):
    NotificationFactory(client=world.client)
    assert "Mark all as read" in client_http.get(LIST).content.decode()


def test_mark_all_as_read_is_post_only(client_http, world):
    assert client_http.get(READ_ALL).status_code == 405


# The header's count


def test_the_header_counts_unread_notifications(client_http, world):
    NotificationFactory.create_batch(2, client=world.client)
    NotificationFactory(client=world.client, read_at=timezone.now())
    assert '2<span class="visually-hidden"> new</span>' in client_http.get(LIST).content.decode()


def test_the_header_shows_no_count_when_nothing_is_unread(client_http, world):
    NotificationFactory(client=world.client, read_at=timezone.now())
    assert 'visually-hidden"> new' not in client_http.get(LIST).content.decode()


def test_the_header_count_is_one_query(client_http, world, django_assert_num_queries):
    NotificationFactory.create_batch(5, client=world.client)
    from django.test import RequestFactory

    from planning.context_processors import notifications

    request = RequestFactory().get("/")
    request.user = world.client.user
    context = notifications(request)
    with django_assert_num_queries(1):
        assert str(context["unread_notification_count"]) == "5"


def test_the_count_is_calm_not_red(client_http, world):
    NotificationFactory(client=world.client)
    body = client_http.get(LIST).content.decode()
    assert "bg-danger" not in body and "next-badge" in body


def test_notifications_mark_all_read_returns_how_many(world):
    NotificationFactory.create_batch(2, client=world.client)
    assert notifications_mark_all_read(user=world.client.user) == 2


def test_a_flag_notification_leads_the_clinician_to_the_flag(clinician_http, world):
    flag = RiskFlagFactory(client=world.client)
    notification = NotificationFactory(client=world.client, recipient=world.clinician, kind="risk_flag",
                                       target_name="planning:risk_flag", target_id=flag.public_id)  # fmt: skip
    assert _open(clinician_http, notification)["Location"] == reverse("planning:risk_flag", args=[flag.public_id])
