"""The idle sign-out, made kind: a dialog offers to stay signed in, and what was typed survives signing out.

The session lives 8 seconds here instead of 30 minutes and the dialog opens 5 seconds before the end:
the page reads both from data attributes on the <dialog>, drawn from the settings.
"""

from __future__ import annotations

from django.urls import reverse

from tests.factories import CareTeamMemberFactory, ClientFactory

TYPED = "Lunch with Priya at the market, stayed for dessert"


def test_the_dialog_keeps_a_person_signed_in_and_typed_text_survives_the_sign_out(
    browser_page, sign_in, check_axe, settings, transactional_db
):
    settings.SESSION_COOKIE_AGE = 8
    settings.IDLE_WARNING_SECONDS = 5
    client = ClientFactory(preferred_name="Robin")
    CareTeamMemberFactory(client=client)
    journal_new = reverse("planning:journal_add", kwargs={"client_id": client.public_id})
    page = browser_page()
    sign_in(page, client.user)
    page.goto(journal_new)
    page.locator("textarea[name=situation]").fill(TYPED)

    dialog = page.locator("dialog#idle-dialog")
    dialog.wait_for(state="visible")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Stay signed in"  # keyboard-ready
    check_axe(page)
    with page.expect_response(lambda response: "stay-signed-in" in response.url) as ping:
        page.keyboard.press("Enter")
    assert ping.value.status == 204
    dialog.wait_for(state="hidden")
    assert page.locator("textarea[name=situation]").input_value() == TYPED  # control: still on the form

    page.wait_for_url("**/accounts/login/", timeout=15_000)  # nobody answers the second time: signed out
    assert TYPED not in page.evaluate("document.cookie") and TYPED not in page.url
    sign_in(page, client.user)
    offer = page.locator("#draft-offer")
    offer.get_by_role("link", name="Go back to that page").click()
    page.wait_for_url(f"**{journal_new}")
    check_axe(page)
    page.get_by_role("button", name="Put back what you typed").click()
    assert page.locator("textarea[name=situation]").input_value() == TYPED
    assert page.evaluate("sessionStorage.getItem('stepwise-draft')") is None  # offered once, then gone
