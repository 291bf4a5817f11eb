"""In Chromium: a client closes their account (phone width); an admin closes a leaving clinician's. Axe on each page."""

from __future__ import annotations

from planning.models import CareTeamMember
from tests.factories import CareTeamMemberFactory, ClientFactory, ClinicianFactory, OrgAdminFactory

PHONE = {"width": 390, "height": 844}


def test_a_client_closes_their_account_and_sees_the_crisis_lines(browser_page, sign_in, check_axe, transactional_db):
    client = ClientFactory(preferred_name="Robin")
    page = browser_page(viewport=PHONE)
    sign_in(page, client.user)
    page.goto("/account/")
    page.get_by_role("link", name="Read what closing means, then decide").click()
    page.get_by_role("heading", name="Close your account").wait_for()
    check_axe(page)
    page.get_by_role("button", name="Close my account").click()
    page.get_by_role("heading", name="Your account is closed").wait_for()
    page.get_by_role("heading", name="If you are in danger right now").wait_for()
    check_axe(page)


def test_an_admin_closes_a_departing_clinicians_account(browser_page, sign_in, check_axe, transactional_db):
    admin = OrgAdminFactory()
    leaving = ClinicianFactory(organization=admin.organization, full_name="Dr Lee Leaving")
    CareTeamMemberFactory(
        client__organization=admin.organization, clinician=leaving, access=CareTeamMember.Access.WRITE
    )
    page = browser_page()
    sign_in(page, admin)
    page.goto("/organisation/")
    check_axe(page)
    page.get_by_text("Close account").click()
    page.get_by_role("button", name="Close Dr Lee Leaving's account").click()
    page.get_by_text("Dr Lee Leaving can no longer sign in and left 1 care team.").wait_for()
    page.get_by_text("Needs a clinician who can edit").wait_for()
    check_axe(page)
    page.goto("/organisation/records-kept/")
    page.get_by_label("Keep a closed account's records for this many years").fill("0")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Everything you typed is still here.").wait_for()
    check_axe(page)
