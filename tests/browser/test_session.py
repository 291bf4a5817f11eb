"""The 50-minute session: the client adds to the agenda on a phone, and the clinician runs the session on a laptop."""

from __future__ import annotations

import re

from planning.models import AgendaItem, SessionNote
from tests.browser.conftest import PHONE
from tests.factories import (
    CareTeamMemberFactory,
    ClientFactory,
    ClinicianFactory,
    GoalFactory,
    OrganizationFactory,
    PlanFactory,
    PracticeFactory,
    StepFactory,
)


def test_the_client_adds_to_the_agenda_and_the_clinician_runs_the_session(
    browser_page, sign_in, check_axe, transactional_db
):
    clinic = OrganizationFactory(name="Harbour Lane Clinic")
    clinician = ClinicianFactory(organization=clinic, full_name="Dr Ada Treat")
    robin = ClientFactory(organization=clinic, preferred_name="Robin", user__full_name="Robin")
    CareTeamMemberFactory(client=robin, clinician=clinician)
    plan = PlanFactory(client=robin)
    goal = GoalFactory(plan=plan, title="Join a board-game night by spring", position=1)
    first = StepFactory(goal=goal, activity="Read the café's page", position=1, expected_distress=20)
    StepFactory(goal=goal, activity="Visit on a quiet afternoon", position=2, expected_distress=40)
    GoalFactory(plan=plan, title="Call my brother", position=2)
    PracticeFactory(step=first, peak_distress=15)

    # Before the session, on a phone: the client adds something to talk about.
    phone = browser_page(viewport=PHONE)
    sign_in(phone, robin.user)
    phone.get_by_role("link", name="Add something to talk about").click()
    phone.get_by_role("heading", name="For your next session").wait_for()
    check_axe(phone)
    phone.get_by_label("What would you like to talk about?").fill("How to leave a party without a fuss")
    phone.get_by_role("button", name="Add to the list").click()
    phone.get_by_text("It will be on the list when you meet").wait_for()
    check_axe(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # In session, on a laptop: the clinician opens the session view from the client's page.
    doc = browser_page()
    sign_in(doc, clinician)
    doc.goto(f"/clients/{robin.public_id}/")
    doc.get_by_role("link", name="Open the session view").click()
    doc.get_by_role("heading", name="Session with Robin").wait_for()
    check_axe(doc)
    assert doc.get_by_text("How to leave a party without a fuss", exact=True).is_visible()
    assert doc.get_by_role("link", name="Read the café's page", exact=True).is_visible()
    assert not doc.get_by_label("What we worked on").is_visible()  # the note stays folded on a shared screen

    doc.get_by_role("button", name=re.compile("^Mark as discussed.*How to leave a party")).click()
    doc.get_by_text("Marked as discussed.").wait_for()
    assert AgendaItem.objects.get().discussed_by == clinician

    doc.get_by_text("Write the session note").click()
    doc.get_by_label("What we worked on").fill("Planned a way to leave a party kindly")
    doc.get_by_label("What we agreed (optional)").fill("Try the café visit on Tuesday")
    check_axe(doc)
    doc.get_by_role("button", name="Save the note").click()
    doc.get_by_text("Session note saved. Only the care team can read it.").wait_for()
    check_axe(doc)
    assert SessionNote.objects.get().agreed == "Try the café visit on Tuesday"

    doc.get_by_role("link", name="Read or change today's note").click()
    doc.get_by_role("heading", name="What we agreed").wait_for()
    check_axe(doc)

    # The same session view on a phone-sized screen reads without sideways scrolling.
    small = browser_page(viewport=PHONE)
    sign_in(small, clinician)
    small.goto(f"/clients/{robin.public_id}/session/")
    check_axe(small)
    assert small.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
