"""A client in a hard moment on a phone: "Get support" from any page, then their own skills, people and lines."""

from __future__ import annotations

from django.urls import reverse

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
