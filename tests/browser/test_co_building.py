"""Clinician and client build a ladder together, resolve a clashing edit, and the client logs a practice on a phone."""

from __future__ import annotations

import re

from planning.models import Step
from tests.browser.conftest import PHONE
from tests.factories import CareTeamMemberFactory, ClientFactory, ClinicianFactory, OrganizationFactory


def _add_step(page, activity, distress):
    page.get_by_role("link", name="Add a step").first.click()
    page.get_by_label("What you will do").fill(activity)
    page.get_by_label("Distress you expect").fill(str(distress))
    page.get_by_role("button", name="Save step").click()
    page.get_by_role("link", name=activity, exact=True).wait_for()


def _ladder(page):
    return page.locator(".ladder .step-link").all_inner_texts()


def test_a_clinician_and_a_client_build_a_ladder_and_the_client_logs_a_practice(
    browser_page, sign_in, check_axe, transactional_db
):
    clinic = OrganizationFactory(name="Harbour Lane Clinic")
    clinician = ClinicianFactory(organization=clinic, full_name="Dr Ada Treat")
    robin = ClientFactory(organization=clinic, preferred_name="Robin", user__full_name="Robin")
    CareTeamMemberFactory(client=robin, clinician=clinician)

    # In session: the clinician starts the plan and adds a value, a goal and three steps.
    doc = browser_page()
    sign_in(doc, clinician)
    doc.goto(f"/clients/{robin.public_id}/")
    doc.get_by_role("button", name="Start a plan").click()
    doc.get_by_role("heading", name="Robin's plan").wait_for()
    plan_url = doc.url
    check_axe(doc)
    doc.get_by_role("button", name="Start using this plan").click()
    doc.get_by_role("link", name="Add what matters").click()
    check_axe(doc)
    doc.get_by_label("What matters to you").fill("Being a friend people can count on")
    doc.get_by_role("button", name="Save").click()
    doc.get_by_role("link", name="Add a goal").click()
    check_axe(doc)
    doc.get_by_label("Goal", exact=False).first.fill("Join a board-game night by spring")
    doc.get_by_label("Which value it serves").select_option(label="Being a friend people can count on")
    doc.get_by_role("button", name="Save goal").click()
    doc.get_by_role("link", name="Add a step").first.click()
    check_axe(doc)
    doc.get_by_role("link", name="Back to the plan").click()
    for activity, distress in [
        ("Play one short game", 65),
        ("Read the café's page", 15),
        ("Visit on a quiet afternoon", 40),
    ]:
        _add_step(doc, activity, distress)

    # The client, on their own device, adds two steps and agrees to one of the clinician's.
    client = browser_page()
    sign_in(client, robin.user)
    client.goto(plan_url)
    client.get_by_role("heading", name="Your plan").wait_for()
    check_axe(client)
    _add_step(client, "Post hello in the online group", 30)
    _add_step(client, "Watch a game night for half an hour", 55)
    client.get_by_role("button", name=re.compile("I agree to try this.*Play one short game")).click()
    assert robin.plans.get().goals.get().steps.get(activity="Play one short game").is_agreed

    # The clinician sees what changed, sorts the ladder, and moves a step by keyboard.
    doc.goto(plan_url)
    assert doc.locator(".ladder .changed-badge").count() >= 2
    check_axe(doc)
    with doc.expect_navigation():
        doc.get_by_role("button", name="Order by expected distress").click()
    assert _ladder(doc)[0] == "Read the café's page" and _ladder(doc)[-1] == "Play one short game"
    doc.get_by_role("button", name=re.compile("^Later.*Read the café's page")).focus()
    doc.keyboard.press("Enter")
    doc.locator("#ladder-status").filter(has_text="Moved").wait_for()
    assert _ladder(doc)[:2] == ["Post hello in the online group", "Read the café's page"]
    assert "Read the café" in doc.evaluate("document.activeElement.textContent")
    assert len(_ladder(doc)) == 5

    # Both edit the same step; the clinician's save is stale, sees both versions, and nothing is lost.
    step = Step.objects.get(activity="Visit on a quiet afternoon")
    edit_url = f"/steps/{step.public_id}/edit/"
    doc.goto(edit_url)
    client.goto(edit_url)
    client.get_by_label("Your exit plan").fill("I can leave after 20 minutes and text Sam.")
    client.get_by_role("button", name="Save step").click()
    client.get_by_role("heading", name="Your plan").wait_for()
    doc.get_by_label("What you will do").fill("Visit the café on a quiet weekday afternoon")
    doc.get_by_role("button", name="Save step").click()
    doc.get_by_role("heading", name=re.compile("saved a change while you were editing")).wait_for()
    check_axe(doc)
    assert doc.get_by_label("Your exit plan").input_value() == "I can leave after 20 minutes and text Sam."
    doc.get_by_role("button", name="Save step").click()
    doc.get_by_role("heading", name="Robin's plan").wait_for()
    step.refresh_from_db()
    assert step.activity == "Visit the café on a quiet weekday afternoon"
    assert step.exit_plan == "I can leave after 20 minutes and text Sam."

    # On a phone, the client logs a practice: the "before" half now, the "after" half later.
    phone = browser_page(viewport=PHONE)
    sign_in(phone, robin.user)
    check_axe(phone)
    phone.get_by_role("link", name="Log a practice").first.click()
    check_axe(phone)
    phone.get_by_label("Distress you expect").fill("60")
    phone.get_by_label("What you are afraid might happen").fill("Everyone will stare at me")
    phone.get_by_label("How likely it feels").fill("70")
    phone.get_by_role("button", name="Save the before part").click()
    phone.get_by_role("link", name="Add how it went").wait_for()
    check_axe(phone)
    phone.get_by_role("link", name="Add how it went").click()
    check_axe(phone)
    phone.get_by_label("I left early, using my exit plan").check()
    phone.get_by_label("Highest distress").fill("35")
    phone.get_by_label("No", exact=True).check()
    phone.get_by_label("What you learned").fill("Nobody stared. People were busy.")
    phone.get_by_role("button", name="Save how it went").click()
    phone.get_by_text("You expected your distress to reach 60; it peaked at 35.").wait_for()
    assert phone.get_by_text("The outcome you feared did not happen.").is_visible()
    check_axe(phone)

    # The clinician then sees the practice on the plan.
    doc.goto(plan_url)
    assert doc.get_by_text(re.compile("Expected 60, peaked at 35")).is_visible()
    check_axe(doc)


def test_steps_can_be_reordered_by_drag_and_drop(browser_page, sign_in, check_axe, transactional_db):
    from tests.factories import GoalFactory, PlanFactory, StepFactory

    clinic = OrganizationFactory()
    clinician = ClinicianFactory(organization=clinic)
    robin = ClientFactory(organization=clinic, preferred_name="Robin")
    CareTeamMemberFactory(client=robin, clinician=clinician)
    goal = GoalFactory(plan=PlanFactory(client=robin), title="Coffee with Maya")
    for name in ("Send a message", "Video call", "Walk in the park"):
        StepFactory(goal=goal, activity=name)
    page = browser_page()
    sign_in(page, clinician)
    page.goto(f"/plans/{goal.plan.public_id}/")
    handles = page.locator(".drag-handle")
    handles.nth(2).drag_to(page.locator(".ladder-step").nth(0), target_position={"x": 20, "y": 5})
    page.locator("#ladder-status").filter(has_text="Step moved").wait_for()
    page.wait_for_function("document.querySelector('.ladder .step-link').textContent === 'Walk in the park'")
    assert goal.steps.order_by("position").first().activity == "Walk in the park"
    check_axe(page)
