"""On a phone, a client chooses what goes on their wallet card, watches the preview change and downloads it."""

from __future__ import annotations

import subprocess
from pathlib import Path

from playwright.sync_api import expect

from planning.services.safety_plan import safety_plan_save
from tests.browser.conftest import PHONE
from tests.factories import CareTeamMemberFactory, ClientFactory

CONTENT = {
    "warning_signs": ["Curtains shut by noon", "Skipping meals"],
    "coping": ["Cold water on my face", "Slow breaths", "Stretch by the window"],
    "help_contacts": [{"name": "Jo", "relationship": "sister", "phone": "555 0101"}],
    "professional_contacts": [
        {"name": "Dr Ada Treat", "relationship": "my clinician", "phone": "555 0100"},
        {"name": "Out-of-hours GP", "relationship": "doctor", "phone": "555 0111"},
    ],
}


def _pdf(path: Path) -> tuple[str, str]:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()  # noqa: S607
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout.decode()  # noqa: S607
    return " ".join(text.split()), info


def test_a_client_on_a_phone_chooses_their_card_sees_it_and_downloads_it(
    browser_page, sign_in, check_axe, transactional_db
):
    member = CareTeamMemberFactory(client=ClientFactory(preferred_name="Robin"))
    client = member.client
    client.organization.country = "United Kingdom"
    client.organization.phone = "555 0199"
    client.organization.save()
    safety_plan_save(actor=client.user, client=client, content=CONTENT, based_on=0)
    page = browser_page(viewport=PHONE)
    sign_in(page, client.user)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My safety plan").click()
    phone_link = page.get_by_role("link", name="555 0101")
    assert phone_link.bounding_box()["height"] >= 44  # a number on the plan is a full-size tap target

    page.get_by_role("link", name="Choose what goes on the wallet card").click()
    page.get_by_role("heading", name="My wallet card").wait_for()
    preview = page.locator("#card-preview")
    assert "Dr Ada Treat: 555 0100" in preview.inner_text()  # the clinician is on the card to start with
    assert page.get_by_label(f"{client.organization.name}: 555 0199 (your clinic)").is_checked()
    check_axe(page)

    page.get_by_label("Stretch by the window").uncheck()
    page.get_by_text("Preview (not saved yet)").wait_for()  # htmx redrew the preview from the ticks
    assert "Stretch by the window" not in preview.inner_text() and "Slow breaths" in preview.inner_text()
    page.get_by_label("Out-of-hours GP (doctor): 555 0111").uncheck()
    expect(preview).not_to_contain_text("Out-of-hours GP")  # waits for htmx to swap the preview in
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing runs off the phone
    check_axe(page)

    page.get_by_role("button", name="Save my choice").click()
    page.get_by_text("Saved. Your wallet card will print like the preview.").wait_for()
    check_axe(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="Download the card (PDF)").click()
    text, pdfinfo = _pdf(Path(info.value.path()))
    for contact in ("Jo: 555 0101", "Dr Ada Treat: 555 0100", f"{client.organization.name}: 555 0199"):
        assert contact in text
    assert "Samaritans: Call 116 123" in text and "Emergency: 999" in text
    assert "Stretch by the window" not in text and "Out-of-hours GP" not in text
    assert "595.276 x 841.89 pts (A4)" in pdfinfo and "Pages: 1" in " ".join(pdfinfo.split())
