"""In real Chromium: a client on a phone answers a PHQ-9 whose item 9 signals risk and meets their own
safety plan; the clinician signs in, finds the flag at the top of the caseload and acknowledges it.
Every new page passes axe.
"""

from __future__ import annotations

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from planning.demo import safety
from planning.models import RiskFlag
from planning.services.tracking import (
    check_in_create,
    measure_assign,
    measure_response_open,
    measure_response_save,
)
from tests.browser.conftest import PHONE
from tests.factories import CareTeamMemberFactory, ClientFactory, OrgAdminFactory, PlanFactory


def test_a_risk_answer_shows_the_safety_plan_and_reaches_the_top_of_the_caseload(
    browser_page, sign_in, check_axe, transactional_db
):
    member = CareTeamMemberFactory(client=ClientFactory(preferred_name="Robin"))
    client, clinician = member.client, member.clinician
    safety.seed(client, clinician)
    measure_assign(actor=clinician, client=client, code="PHQ-9", every_days=14, starts_on=timezone.localdate())

    page = browser_page(viewport=PHONE)
    sign_in(page, client.user)
    page.get_by_role("heading", name="A questionnaire is ready when you are").wait_for()
    check_axe(page)
    page.get_by_role("button", name="Fill in PHQ-9").click()
    page.get_by_role("button", name="Send to my care team").wait_for()
    check_axe(page)
    for number in range(1, 9):
        page.get_by_role("group", name=f"{number}.").get_by_label("Not at all").check()
    page.get_by_role("button", name="Save for later").click()  # stop and come back: nothing is lost
    page.get_by_role("link", name="Carry on with PHQ-9").click()
    assert page.get_by_role("group", name="1.").get_by_label("Not at all").is_checked()
    page.get_by_role("group", name="9.").get_by_label("Several days").check()
    page.get_by_role("button", name="Send to my care team").click()

    page.get_by_role("heading", name="Thank you for telling us").wait_for()
    assert page.get_by_text("Stepwise is not a crisis service", exact=False).first.is_visible()
    coping = client.safety_plan.current_version().items("coping")[0]
    assert page.get_by_text(coping).is_visible()
    assert page.locator("a[href^='tel:']").count() >= 2
    check_axe(page)
    assert len(mail.outbox) == 1 and client.preferred_name not in mail.outbox[0].body

    desk = browser_page()
    sign_in(desk, clinician)
    flags = desk.get_by_role("region", name="Needs a look")
    flags.get_by_role("link", name="Robin").wait_for()
    check_axe(desk)
    flags.get_by_role("link", name="Robin").click()
    desk.get_by_role("heading", name="A client needs a look").wait_for()
    check_axe(desk)
    desk.get_by_label("I contacted the client").check()
    desk.get_by_role("button", name="Acknowledge for the care team").click()
    desk.get_by_text("The flag is cleared for the whole care team").wait_for()
    assert desk.get_by_role("region", name="Needs a look").count() == 0
    assert RiskFlag.objects.get(client=client).action == RiskFlag.Action.CONTACTED


def test_every_tracking_page_passes_axe(browser_page, sign_in, check_axe, transactional_db):
    member = CareTeamMemberFactory(client=ClientFactory(preferred_name="Sam"))
    client, clinician = member.client, member.clinician
    PlanFactory(client=client)
    check_in_create(
        actor=client.user,
        client=client,
        day=timezone.localdate(),
        comfort=6,
        connection=5,
        contacts_in_person=2,
        contacts_online=3,
        note="Lunch with my brother went fine",
        note_shared=True,
    )
    assignment = measure_assign(
        actor=clinician, client=client, code="UCLA-3", every_days=28, starts_on=timezone.localdate()
    )
    sent, _flag = measure_response_save(
        actor=client.user,
        response=measure_response_open(actor=client.user, assignment=assignment),
        answers=[2, 1, 2],
        submit=True,
    )
    ids = {"client_id": client.public_id}
    answered = {"response_id": sent.public_id}
    care_team_pages = [
        reverse("planning:check_in_list", kwargs=ids),
        reverse("planning:measure_list", kwargs=ids),
        reverse("planning:progress", kwargs=ids),
        reverse("planning:measure_response", kwargs=answered),
        reverse("planning:measure_withdraw", kwargs=answered),
    ]
    client_pages = [
        reverse("planning:check_in_list", kwargs=ids),
        reverse("planning:check_in_add", kwargs=ids),
        reverse("planning:progress", kwargs=ids),
        reverse("planning:support"),
        reverse("planning:measure_response", kwargs=answered),
    ]
    for user, urls, viewport in ((clinician, care_team_pages, None), (client.user, client_pages, PHONE)):
        page = browser_page(viewport=viewport)
        sign_in(page, user)
        for url in urls:
            page.goto(url)
            check_axe(page)
    admin = browser_page()
    sign_in(admin, OrgAdminFactory(organization=client.organization))
    admin.goto(reverse("planning:org_risk_rules"))
    check_axe(admin)
