"""Nothing is lost by one tap: removing a journal entry, trigger, step, practice or safety-plan line can be undone.

The undo lasts settings.UNDO_MINUTES; after that it says so kindly, and the kept snapshot is emptied.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from planning.models import (
    AuditEvent,
    CareTeamMember,
    Comment,
    JournalEntry,
    Practice,
    Removal,
    RiskFlag,
    Step,
    Trigger,
)
from planning.services.removals import removals_purge_expired
from tests.factories import (
    GoalFactory,
    JournalEntryFactory,
    PlanFactory,
    PracticeFactory,
    SafetyPlanVersionFactory,
    StepFactory,
    TriggerFactory,
)
from tests.second_factor import force_sign_in


def undo(http, removal=None):
    removal = removal or Removal.objects.get()
    return http.post(reverse("planning:removal_undo", args=[removal.public_id]), follow=True)


def remove_entry(http, entry):
    return http.post(reverse("planning:journal_remove", args=[entry.public_id]), follow=True)


def later(minutes):
    Removal.objects.update(removed_at=timezone.now() - timedelta(minutes=minutes))


# The journal


def test_deleting_an_entry_offers_undo_in_the_message(client_http, world):
    page = remove_entry(client_http, JournalEntryFactory(client=world.client)).content.decode()
    removal = Removal.objects.get()
    assert "You can undo this for 10 minutes; after that it is gone for good." in page
    assert reverse("planning:removal_undo", args=[removal.public_id]) in page


def test_a_deleted_entry_is_gone_from_the_journal(client_http, world):
    entry = JournalEntryFactory(client=world.client, situation="Coffee with Ana")
    page = remove_entry(client_http, entry).content.decode()
    assert not JournalEntry.objects.exists() and "Coffee with Ana" not in page


def test_undo_brings_the_entry_back_as_it_was(client_http, world):
    trigger = TriggerFactory(client=world.client)
    entry = JournalEntryFactory(client=world.client, situation="Coffee with Ana", shared_with_care_team=False)
    entry.triggers.set([trigger])
    remove_entry(client_http, entry)
    page = undo(client_http).content.decode()
    back = JournalEntry.objects.get(public_id=entry.public_id)
    assert (back.situation, back.shared_with_care_team, list(back.triggers.all())) == (
        "Coffee with Ana",
        False,
        [trigger],
    )
    assert "Brought back, just as it was." in page


def test_undo_after_the_window_says_so_kindly_and_changes_nothing(client_http, world):
    remove_entry(client_http, JournalEntryFactory(client=world.client))
    later(11)
    response = undo(client_http)
    assert response.status_code == 200 and not JournalEntry.objects.exists()
    assert "It has been more than 10 minutes" in response.content.decode()


def test_undo_just_inside_the_window_still_works(client_http, world):
    remove_entry(client_http, JournalEntryFactory(client=world.client))
    later(9)
    undo(client_http)
    assert JournalEntry.objects.count() == 1


def test_undoing_twice_brings_back_one_entry_and_says_it_is_back(client_http, world):
    remove_entry(client_http, JournalEntryFactory(client=world.client))
    undo(client_http)
    page = undo(client_http).content.decode()
    assert JournalEntry.objects.count() == 1 and "That is already back where it was." in page


def test_a_private_entry_leaves_no_trace_on_the_clients_trail_when_deleted_and_undone(client_http, world):
    remove_entry(client_http, JournalEntryFactory(client=world.client, shared_with_care_team=False))
    undo(client_http)
    events = AuditEvent.objects.filter(action__in=["journal_entry.deleted", "journal_entry.restored"])
    assert events.count() == 2 and not events.filter(client__isnull=False).exists()


def test_a_shared_entry_deleted_and_undone_is_on_the_trail(client_http, world):
    remove_entry(client_http, JournalEntryFactory(client=world.client, shared_with_care_team=True))
    undo(client_http)
    actions = set(AuditEvent.objects.filter(client=world.client).values_list("action", flat=True))
    assert {"journal_entry.deleted", "journal_entry.restored"} <= actions


# Who may undo


def test_someone_else_cannot_undo_and_nothing_comes_back(clinician_http, client_http, world):
    remove_entry(client_http, JournalEntryFactory(client=world.client, shared_with_care_team=True))
    response = clinician_http.post(reverse("planning:removal_undo", args=[Removal.objects.get().public_id]))
    assert response.status_code == 404 and not JournalEntry.objects.exists()


def test_a_clinician_made_read_only_since_cannot_undo(clinician_http, world):
    trigger = TriggerFactory(client=world.client)
    clinician_http.post(reverse("planning:trigger_remove", args=[trigger.public_id]))
    CareTeamMember.objects.filter(clinician=world.clinician).update(access=CareTeamMember.Access.READ)
    response = clinician_http.post(reverse("planning:removal_undo", args=[Removal.objects.get().public_id]))
    assert response.status_code == 403 and not Trigger.objects.exists()


def test_the_clinician_undoes_their_own_removal(clinician_http, world):
    trigger = TriggerFactory(client=world.client, name="Crowded bus")
    clinician_http.post(reverse("planning:trigger_remove", args=[trigger.public_id]))
    undo(clinician_http)
    assert Trigger.objects.get().name == "Crowded bus"


def test_undo_is_a_post_only(client_http, world):
    remove_entry(client_http, JournalEntryFactory(client=world.client))
    response = client_http.get(reverse("planning:removal_undo", args=[Removal.objects.get().public_id]))
    assert response.status_code == 405 and not JournalEntry.objects.exists()


# Gone for good after the window


def test_the_kept_words_are_emptied_after_the_window(client_http, world):
    remove_entry(client_http, JournalEntryFactory(client=world.client, situation="Coffee with Ana"))
    later(11)
    assert removals_purge_expired() == 1
    removal = Removal.objects.get()
    assert removal.snapshot == {} and removal.purged_at is not None


def test_the_kept_words_stay_while_undo_is_still_possible(client_http, world):
    remove_entry(client_http, JournalEntryFactory(client=world.client, situation="Coffee with Ana"))
    assert removals_purge_expired() == 0
    assert "Coffee with Ana" in Removal.objects.get().snapshot["rows"]


def test_undo_after_the_words_were_emptied_says_so_kindly(client_http, world):
    remove_entry(client_http, JournalEntryFactory(client=world.client))
    later(11)
    removals_purge_expired()
    response = undo(client_http)
    assert response.status_code == 200 and "can&#x27;t be brought back" in response.content.decode()


# Triggers


def test_undoing_a_trigger_brings_back_its_journal_links(client_http, world):
    trigger = TriggerFactory(client=world.client)
    entry = JournalEntryFactory(client=world.client)
    entry.triggers.set([trigger])
    client_http.post(reverse("planning:trigger_remove", args=[trigger.public_id]))
    assert not entry.triggers.exists()
    undo(client_http)
    assert list(entry.triggers.all()) == [trigger]


def test_a_journal_link_to_an_entry_deleted_since_is_left_out(client_http, world):
    trigger = TriggerFactory(client=world.client)
    entry = JournalEntryFactory(client=world.client)
    entry.triggers.set([trigger])
    client_http.post(reverse("planning:trigger_remove", args=[trigger.public_id]))
    entry.delete()
    undo(client_http)
    assert Trigger.objects.count() == 1 and not Trigger.objects.get().journal_entries.exists()


# Steps


@pytest.fixture
def goal(world):
    return GoalFactory(plan=PlanFactory(client=world.client))


def test_removing_a_step_takes_its_practices_and_undo_brings_them_back(client_http, world, goal):
    step = StepFactory(goal=goal, activity="Game night")
    practice = PracticeFactory(step=step)
    Comment.objects.create(client=world.client, practice=practice, text="Well done", author=world.clinician)
    client_http.post(reverse("planning:step_remove", args=[step.public_id]))
    assert not Practice.objects.exists() and not Comment.objects.exists()
    undo(client_http)
    assert Step.objects.get().activity == "Game night" and Practice.objects.count() == Comment.objects.count() == 1


def test_a_risk_flag_outlives_the_removed_practice_and_is_relinked_on_undo(client_http, world, goal):
    practice = PracticeFactory(step=StepFactory(goal=goal))
    flag = RiskFlag.objects.create(client=world.client, source="practice_peak", practice=practice)
    client_http.post(reverse("planning:step_remove", args=[practice.step.public_id]))
    flag.refresh_from_db()
    assert flag.practice_id is None
    undo(client_http)
    flag.refresh_from_db()
    assert flag.practice.public_id == practice.public_id


def test_a_step_whose_rung_was_taken_since_comes_back_at_the_top(client_http, goal):
    step = StepFactory(goal=goal, position=1)
    client_http.post(reverse("planning:step_remove", args=[step.public_id]))
    StepFactory(goal=goal, position=1)
    undo(client_http)
    assert sorted(goal.steps.values_list("position", flat=True)) == [1, 2]
    assert Step.objects.get(public_id=step.public_id).position == 2


def test_the_clinician_removes_a_step_nobody_has_practised_yet(clinician_http, goal):
    step = StepFactory(goal=goal)
    clinician_http.post(reverse("planning:step_remove", args=[step.public_id]))
    assert not Step.objects.exists()


def test_the_clinician_cannot_remove_a_step_holding_the_clients_practices(clinician_http, goal):
    practice = PracticeFactory(step=StepFactory(goal=goal))
    page = clinician_http.post(reverse("planning:step_remove", args=[practice.step.public_id]), follow=True)
    assert Step.objects.count() == Practice.objects.count() == 1
    assert "only they can remove it" in page.content.decode()


def test_the_clinician_is_not_offered_to_remove_a_practised_step(clinician_http, goal):
    practice = PracticeFactory(step=StepFactory(goal=goal))
    page = clinician_http.get(reverse("planning:step_detail", args=[practice.step.public_id])).content.decode()
    assert "Remove this step" not in page


def test_a_read_only_clinician_cannot_remove_a_step(readonly_http, goal):
    step = StepFactory(goal=goal)
    assert readonly_http.post(reverse("planning:step_remove", args=[step.public_id])).status_code == 403
    assert Step.objects.filter(pk=step.pk).exists()


def test_removing_a_step_is_audited_without_its_words(client_http, goal):
    step = StepFactory(goal=goal, activity="Game night")
    client_http.post(reverse("planning:step_remove", args=[step.public_id]))
    event = AuditEvent.objects.get(action="step.deleted")
    assert event.target_id == step.public_id and "Game night" not in str(event.changed_fields)


# Safety-plan lines


@pytest.fixture
def safety(world):
    version = SafetyPlanVersionFactory(plan__client=world.client, content={"coping": ["Slow breaths", "Walk", "Tea"]})
    version.plan.version = 1
    version.plan.save()
    return version.plan


def remove_line(http, world, index, based_on=1):
    url = reverse("planning:safety_plan_remove_item", args=[world.client.public_id])
    return http.post(url, {"section": "coping", "index": index, "based_on": based_on}, follow=True)


def test_removing_a_safety_line_saves_a_version_without_it(client_http, world, safety):
    remove_line(client_http, world, 1)
    assert safety.current_version().items("coping") == ["Slow breaths", "Tea"]


def test_undo_puts_the_line_back_in_its_place_as_a_new_version(client_http, world, safety):
    remove_line(client_http, world, 1)
    undo(client_http)
    current = safety.current_version()
    assert current.items("coping") == ["Slow breaths", "Walk", "Tea"] and current.number == 3


def test_a_line_removed_from_a_plan_changed_since_is_left_alone(client_http, world, safety):
    page = remove_line(client_http, world, 1, based_on=0).content.decode()
    assert safety.current_version().items("coping") == ["Slow breaths", "Walk", "Tea"]
    assert "nothing was removed" in page and not Removal.objects.exists()


def test_a_line_that_does_not_exist_is_left_alone_kindly(client_http, world, safety):
    page = remove_line(client_http, world, 7).content.decode()
    assert "nothing was removed" in page and len(safety.current_version().items("coping")) == 3


def test_a_section_that_does_not_exist_is_a_404(client_http, world, safety):
    url = reverse("planning:safety_plan_remove_item", args=[world.client.public_id])
    response = client_http.post(url, {"section": "nonsense", "index": 0, "based_on": 1})
    assert response.status_code == 404 and len(safety.current_version().items("coping")) == 3


def test_each_line_of_the_plan_has_a_remove_button(client_http, world, safety):
    page = client_http.get(reverse("planning:safety_plan", args=[world.client.public_id])).content.decode()
    assert page.count('Remove<span class="visually-hidden">') == 3


# Practices: not this time, or removed


@pytest.fixture
def started(world, goal):
    return PracticeFactory(step=StepFactory(goal=goal, activity="Game night"))


def test_the_home_card_reads_add_how_it_went_for_a_started_practice(client_http, started):
    page = client_http.get(reverse("planning:client_home")).content.decode()
    assert "Add how it went" in page and reverse("planning:practice_after", args=[started.public_id]) in page


def test_a_practice_planned_for_later_does_not_ask_how_it_went_yet(client_http, started):
    Practice.objects.filter(pk=started.pk).update(planned_for=timezone.localdate() + timedelta(days=3))
    assert "Add how it went" not in client_http.get(reverse("planning:client_home")).content.decode()


def test_a_practice_can_be_closed_as_not_this_time(client_http, started):
    response = client_http.post(reverse("planning:practice_not_this_time", args=[started.public_id]), follow=True)
    started.refresh_from_db()
    assert started.not_this_time and not started.is_finished
    assert "That&#x27;s a fine answer" in response.content.decode()


def test_not_this_time_is_not_counted_as_a_practice_done(client_http, started):
    client_http.post(reverse("planning:practice_not_this_time", args=[started.public_id]))
    step = Step.objects.with_practice_counts().get(pk=started.step.pk)
    assert step.finished_count == 0
    page = client_http.get(reverse("planning:plan_detail", args=[started.step.goal.plan.public_id])).content.decode()
    assert "not practised yet" in page


def test_after_not_this_time_the_home_offers_the_next_step_again(client_http, started):
    client_http.post(reverse("planning:practice_not_this_time", args=[started.public_id]))
    page = client_http.get(reverse("planning:client_home")).content.decode()
    assert "Add how it went" not in page and "Log a practice" in page


def test_not_this_time_shows_kindly_in_the_practice_list(client_http, started):
    client_http.post(reverse("planning:practice_not_this_time", args=[started.public_id]))
    page = client_http.get(reverse("planning:client_home")).content.decode()
    assert "didn't go this time, and that's fine" in page


def test_a_practice_closed_as_not_this_time_can_still_get_how_it_went(client_http, started):
    client_http.post(reverse("planning:practice_not_this_time", args=[started.public_id]))
    data = {"outcome": "stayed", "peak_distress": 30, "feared_happened": "no", "version": 2}
    client_http.post(reverse("planning:practice_after", args=[started.public_id]), data)
    started.refresh_from_db()
    assert started.is_finished and started.outcome == "stayed"


def test_the_after_form_does_not_offer_not_this_time_as_how_it_went(client_http, started):
    page = client_http.get(reverse("planning:practice_after", args=[started.public_id])).content.decode()
    assert "not_this_time" not in page


def test_the_clinician_cannot_close_the_clients_practice(clinician_http, started):
    response = clinician_http.post(reverse("planning:practice_not_this_time", args=[started.public_id]))
    started.refresh_from_db()
    assert response.status_code == 403 and not started.not_this_time


def test_a_removed_practice_comes_back_on_undo(client_http, started):
    client_http.post(reverse("planning:practice_remove", args=[started.public_id]))
    assert not Practice.objects.exists()
    undo(client_http)
    assert Practice.objects.get().public_id == started.public_id


def test_undo_of_a_practice_whose_step_was_removed_since_says_so_kindly(client_http, started):
    client_http.post(reverse("planning:practice_remove", args=[started.public_id]))
    practice_removal = Removal.objects.get()
    Step.objects.all().delete()
    response = undo(client_http, practice_removal)
    assert response.status_code == 200 and not Practice.objects.exists()
    assert "what it belonged to has been removed since" in response.content.decode()


def test_undo_works_for_the_persona_that_signed_in_on_another_device(world, started):
    phone, laptop = HttpClient(), HttpClient()
    force_sign_in(phone, world.client.user)
    force_sign_in(laptop, world.client.user)
    phone.post(reverse("planning:practice_remove", args=[started.public_id]))
    undo(laptop)
    assert Practice.objects.count() == 1
