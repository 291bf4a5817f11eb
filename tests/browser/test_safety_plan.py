"""A client on a phone edits their safety plan and downloads both PDFs, in real Chromium."""

from __future__ import annotations

import subprocess
from pathlib import Path

from django.urls import reverse

from planning.demo import safety
from tests.browser.conftest import PHONE
from tests.factories import CareTeamMemberFactory, ClientFactory, OrgAdminFactory


def _pdf_text(path: str) -> str:
    return subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, check=True).stdout.decode()  # noqa: S607


def _download(page, link_name: str) -> str:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    download = info.value
    assert download.suggested_filename.startswith("stepwise-")
    return _pdf_text(str(Path(download.path())))


def test_a_client_on_a_phone_edits_their_plan_and_downloads_both_pdfs(
    browser_page, sign_in, check_axe, transactional_db
):
    client = ClientFactory(preferred_name="Robin")
    CareTeamMemberFactory(client=client)
    page = browser_page(viewport=PHONE)
    sign_in(page, client.user)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My safety plan").click()
    page.get_by_role("heading", name="My safety plan").wait_for()
    check_axe(page)

    page.get_by_role("link", name="Start the plan").click()
    page.get_by_label("Signs a hard time is building").fill("Skipping meals\nLeaving texts unread")
    page.get_by_label("Things I can do on my own to settle").fill("Cold water on my face\nSlow breaths\nStretch")
    page.locator("#id_help_contacts_0_name").fill("Jo")
    page.locator("#id_help_contacts_0_relationship").fill("sister")
    page.locator("#id_help_contacts_0_phone").fill("555-CALL-JO")
    page.get_by_role("button", name="Save this version").click()
    page.get_by_text("Letters can't be dialled").wait_for()
    assert page.get_by_label("Things I can do on my own to settle").input_value().startswith("Cold water on my face")
    check_axe(page)

    page.locator("#id_help_contacts_0_phone").fill("555 0101")
    page.get_by_role("button", name="Save this version").click()
    page.get_by_text("This is version 1 of the plan").wait_for()
    assert page.get_by_role("link", name="555 0101").get_attribute("href") == "tel:5550101"
    check_axe(page)

    page.get_by_label("Add a line to People and places that help me shift focus").fill("The climbing wall")
    page.locator("#safety-distraction").get_by_role("button", name="Add").click()
    page.get_by_text("Added and saved as version 2").wait_for()  # htmx redrew the section in place
    check_axe(page)

    plan = _download(page, "Download to print (PDF)")
    assert "Leaving texts unread" in plan and "Jo (sister): 555 0101" in plan and "988" in plan
    assert "The climbing wall" in plan and "Version 2" in plan
    card = _download(page, "Wallet card (PDF)")
    assert "Skipping meals" in card and "Stretch" in card and "Jo: 555 0101" in card and "988" in card


def test_every_safety_trigger_and_journal_page_passes_axe(browser_page, sign_in, check_axe, transactional_db):
    member = CareTeamMemberFactory(client=ClientFactory(preferred_name="Sam"))
    client = member.client
    safety.seed(client, member.clinician)
    first = client.safety_plan.versions.get(number=1)
    entry = client.journal_entries.filter(shared_with_care_team=True).first()
    trigger = client.triggers.first()
    ids = {"client_id": client.public_id}
    pages = [
        reverse("planning:safety_plan", kwargs=ids),
        reverse("planning:safety_plan_versions", kwargs=ids),
        reverse("planning:safety_plan_version", kwargs={"version_id": first.public_id}),
        reverse("planning:trigger_list", kwargs=ids),
        reverse("planning:trigger_add", kwargs=ids),
        reverse("planning:trigger_edit", kwargs={"trigger_id": trigger.public_id}),
        reverse("planning:journal_list", kwargs=ids),
        reverse("planning:journal_detail", kwargs={"entry_id": entry.public_id}),
        reverse("planning:journal_patterns", kwargs=ids),
    ]
    client_only = [
        reverse("planning:client_home"),
        reverse("planning:journal_add", kwargs=ids),
        reverse("planning:journal_edit", kwargs={"entry_id": entry.public_id}),
    ]
    for user, urls in ((member.clinician, pages), (client.user, pages + client_only)):
        page = browser_page(viewport=PHONE)
        sign_in(page, user)
        for url in urls:
            page.goto(url)
            check_axe(page)


def test_the_crisis_lines_pages_pass_axe(browser_page, sign_in, check_axe, transactional_db):
    admin = OrgAdminFactory()
    page = browser_page()
    sign_in(page, admin)
    page.goto(reverse("planning:org_crisis_lines"))
    check_axe(page)
    page.get_by_role("button", name="Make these our own").click()
    page.get_by_role("link", name="Edit Samaritans Call").click()
    page.get_by_role("heading", name="Edit a crisis line").wait_for()
    check_axe(page)
