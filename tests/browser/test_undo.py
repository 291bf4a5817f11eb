"""Nothing is lost by one tap: on a phone, a client deletes a journal entry and a safety-plan line, then undoes both."""

from __future__ import annotations

from django.urls import reverse

from planning.models import JournalEntry
from tests.browser.conftest import PHONE
from tests.factories import CareTeamMemberFactory, ClientFactory, JournalEntryFactory, SafetyPlanVersionFactory


def test_a_client_on_a_phone_deletes_a_journal_entry_and_undoes_it(browser_page, sign_in, check_axe, transactional_db):
    client = ClientFactory(preferred_name="Robin")
    CareTeamMemberFactory(client=client)
    entry = JournalEntryFactory(client=client, situation="Coffee with Ana", shared_with_care_team=False)
    page = browser_page(viewport=PHONE)
    sign_in(page, client.user)
    page.goto(reverse("planning:journal_detail", args=[entry.public_id]))
    page.get_by_role("button", name="Delete this entry").click()
    page.get_by_text("You can undo this for 10 minutes").wait_for()
    assert page.get_by_text("Coffee with Ana").count() == 0
    undo = page.get_by_role("button", name="Undo")
    box = undo.bounding_box()
    assert box is not None and box["height"] >= 44  # a thumb-sized target
    check_axe(page)

    undo.click()
    page.get_by_text("Brought back, just as it was.").wait_for()
    page.get_by_text("Coffee with Ana").wait_for()
    assert JournalEntry.objects.get().shared_with_care_team is False
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scroll
    check_axe(page)


def test_a_client_on_a_phone_removes_a_safety_plan_line_and_undoes_it(
    browser_page, sign_in, check_axe, transactional_db
):
    client = ClientFactory(preferred_name="Robin")
    CareTeamMemberFactory(client=client)
    version = SafetyPlanVersionFactory(plan__client=client, content={"coping": ["Slow breaths", "Cold water"]})
    version.plan.version = 1
    version.plan.save()
    page = browser_page(viewport=PHONE)
    sign_in(page, client.user)
    page.goto(reverse("planning:my_safety_plan"))
    page.get_by_role("button", name="Remove “Cold water”").click()
    page.get_by_text("The line is off the safety plan.").wait_for()
    assert page.locator("#safety-coping").get_by_text("Cold water").count() == 0
    check_axe(page)

    page.get_by_role("button", name="Undo").click()
    page.get_by_text("Brought back, just as it was.").wait_for()
    page.locator("#safety-coping").get_by_text("Cold water").wait_for()
    check_axe(page)
