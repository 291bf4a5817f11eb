"""The "Leave quickly" button on a phone: always in the header band, never over the menu toggle or the page."""

from __future__ import annotations

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
