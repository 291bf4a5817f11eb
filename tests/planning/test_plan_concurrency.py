"""Two people editing the same step or goal: a stale save never overwrites, and nothing typed is lost."""

from __future__ import annotations

from django.urls import reverse

from tests.factories import GoalFactory, PlanFactory, StepFactory


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
    assert response.status_code == 200 and goal.title == "Board games on Fridays"


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
