"""In real Chromium: a clinician sees a flagged client first, clears a reason with "Seen"; axe on the caseload
and on the clinic's caseload rules.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from planning.models import Client
from tests.factories import CareTeamMemberFactory, ClientFactory, ClinicianFactory, OrgAdminFactory, RiskFlagFactory


def test_a_clinician_sees_the_flagged_client_first_and_clears_a_reason(
    browser_page, sign_in, check_axe, transactional_db
):
    clinician = ClinicianFactory()
    clients = {
        name: CareTeamMemberFactory(
            clinician=clinician, client=ClientFactory(organization=clinician.organization, preferred_name=name)
        ).client
        for name in ("Avery", "Blake", "Quinn", "Zara")
    }
    Client.objects.filter(pk=clients["Avery"].pk).update(created_at=timezone.now() - timedelta(weeks=4))
    RiskFlagFactory(client=clients["Zara"])

    page = browser_page()
    sign_in(page, clinician)
    page.goto("/caseload/")
    first_row = page.locator("table.caseload tbody tr").first
    assert first_row.get_by_role("rowheader").get_by_role("link").inner_text() == "Zara"
    page.get_by_role("region", name="Needs a look").get_by_role("link", name="Zara").wait_for()
    second_row = page.locator("table.caseload tbody tr").nth(1)
    quiet = second_row.locator("li.need-chip", has_text="Quiet for a while")
    assert second_row.get_by_role("link").first.inner_text() == "Avery" and quiet.is_visible()
    check_axe(page)

    quiet.get_by_role("button", name="Seen").click()
    page.get_by_text("Marked as seen.").wait_for()
    assert page.locator("li.need-chip", has_text="Quiet for a while").count() == 0
    check_axe(page)


def test_the_clinics_caseload_rules_page_passes_axe(browser_page, sign_in, check_axe, transactional_db):
    admin = OrgAdminFactory()
    page = browser_page()
    sign_in(page, admin)
    page.goto("/organisation/caseload-rules/")
    page.get_by_role("heading", name="Caseload rules").wait_for()
    check_axe(page)
    page.get_by_label("Quiet for a while: no activity and no rest week for (weeks)").fill("30")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Please choose a number from 1 to 26.").wait_for()
    check_axe(page)
