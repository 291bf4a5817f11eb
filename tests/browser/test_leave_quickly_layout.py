"""A client's header on a phone: "Leave quickly" always in the header band, never over the menu toggle or the page,
and "My safety plan" one tap away without opening the menu."""

from __future__ import annotations

from django.urls import reverse

from tests.browser.conftest import PHONE
from tests.factories import CareTeamMemberFactory, ClientFactory


def _box(page, locator):
    return page.locator(locator).bounding_box()


def _overlaps(a, b) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_leave_quickly_never_covers_the_menu_toggle_or_the_page_after_scrolling(
    browser_page, sign_in, transactional_db
):
    client = ClientFactory(preferred_name="Robin")
    CareTeamMemberFactory(client=client)
    page = browser_page(viewport=PHONE)
    sign_in(page, client.user)
    page.goto("/me/safety-plan/")
    assert not _overlaps(_box(page, ".leave-quickly"), _box(page, ".navbar-toggler"))

    page.evaluate("window.scrollTo(0, 1200)")
    assert page.evaluate("window.scrollY") > 0
    button, header = _box(page, ".leave-quickly"), _box(page, ".site-header")
    assert header["y"] == 0 and button["y"] + button["height"] <= header["height"]


def test_my_safety_plan_is_one_tap_from_a_phone_without_opening_the_menu(
    browser_page, sign_in, check_axe, transactional_db
):
    client = ClientFactory(preferred_name="Robin")
    CareTeamMemberFactory(client=client)
    page = browser_page(viewport=PHONE)
    sign_in(page, client.user)
    shortcut = page.get_by_role("navigation", name="Main").get_by_role("link", name="My safety plan")
    for url in (reverse("content:index"), reverse("planning:client_home")):
        page.goto(url)
        assert shortcut.is_visible()
        assert page.get_by_role("button", name="Show menu").get_attribute("aria-expanded") == "false"
        box = shortcut.bounding_box()
        assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert not _overlaps(box, _box(page, ".leave-quickly"))
        assert not _overlaps(box, _box(page, ".navbar-toggler"))
        check_axe(page)

    shortcut.click()
    page.get_by_role("heading", name="My safety plan", level=1).wait_for()
    assert page.url.endswith(reverse("planning:my_safety_plan"))
    check_axe(page)
