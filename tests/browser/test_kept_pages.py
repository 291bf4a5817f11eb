"""A kept safety plan in real Chromium: reloaded from the cache, its quick-add form still saves, with and without htmx.

A kept page (config/kept_pages.py) carries a CSRF token put in when it is served, in the form and in
<body hx-headers> for htmx; these tests add a line from a page that was served kept, not drawn.
"""

from __future__ import annotations

from typing import Any

import pytest

from planning.services.safety_plan import safety_plan_add_line
from planning.views import safety as safety_views
from tests.browser.conftest import PHONE
from tests.factories import CareTeamMemberFactory, ClientFactory

COPING = "Things I can do on my own to settle"


@pytest.fixture
def draws(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count each time the safety plan page is drawn; a visit served kept adds nothing."""
    counted: list[int] = []
    draw = safety_views._draw_plan_page

    def counting(*args: Any, **kwargs: Any) -> Any:
        counted.append(1)
        return draw(*args, **kwargs)

    monkeypatch.setattr(safety_views, "_draw_plan_page", counting)
    return counted


def _robin() -> Any:
    client = ClientFactory(preferred_name="Robin")
    CareTeamMemberFactory(client=client)
    safety_plan_add_line(actor=client.user, client=client, section="coping", text="Cold water on my face")
    return client


def _open_kept(page: Any, draws: list[int]) -> None:
    """Open the safety plan (drawn), then reload it (served kept: nothing drawn)."""
    page.goto("/me/safety-plan/")
    page.get_by_role("heading", name="My safety plan").wait_for()
    assert len(draws) == 1
    page.reload()
    page.get_by_role("heading", name="My safety plan").wait_for()
    assert len(draws) == 1, "the reload should be served kept, not drawn again"
    assert page.get_by_text("Cold water on my face").is_visible()


def test_a_line_added_with_htmx_on_a_kept_safety_plan_saves_and_shows(
    browser_page, sign_in, check_axe, transactional_db, draws
):
    client = _robin()
    page = browser_page(viewport=PHONE)
    sign_in(page, client.user)
    _open_kept(page, draws)
    check_axe(page)

    page.get_by_label(f"Add a line to {COPING}").fill("Hum a song I know by heart")
    page.locator("#safety-coping").get_by_role("button", name="Add").click()
    page.get_by_text("Added and saved as version 2").wait_for()  # htmx redrew the section with the kept page's token
    assert page.locator("#safety-coping").get_by_text("Hum a song I know by heart").is_visible()
    check_axe(page)

    page.reload()  # the change was recorded: the page is drawn again, with the line
    page.get_by_role("heading", name="My safety plan").wait_for()
    assert len(draws) == 2
    assert page.locator("#safety-coping").get_by_text("Hum a song I know by heart").is_visible()
    assert client.safety_plan.current_version().content["coping"][-1] == "Hum a song I know by heart"


def test_a_line_added_without_htmx_on_a_kept_safety_plan_saves_and_shows(
    browser_page, sign_in, check_axe, transactional_db, draws
):
    client = _robin()
    page = browser_page(viewport=PHONE)
    # htmx never arrives (a blocked or failed script): the form posts as a plain form and the page reloads. The
    # other scripts still run, so axe can check the page (it cannot with JavaScript turned off altogether).
    page.route("**/htmx.min.js", lambda route: route.fulfill(content_type="text/javascript", body="/* no htmx */"))
    sign_in(page, client.user)
    _open_kept(page, draws)
    assert page.evaluate("typeof window.htmx") == "undefined"
    check_axe(page)

    page.get_by_label(f"Add a line to {COPING}").fill("Step outside and name five things I can see")
    page.locator("#safety-coping").get_by_role("button", name="Add").click()
    page.get_by_text("Added to your plan.").wait_for()
    assert page.locator("#safety-coping").get_by_text("Step outside and name five things I can see").is_visible()
    check_axe(page)

    page.goto("/me/safety-plan/")  # the header's link: drawn again after the change, never the stale kept page
    page.get_by_role("heading", name="My safety plan").wait_for()
    assert page.locator("#safety-coping").get_by_text("Step outside and name five things I can see").is_visible()
    assert client.safety_plan.current_version().content["coping"][-1] == "Step outside and name five things I can see"
