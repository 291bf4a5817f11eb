"""A hard practice on a phone: the client is offered a look back, chooses a smaller version and adds the rung."""

from __future__ import annotations

from django.urls import reverse

from planning.models import SetbackReview, Step
from tests.browser.conftest import PHONE
from tests.factories import CareTeamMemberFactory, ClientFactory, GoalFactory, PlanFactory, PracticeFactory, StepFactory


def test_a_hard_practice_leads_to_a_look_back_that_adds_a_smaller_rung(
    browser_page, sign_in, check_axe, transactional_db
):
    robin = ClientFactory(preferred_name="Robin")
    CareTeamMemberFactory(client=robin)
    plan = PlanFactory(client=robin, status="active")
    goal = GoalFactory(plan=plan, title="Meet Jo for coffee")
    StepFactory(goal=goal, position=1, activity="Message Jo", expected_distress=20)
    hard = StepFactory(goal=goal, position=2, activity="Coffee with Jo", expected_distress=40)
    StepFactory(goal=goal, position=3, activity="Lunch with Jo and friends", expected_distress=60)
    practice = PracticeFactory(step=hard, expected_distress=40)
    page = browser_page(viewport=PHONE)
    sign_in(page, robin.user)

    # How it went: far harder than expected, and Robin says so.
    page.goto(reverse("planning:practice_after", args=[practice.public_id]))
    page.get_by_label("I stayed as long as I planned").check()
    page.get_by_label("Highest distress").fill("85")
    page.get_by_label("Partly").check()
    page.get_by_label("That was hard").check()
    page.get_by_role("button", name="Save how it went").click()

    # Offered, never required: the practice is saved and the look back is one choice on the page.
    page.get_by_role("heading", name="That sounds like a hard one").wait_for()
    offer = page.get_by_role("link", name="Look back at this practice")
    assert offer.bounding_box()["height"] >= 44
    check_axe(page)
    offer.click()

    page.get_by_role("heading", name="Looking back at a hard one", level=1).wait_for()
    check_axe(page)
    page.get_by_label("There were more people, or more noise, than I pictured").check()
    page.get_by_label("What still went all right?").fill("I got there and ordered")
    page.get_by_label("Try a smaller version first").check()
    page.get_by_role("button", name="Save my look back").click()

    # The smaller rung is a suggestion Robin words and says yes to.
    page.get_by_role("heading", name="A smaller rung").wait_for()
    check_axe(page)
    assert page.get_by_label("The smaller rung, in your words").input_value() == "A smaller version of: Coffee with Jo"
    page.get_by_label("The smaller rung, in your words").fill("Coffee with Jo at my place")
    page.get_by_label("Distress you expect").fill("25")
    page.get_by_role("button", name="Yes, add it to my ladder").click()

    # On the ladder, just below the step that was hard.
    page.get_by_text("The smaller rung is on your ladder").wait_for()
    rungs = page.locator(f"#goal-{goal.public_id} .ladder-step .step-link").all_inner_texts()
    assert rungs == ["Message Jo", "Coffee with Jo at my place", "Coffee with Jo", "Lunch with Jo and friends"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    check_axe(page)
    assert SetbackReview.objects.get().proposal == "accepted"
    assert Step.objects.get(activity="Coffee with Jo at my place").expected_distress == 25
