"""A client invites an ally, picks what they see, and ends it: the whole path on a phone, in a real browser."""

from __future__ import annotations

import re

from django.core import mail
from django.core.management import call_command

from planning.demo.people import DEMO_PASSWORD
from tests.browser.conftest import PHONE

ALLY_PASSWORD = "a-long-walk-by-the-river"


def test_a_client_invites_an_ally_who_sees_only_what_was_picked_until_access_ends(
    browser_page, sign_in, check_axe, transactional_db
):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    sam = browser_page(viewport=PHONE)
    sign_in(sam, "sam@clients.example", DEMO_PASSWORD)
    sam.goto("/me/allies/")
    check_axe(sam)

    # Bad input first: his own email is refused, and what he typed stays.
    sam.get_by_label("What you call them").fill("Alex")
    sam.get_by_label("Their email").fill("sam@clients.example")
    sam.get_by_role("button", name="Send the invitation").click()
    sam.get_by_text("That's your own email").wait_for()
    assert sam.get_by_label("What you call them").input_value() == "Alex"
    check_axe(sam)

    sam.get_by_label("Their email").fill("alex@friends.example")
    sam.get_by_role("button", name="Send the invitation").click()
    sam.get_by_role("heading", name="What Alex sees", exact=True).wait_for()
    sam.get_by_label("How to support me this week").fill("Meet me outside, and talk about football.")
    sam.get_by_label("My exit signal").fill("If I text 'kettle', ring me with a reason to go.")
    sam.get_by_label("Sit in a café for ten minutes").check()
    sam.get_by_role("button", name="Save what they see").click()
    sam.get_by_text("Saved. This is what Alex sees now.").wait_for()
    preview = sam.locator(".ally-preview")
    assert "talk about football" in preview.inner_text()
    assert "Sit in a café for ten minutes" in preview.inner_text()
    check_axe(sam)

    link = re.search(r"https?://\S+/invitations/\S+/", mail.outbox[-1].body).group(0)
    assert "Sam" not in mail.outbox[-1].body
    alex = browser_page(viewport=PHONE)
    alex.goto("/" + link.split("/", 3)[3])
    check_axe(alex)
    alex.get_by_label("Choose a password").fill(ALLY_PASSWORD)
    alex.get_by_label("Type it again").fill(ALLY_PASSWORD)
    alex.get_by_role("button", name="Set my password").click()
    alex.get_by_role("heading", name="People you support").wait_for()
    page = alex.locator("main").inner_text()
    assert "talk about football" in page and "kettle" in page and "Sit in a café for ten minutes" in page
    # Only what Sam picked: not another step, his journal, his triggers or his safety plan.
    for private in ("Walk past the school", "Took the bus to my brother's", "Crowded bus", "Cold water on my wrists"):
        assert private not in page
    assert alex.get_by_role("link", name="Library").count() == 0
    assert alex.get_by_role("button", name="Leave quickly").is_visible()
    check_axe(alex)

    alex.get_by_role("button", name="I'll be there").click()
    alex.get_by_text("You said you'll be there.").wait_for()
    check_axe(alex)

    sam.get_by_role("button", name="End access now").click()
    sam.get_by_text("Alex can no longer see your page").wait_for()
    check_axe(sam)

    alex.reload()
    alex.get_by_role("heading", name="People you support").wait_for()
    assert "talk about football" not in alex.locator("main").inner_text()
    assert "Sam" not in alex.locator("main").inner_text()
