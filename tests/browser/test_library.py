"""The library in a real browser: a clinician builds a step from a template and attaches a skill;
the client opens it in one tap and uses the breathing pacer by keyboard. axe-core checks each page."""

from __future__ import annotations

from content.loader import load_library
from planning.models import CareTeamMember
from tests.browser.conftest import PHONE
from tests.factories import (
    CareTeamMemberFactory,
    ClientFactory,
    ClinicianFactory,
    GoalFactory,
    OrgAdminFactory,
    PlanFactory,
)


def test_a_step_from_a_template_and_an_attached_skill_reach_the_client(
    browser_page, sign_in, check_axe, transactional_db
):
    load_library()  # transactional tests empty the tables between tests; the loader is idempotent
    person = ClientFactory(preferred_name="Robin")
    clinician = ClinicianFactory(organization=person.organization, email="ada@example.test")
    CareTeamMemberFactory(client=person, clinician=clinician, access=CareTeamMember.Access.WRITE)
    goal = GoalFactory(plan=PlanFactory(client=person), title="Join the Thursday walking group")

    page = browser_page()
    sign_in(page, clinician)
    page.goto(f"/plans/{goal.plan.public_id}/")
    page.get_by_role("link", name="Add from the library to “Join the Thursday walking group”").click()
    page.get_by_role("heading", name="Add a step from the library").wait_for()
    check_axe(page)
    page.get_by_label("Setting").select_option("in_person")
    page.get_by_role("button", name="Show", exact=True).click()
    page.get_by_role("button", name="Go for a walk with a friend").click()
    page.get_by_text("Added to the ladder").wait_for()
    step = goal.steps.get()
    assert step.template_key == "walk-with-a-friend"

    page.goto(f"/steps/{step.public_id}/")
    page.get_by_role("link", name="Choose from the library").click()
    check_axe(page)
    page.get_by_label("Paced breathing (coping skill)").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Paced breathing").wait_for()

    phone = browser_page(viewport=PHONE)
    sign_in(phone, person.user)
    phone.goto(f"/steps/{step.public_id}/")
    phone.get_by_role("link", name="Paced breathing").click()
    phone.get_by_role("heading", name="Paced breathing", level=1).wait_for()
    check_axe(phone)
    start = phone.get_by_role("button", name="Start")
    start.focus()
    phone.keyboard.press("Enter")
    assert phone.get_by_text("Breathe in", exact=True).is_visible()
    assert phone.get_by_role("button", name="Pause").get_attribute("aria-pressed") == "true"
    assert "is-in" not in phone.locator("[data-pacer-circle]").get_attribute("class")  # reduced motion: no growing


def test_library_pages_pass_axe_for_a_client(browser_page, sign_in, check_axe, transactional_db):
    load_library()
    person = ClientFactory()
    page = browser_page(viewport=PHONE)
    sign_in(page, person.user)
    page.goto("/library/")
    check_axe(page)
    page.get_by_role("searchbox", name="Search").fill("saying no")
    page.get_by_role("button", name="Show", exact=True).click()
    page.get_by_role("link", name="Saying no kindly").click()
    check_axe(page)
    page.goto("/library/words/")
    check_axe(page)


def test_an_organisation_admin_adds_a_clinic_item(browser_page, sign_in, check_axe, transactional_db):
    load_library()
    admin = OrgAdminFactory()
    page = browser_page()
    sign_in(page, admin)
    page.goto("/library/clinic/")
    check_axe(page)
    page.get_by_role("link", name="Add an item").click()
    check_axe(page)
    page.get_by_label("Kind").select_option("topic")
    page.get_by_label("Title").fill("Our quiet room")
    page.get_by_label("Summary").fill("Where to rest before or after a session.")
    page.get_by_label("Text").fill("The quiet room is on the ground floor, next to reception.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Our quiet room", exact=True).click()
    page.get_by_role("heading", name="Our quiet room").wait_for()
    check_axe(page)
