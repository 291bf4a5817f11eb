"""Two people editing the same plan, value, goal, step or trigger: a stale save never overwrites anything."""

from __future__ import annotations

from django.urls import reverse

from planning.models import AuditEvent
from tests.factories import GoalFactory, PlanFactory, StepFactory, TriggerFactory, ValueFactory


def _step_data(step, **changes):
    data = {
        "activity": step.activity,
        "setting": step.setting,
        "expected_distress": step.expected_distress,
        "practices_wanted": step.practices_wanted,
        "proposed_by": step.proposed_by,
        "status": step.status,
        "exit_plan": step.exit_plan,
        "version": step.version,
    }
    return {**data, **changes}


def _step(world):
    return StepFactory(
        goal__plan=PlanFactory(client=world.client), activity="Coffee", exit_plan="Leave after 20 minutes"
    )


def test_a_stale_save_does_not_overwrite_the_other_persons_change(client_http, clinician_http, world):
    step = _step(world)
    url = reverse("planning:step_edit", args=[step.public_id])
    client_http.post(url, _step_data(step, exit_plan="Text Sam and leave"))
    clinician_http.post(url, _step_data(step, activity="Coffee at the quiet café"))
    step.refresh_from_db()
    assert (step.activity, step.exit_plan) == ("Coffee", "Text Sam and leave")


def test_a_stale_save_shows_both_versions_and_keeps_what_was_typed(client_http, clinician_http, world):
    step = _step(world)
    url = reverse("planning:step_edit", args=[step.public_id])
    client_http.post(url, _step_data(step, exit_plan="Text Sam and leave"))
    page = clinician_http.post(url, _step_data(step, exit_plan="Step outside for air")).content.decode()
    assert "saved a change while you were editing" in page
    assert "Text Sam and leave" in page and "Step outside for air" in page


def test_saving_again_after_the_conflict_keeps_the_second_persons_words(client_http, clinician_http, world):
    step = _step(world)
    url = reverse("planning:step_edit", args=[step.public_id])
    client_http.post(url, _step_data(step, exit_plan="Text Sam and leave"))
    clinician_http.post(url, _step_data(step, exit_plan="Step outside for air"))
    clinician_http.post(url, _step_data(step, exit_plan="Step outside for air", version=2))
    step.refresh_from_db()
    assert (step.exit_plan, step.version) == ("Step outside for air", 3)


def test_a_stale_goal_save_is_caught_too(client_http, clinician_http, world):
    goal = GoalFactory(plan=PlanFactory(client=world.client), title="Board games")
    url = reverse("planning:goal_edit", args=[goal.public_id])
    client_http.post(url, {"title": "Board games on Fridays", "version": 1})
    response = clinician_http.post(url, {"title": "Board games by spring", "version": 1})
    goal.refresh_from_db()
    assert response.status_code == 409 and goal.title == "Board games on Fridays"


def _with_base(step, **changes):
    """Post what a browser would: the form's values plus the base values it started from."""
    base = _step_data(step)
    return {**base, **{f"base-{k}": v for k, v in base.items() if k != "version"}, **changes}


def test_a_conflict_merges_the_fields_only_the_other_person_changed(client_http, clinician_http, world):
    step = _step(world)
    url = reverse("planning:step_edit", args=[step.public_id])
    client_http.post(url, _with_base(step, exit_plan="Text Sam and leave"))
    page = clinician_http.post(url, _with_base(step, activity="Coffee at the quiet café")).content.decode()
    assert 'value="Coffee at the quiet café"' in page
    assert "Text Sam and leave</textarea>" in page


def test_saving_the_merged_form_keeps_both_peoples_changes(client_http, clinician_http, world):
    step = _step(world)
    url = reverse("planning:step_edit", args=[step.public_id])
    client_http.post(url, _with_base(step, exit_plan="Text Sam and leave"))
    step.refresh_from_db()
    merged = _with_base(step, activity="Coffee at the quiet café")  # what the re-rendered form now holds
    clinician_http.post(url, merged)
    step.refresh_from_db()
    assert (step.activity, step.exit_plan) == ("Coffee at the quiet café", "Text Sam and leave")


def test_a_stale_value_save_shows_both_versions_and_keeps_the_first_save(client_http, clinician_http, world):
    value = ValueFactory(plan=PlanFactory(client=world.client), statement="Being a good uncle")
    url = reverse("planning:value_edit", args=[value.public_id])
    client_http.post(url, {"statement": "Being an uncle Leo can count on", "version": 1})
    page = clinician_http.post(url, {"statement": "Being there for family", "version": 1}).content.decode()
    value.refresh_from_db()
    assert value.statement == "Being an uncle Leo can count on"
    assert "saved a change while you were editing" in page and "Being there for family" in page


def test_a_value_conflict_keeps_the_why_only_the_other_person_wrote(client_http, clinician_http, world):
    value = ValueFactory(plan=PlanFactory(client=world.client), statement="Family", why="")
    url = reverse("planning:value_edit", args=[value.public_id])
    base = {"statement": "Family", "why": "", "base-statement": "Family", "base-why": "", "version": 1}
    client_http.post(url, {**base, "why": "They missed me"})
    page = clinician_http.post(url, {**base, "statement": "My family"}).content.decode()
    assert 'value="My family"' in page and "They missed me</textarea>" in page


def test_a_stale_trigger_edit_does_not_overwrite_the_other_persons_change(client_http, clinician_http, world):
    trigger = TriggerFactory(client=world.client, name="Crowded bus")
    url = reverse("planning:trigger_edit", args=[trigger.public_id])
    data = {"name": "Crowded bus", "kind": "place", "strength": 60, "version": 1}
    client_http.post(url, {**data, "what_helps": "Headphones on"})
    page = clinician_http.post(url, {**data, "what_helps": "Get off a stop early"}).content.decode()
    trigger.refresh_from_db()
    assert (trigger.what_helps, trigger.version) == ("Headphones on", 2)
    assert "saved a change while you were editing" in page and "Get off a stop early" in page


def test_saving_again_after_a_trigger_conflict_keeps_the_second_persons_words(client_http, clinician_http, world):
    trigger = TriggerFactory(client=world.client, name="Crowded bus")
    url = reverse("planning:trigger_edit", args=[trigger.public_id])
    data = {"name": "Crowded bus", "kind": "place", "strength": 60, "what_helps": "Get off a stop early"}
    client_http.post(url, {**data, "what_helps": "Headphones on", "version": 1})
    clinician_http.post(url, {**data, "version": 1})
    clinician_http.post(url, {**data, "version": 2})
    trigger.refresh_from_db()
    assert (trigger.what_helps, trigger.version) == ("Get off a stop early", 3)


def test_the_client_can_rename_their_plan(client_http, world):
    plan = PlanFactory(client=world.client)
    client_http.post(reverse("planning:plan_edit", args=[plan.public_id]), {"title": "Getting back out", "version": 1})
    plan.refresh_from_db()
    assert plan.title == "Getting back out"


def test_a_read_only_clinician_cannot_rename_the_plan(readonly_http, world):
    plan = PlanFactory(client=world.client, title="My plan")
    response = readonly_http.post(reverse("planning:plan_edit", args=[plan.public_id]), {"title": "X", "version": 1})
    plan.refresh_from_db()
    assert response.status_code == 403 and plan.title == "My plan"


def test_a_stale_plan_rename_shows_both_names_and_keeps_the_first(client_http, clinician_http, world):
    plan = PlanFactory(client=world.client, title="My plan")
    url = reverse("planning:plan_edit", args=[plan.public_id])
    client_http.post(url, {"title": "Getting back out", "version": 1})
    page = clinician_http.post(url, {"title": "Spring plan", "version": 1}).content.decode()
    plan.refresh_from_db()
    assert plan.title == "Getting back out"
    assert "saved a change while you were editing" in page and "Spring plan" in page


def test_renaming_the_plan_audits_the_field_name_only(client_http, world):
    plan = PlanFactory(client=world.client)
    client_http.post(reverse("planning:plan_edit", args=[plan.public_id]), {"title": "Getting back out", "version": 1})
    event = AuditEvent.objects.get(action="plan.updated")
    assert event.changed_fields == ["title"] and "Getting back out" not in str(event.__dict__)
