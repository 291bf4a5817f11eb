"""In Chromium: a clinician opens a client's safety plan, and the client sees who looked (phone width). Axe on it."""

from __future__ import annotations

from planning.models import CareTeamMember
from tests.factories import CareTeamMemberFactory, ClientFactory, SafetyPlanFactory

PHONE = {"width": 390, "height": 844}


def test_the_client_sees_their_clinician_opened_their_safety_plan(browser_page, sign_in, check_axe, transactional_db):
    client = ClientFactory(preferred_name="Robin")
    SafetyPlanFactory(client=client)
    member = CareTeamMemberFactory(
        client=client, clinician__full_name="Dr Ada Treat", access=CareTeamMember.Access.WRITE
    )
    clinician = browser_page()
    sign_in(clinician, member.clinician)
    clinician.goto(f"/clients/{client.public_id}/safety-plan/")
    clinician.wait_for_load_state()

    page = browser_page(viewport=PHONE)
    sign_in(page, client.user)
    page.goto("/account/")
    page.get_by_role("link", name="See who has looked at your record").click()
    page.get_by_role("heading", name="Who has looked at your record").wait_for()
    page.get_by_text("Dr Ada Treat").wait_for()
    page.get_by_text("Opened your safety plan").wait_for()
    check_axe(page)
