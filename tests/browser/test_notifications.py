"""A client opens an unread update and lands on the step; a clinician chooses their weekly summary's day."""

from __future__ import annotations

from planning.services.plans import step_create
from tests.factories import CareTeamMemberFactory, ClientFactory, GoalFactory, PlanFactory


def test_a_client_opens_an_unread_update_and_lands_on_the_proposed_step(
    browser_page, sign_in, check_axe, transactional_db
):
    client = ClientFactory(preferred_name="Robin")
    clinician = CareTeamMemberFactory(client=client).clinician
    goal = GoalFactory(plan=PlanFactory(client=client))
    step_create(actor=clinician, goal=goal, activity="Coffee with Sam", expected_distress=30)
    page = browser_page()
    sign_in(page, client.user)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Updates 1 new").click()
    page.get_by_role("heading", name="Updates").wait_for()
    check_axe(page)

    page.get_by_role("link", name="Your clinician proposed a step for you.").click()
    page.get_by_text("Coffee with Sam").first.wait_for()
    assert "/steps/" in page.url
    page.goto("/notifications/")
    assert page.get_by_text("Read ·").count() == 1
    assert page.get_by_role("button", name="Mark all as read").count() == 0


def test_a_client_marks_all_read_in_one_tap(browser_page, sign_in, check_axe, transactional_db):
    client = ClientFactory()
    clinician = CareTeamMemberFactory(client=client).clinician
    goal = GoalFactory(plan=PlanFactory(client=client))
    for activity in ("Coffee", "A walk"):
        step_create(actor=clinician, goal=goal, activity=activity, expected_distress=30)
    page = browser_page()
    sign_in(page, client.user)
    page.goto("/notifications/")
    page.get_by_role("button", name="Mark all as read").click()
    page.get_by_role("button", name="Mark all as read").wait_for(state="detached")
    assert page.get_by_text("Read ·").count() == 2
    assert page.locator("#notification-badge").inner_text() == ""
    check_axe(page)


def test_a_clinician_chooses_the_weekly_summary_day(browser_page, sign_in, check_axe, transactional_db):
    clinician = CareTeamMemberFactory().clinician
    page = browser_page()
    sign_in(page, clinician)
    page.goto("/notifications/")
    check_axe(page)
    page.get_by_role("link", name="Weekly summary by email").click()
    page.get_by_role("heading", name="Weekly summary").wait_for()
    check_axe(page)
    page.get_by_label("On").select_option(label="Thursday")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved.").wait_for()
    assert page.get_by_label("On").input_value() == "3"
