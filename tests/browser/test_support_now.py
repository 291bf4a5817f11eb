"""A client in a hard moment on a phone: "Get support" from any page, then their own skills, people and lines."""

from __future__ import annotations

from django.urls import reverse

from content.loader import load_library
from content.models import Item
from planning.models import CopingRun, LibraryLink
from tests.browser.conftest import PHONE
from tests.factories import CareTeamMemberFactory, ClientFactory, SafetyPlanVersionFactory


def _overlaps(a, b) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_get_support_is_one_tap_from_a_phone_and_opens_the_clients_own_screen(
    browser_page, sign_in, check_axe, transactional_db
):
    client = ClientFactory(preferred_name="Robin")
    CareTeamMemberFactory(client=client)
    SafetyPlanVersionFactory(plan__client=client)
    page = browser_page(viewport=PHONE)
    sign_in(page, client.user)
    page.goto(reverse("planning:client_home"))
    nav = page.get_by_role("navigation", name="Main")
    shortcut = nav.get_by_role("link", name="Get support")
    box = shortcut.bounding_box()
    assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    for other in (".leave-quickly", ".navbar-toggler"):
        assert not _overlaps(box, page.locator(other).bounding_box())
    assert not _overlaps(box, nav.get_by_role("link", name="My safety plan").bounding_box())

    shortcut.click()
    page.get_by_role("heading", name="Get support now", level=1).wait_for()
    call = page.get_by_role("link", name="Call Jo 555 0101")
    assert call.get_attribute("href") == "tel:5550101"
    assert call.bounding_box()["height"] >= 44
    check_axe(page)


def test_a_client_opens_get_support_from_home_and_runs_grounding_with_before_and_after_ratings(
    browser_page, sign_in, check_axe, transactional_db
):
    load_library()  # transactional tests empty the tables between tests; the loader is idempotent
    client = ClientFactory(preferred_name="Robin")
    CareTeamMemberFactory(client=client)
    version = SafetyPlanVersionFactory(plan__client=client)
    grounding = Item.objects.get(slug="grounding-5-4-3-2-1", organization=None)
    LibraryLink.objects.create(safety_plan=version.plan, item=grounding)
    page = browser_page(viewport=PHONE)
    sign_in(page, client.user)
    page.goto(reverse("planning:client_home"))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Get support").click()
    page.get_by_role("link", name="5-4-3-2-1 grounding: step by step").click()
    page.get_by_role("heading", name="5-4-3-2-1 grounding", level=1).wait_for()
    check_axe(page)

    before = page.get_by_role("group", name="Before you start: how strong is the distress right now?")
    before.get_by_text("70", exact=True).click()
    # One sense at a time: the next step shows only after "Done".
    assert page.get_by_role("heading", name="Step 2 of 5: 4 things you can feel").is_hidden()
    page.get_by_label("Things I can see").fill("the kettle, a blue mug")
    for number in range(1, 6):
        step = page.locator("[data-guided-step]").nth(number - 1)
        assert step.is_visible()
        step.get_by_role("button", name="Done").click()
    page.get_by_role("heading", name="When you are ready").wait_for()
    check_axe(page)
    page.get_by_role("group", name="And now: how strong is the distress?").get_by_text("40", exact=True).click()
    page.get_by_role("button", name="Save how it went").click()

    page.get_by_text("You went from 70 to 40. Only you can see it.").wait_for()
    run = CopingRun.objects.get(client=client)
    assert (run.distress_before, run.distress_after, run.shared_with_care_team) == (70, 40, False)
    check_axe(page)


def test_tense_and_release_times_a_muscle_group_without_moving_anything_under_reduced_motion(
    browser_page, sign_in, check_axe, transactional_db
):
    load_library()
    client = ClientFactory(preferred_name="Robin")
    CareTeamMemberFactory(client=client)
    item = Item.objects.get(slug="progressive-muscle-relaxation", organization=None)
    page = browser_page(viewport=PHONE)  # the browser pages ask for reduced motion
    sign_in(page, client.user)
    page.goto(reverse("planning:coping_guided", args=[item.public_id]))
    step = page.locator("[data-guided-step]").first
    step.get_by_role("button", name="Start the timer").click()
    step.get_by_text("Tense now").wait_for()
    assert step.locator(".guided-timer-track").is_hidden()  # no bar sliding: the count alone shows time passing
    step.get_by_text("Let go, and notice the difference").wait_for(timeout=8000)
    check_axe(page)


def test_after_a_second_rated_run_that_helped_the_skill_says_it_has_helped_before(
    browser_page, sign_in, check_axe, transactional_db
):
    load_library()
    client = ClientFactory(preferred_name="Robin")
    CareTeamMemberFactory(client=client)
    grounding = Item.objects.get(slug="grounding-5-4-3-2-1", organization=None)
    CopingRun.objects.create(
        client=client, item=grounding, skill_title=grounding.title, distress_before=75, distress_after=45
    )  # one earlier run: not enough yet to say it helps (COPING_HELPED_MIN_RUNS is 2)
    page = browser_page(viewport=PHONE)
    sign_in(page, client.user)
    page.goto(reverse("planning:coping_guided", args=[grounding.public_id]))
    page.get_by_role("heading", name="5-4-3-2-1 grounding", level=1).wait_for()
    assert page.get_by_text("This has helped you before.").count() == 0

    page.get_by_role("group", name="Before you start: how strong is the distress right now?").get_by_text(
        "70", exact=True
    ).click()
    for number in range(5):
        page.locator("[data-guided-step]").nth(number).get_by_role("button", name="Done").click()
    page.get_by_role("group", name="And now: how strong is the distress?").get_by_text("40", exact=True).click()
    page.get_by_role("button", name="Save how it went").click()

    page.get_by_text("You went from 70 to 40. Only you can see it.").wait_for()
    helped = page.locator(".helped-before")
    assert helped.inner_text() == (
        "This has helped you before. Over the 2 times you rated it, your distress came down by 30 points on average."
    )
    check_axe(page)
