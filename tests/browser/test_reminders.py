"""In real Chromium on a phone: a client sets reminders, pauses them in one tap and turns them off; axe on each."""

from __future__ import annotations

from django.urls import reverse

from planning.models import Reminder
from tests.browser.conftest import PHONE
from tests.factories import CareTeamMemberFactory, ClientFactory


def test_a_client_sets_pauses_and_turns_off_reminders_on_a_phone(browser_page, sign_in, check_axe, transactional_db):
    client = CareTeamMemberFactory(client=ClientFactory(preferred_name="Robin")).client
    page = browser_page(viewport=PHONE)
    sign_in(page, client.user)
    page.goto(reverse("planning:reminders"))
    check_axe(page)
    page.get_by_label("Checking in").check()
    page.get_by_label("Monday").check()
    page.get_by_label("At this time").fill("18:30")
    page.get_by_label("Your time zone").fill("Europe/London")
    page.get_by_role("button", name="Save my reminders").click()
    page.wait_for_load_state()
    check_axe(page)
    assert Reminder.objects.filter(client=client).exists()
    page.goto(reverse("planning:reminders"))
    page.get_by_role("button", name="Pause reminders").click()
    page.wait_for_load_state()
    assert Reminder.objects.get(client=client).paused
    page.goto(reverse("planning:reminders"))
    check_axe(page)
    page.get_by_role("button", name="Turn all reminders off").click()
    page.wait_for_load_state()
    check_axe(page)
