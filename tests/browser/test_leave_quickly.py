"""Leaving quickly leaves no trail in the tab: the address and title say nothing, the history does not grow,
and Back never shows a Stepwise page again, in real Chromium."""

from __future__ import annotations

from django.urls import reverse

from tests.browser.conftest import PHONE
from tests.factories import CareTeamMemberFactory, ClientFactory, JournalEntryFactory

NEUTRAL = "/recipes/tomato-soup/"


def _a_client_who_read_their_journal_and_safety_plan(browser_page, sign_in):
    client = ClientFactory(preferred_name="Robin")
    CareTeamMemberFactory(client=client)
    entry = JournalEntryFactory(client=client)
    page = browser_page(viewport=PHONE)
    page.goto(reverse("planning:my_safety_plan"))  # signed out: sent to sign in first
    sign_in(page, client.user)
    page.goto(reverse("planning:my_safety_plan"))
    page.goto(reverse("planning:journal_detail", kwargs={"entry_id": entry.public_id}))
    return page


def _stepwise_seen(page) -> str | None:
    """Say what, if anything, of Stepwise the tab shows now: its address or its page."""
    path = page.evaluate("location.pathname + location.search")
    if path != NEUTRAL:
        return path
    if page.title() != "Simple tomato soup" or "Stepwise" in page.content():
        return f"{path} titled {page.title()!r}"
    return None


def test_leave_quickly_then_back_never_shows_a_stepwise_page(browser_page, sign_in, transactional_db):
    page = _a_client_who_read_their_journal_and_safety_plan(browser_page, sign_in)
    entries = page.evaluate("history.length")

    page.get_by_role("button", name="Leave quickly").click()
    page.wait_for_url(f"**{NEUTRAL}")
    assert page.evaluate("history.length") == entries
    assert page.title() == "Simple tomato soup"

    seen = []
    while page.go_back(wait_until="load") is not None and page.url.startswith("http"):
        page.wait_for_url(f"**{NEUTRAL}")
        seen.append(_stepwise_seen(page))
    assert len(seen) >= 3, "the test walked back through the sign-in, safety plan and journal entries"
    assert seen == [None] * len(seen)


def test_leaving_quickly_signs_out_and_opening_stepwise_again_asks_to_sign_in(
    browser_page, sign_in, check_axe, transactional_db
):
    page = _a_client_who_read_their_journal_and_safety_plan(browser_page, sign_in)
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(f"**{NEUTRAL}")
    check_axe(page)

    page.goto(reverse("planning:my_safety_plan"))  # on purpose, from the address bar
    assert page.evaluate("location.pathname + location.search") == reverse("login")
    page.get_by_role("heading", name="Sign in").wait_for()
    check_axe(page)


def test_without_the_mark_back_still_works_inside_stepwise(browser_page, sign_in, transactional_db):
    """Control: the Back guard only acts after leaving quickly."""
    page = _a_client_who_read_their_journal_and_safety_plan(browser_page, sign_in)
    page.go_back()
    assert page.evaluate("location.pathname") == reverse("planning:my_safety_plan")
