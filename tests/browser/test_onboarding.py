"""A clinician invites a client, and the client joins: the whole path in a real browser."""

from __future__ import annotations

import re

from django.core import mail
from django.core.management import call_command

from planning.demo.people import CLINICIANS, DEMO_PASSWORD
from tests.browser.conftest import PHONE


def test_a_clinician_invites_a_client_who_sets_a_password_and_lands_home(
    browser_page, sign_in, check_axe, transactional_db
):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    clinician = browser_page()
    sign_in(clinician, CLINICIANS[0].email, DEMO_PASSWORD)
    clinician.get_by_role("heading", name="Your caseload").wait_for()
    assert clinician.get_by_role("link", name="Sam").is_visible()
    check_axe(clinician)

    clinician.get_by_role("link", name="Add a client").click()
    check_axe(clinician)
    clinician.get_by_label("Preferred name").fill("Noor")
    clinician.get_by_label("Pronouns").fill("she/her")
    clinician.get_by_label("Email").fill("noor@clients.example")
    clinician.get_by_role("button", name="Add and send the invitation").click()
    clinician.get_by_role("heading", name="Noor").wait_for()
    check_axe(clinician)

    link = re.search(r"https?://\S+/invitations/\S+/", mail.outbox[-1].body).group(0)
    path = "/" + link.split("/", 3)[3]
    client = browser_page(viewport=PHONE)
    client.goto(path)
    check_axe(client)
    client.get_by_label("Choose a password").fill("a-quiet-morning-walk")
    client.get_by_label("Type it again").fill("a-quiet-morning-walk")
    client.get_by_role("button", name="Set my password").click()
    client.get_by_role("heading", name="Welcome, Noor").wait_for()
    assert client.get_by_role("button", name="Leave quickly").is_visible()
    check_axe(client)
