"""In Chromium at phone width: a client asks for a copy of their record from the account page and downloads it once."""

from __future__ import annotations

import json
import zipfile

from tests.factories import JournalEntryFactory, SafetyPlanVersionFactory

PHONE = {"width": 390, "height": 844}


def test_a_client_downloads_a_copy_of_their_record_once(browser_page, sign_in, check_axe, transactional_db, tmp_path):
    version = SafetyPlanVersionFactory(plan__client__preferred_name="Robin")
    client = version.plan.client
    JournalEntryFactory(client=client, shared_with_care_team=False, situation="A walk I kept to myself")
    page = browser_page(viewport=PHONE, accept_downloads=True)
    sign_in(page, client.user)
    page.goto("/account/")
    page.get_by_role("link", name="Get a copy of your record").click()
    page.get_by_role("heading", name="A copy of your record").wait_for()
    check_axe(page)
    page.get_by_role("button", name="Make a copy of my record").click()
    page.get_by_role("heading", name="Your copy is ready").wait_for()  # the worker is in-process here
    check_axe(page)
    link = page.get_by_role("link", name="Download your copy")
    href = link.get_attribute("href")
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / "copy.zip"
    download.value.save_as(saved)
    record = json.loads(zipfile.ZipFile(saved).read("stepwise-record.json"))
    assert record["journal_entries"][0]["situation"] == "A walk I kept to myself"
    page.goto(href)
    page.get_by_text("This link has been used").wait_for()
    check_axe(page)
