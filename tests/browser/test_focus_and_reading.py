"""Keyboard and reading, in real Chromium: a visible focus ring (3:1 or more) on everything that takes focus,
journal feelings that line up on a phone, and a patterns table that starts at this month."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.browser.conftest import PHONE
from tests.factories import (
    CareTeamMemberFactory,
    ClientFactory,
    ClinicianFactory,
    GoalFactory,
    JournalEntryFactory,
    OrgAdminFactory,
    PlanFactory,
    StepFactory,
    TriggerFactory,
)

# Runs in the page: focus every visible focusable element after a key press (so focus shows as it does for a
# keyboard user), and report any whose ring is missing, thinner than 2 px or under 3:1 against what is behind it.
FOCUS_CHECK = """() => {
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const behind = (el) => {
    for (let e = el.parentElement; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const name = (el) =>
    el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " " + (el.textContent || el.name || "").trim().slice(0, 40);
  const selector = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), ' +
    'select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';
  const failures = [], kinds = {};
  for (const el of document.querySelectorAll(selector)) {
    if (!el.getClientRects().length || getComputedStyle(el).visibility === "hidden") continue;
    el.focus({ preventScroll: true });
    if (document.activeElement !== el) continue;
    const kind = el.classList.contains("nav-link") ? "menu link" : el.tagName.toLowerCase();
    kinds[kind] = (kinds[kind] || 0) + 1;
    const s = getComputedStyle(el);
    const colour = parse(s.outlineColor);
    const width = parseFloat(s.outlineWidth);
    if (!el.matches(":focus-visible") || s.outlineStyle === "none" || width < 2 || !colour || colour.a < 1) {
      failures.push(name(el) + ": no ring (" + s.outlineStyle + " " + s.outlineWidth + " " + s.outlineColor + ")");
    } else if (ratio(colour, behind(el)) < 3) {
      failures.push(name(el) + ": ring contrast " + ratio(colour, behind(el)).toFixed(2));
    }
  }
  document.activeElement.blur();
  return { failures, kinds };
}"""

DROP_OUR_RING = """() => {
  for (const sheet of document.styleSheets) {
    for (let i = sheet.cssRules.length - 1; i >= 0; i--) {
      if (sheet.cssRules[i].cssText.startsWith(":is(a, button")) sheet.deleteRule(i);
    }
  }
}"""


def _check_focus(page, kinds: dict[str, int]) -> None:
    page.keyboard.press("Tab")  # a keyboard user, as far as :focus-visible is concerned
    result = page.evaluate(FOCUS_CHECK)
    assert result["failures"] == [], page.url
    for kind, count in result["kinds"].items():
        kinds[kind] = kinds.get(kind, 0) + count


def test_every_focusable_element_shows_a_ring_of_three_to_one(browser_page, sign_in, check_axe, transactional_db):
    client = ClientFactory(preferred_name="Robin")
    clinician = ClinicianFactory(organization=client.organization)
    CareTeamMemberFactory(client=client, clinician=clinician)
    goal = GoalFactory(plan=PlanFactory(client=client))
    StepFactory(goal=goal, expected_distress=30)
    StepFactory(goal=goal, expected_distress=50)
    TriggerFactory(client=client)
    admin = OrgAdminFactory(organization=client.organization)
    kinds: dict[str, int] = {}
    pages = {
        client.user: [
            reverse("planning:client_home"),
            reverse("planning:journal_add", kwargs={"client_id": client.public_id}),
            reverse("planning:my_safety_plan"),
        ],
        clinician: [
            reverse("planning:caseload"),
            reverse("planning:plan_detail", kwargs={"plan_id": goal.plan.public_id}),
            reverse("planning:step_add", kwargs={"goal_id": goal.public_id}),
        ],
        admin: [reverse("planning:org_audit"), reverse("content:item_add")],
    }
    for person, urls in pages.items():
        page = browser_page()
        sign_in(page, person)
        for url in urls:
            page.goto(url)
            _check_focus(page, kinds)
            check_axe(page)
    assert {"button", "input", "select", "textarea", "menu link", "a"} <= set(kinds), kinds


def test_the_check_catches_a_missing_ring(browser_page, sign_in, transactional_db):
    """Control: without our ring rule, Bootstrap's faint glow on buttons is all there is, and the check says so."""
    client = ClientFactory(preferred_name="Robin")
    CareTeamMemberFactory(client=client)
    page = browser_page()
    sign_in(page, client.user)
    page.evaluate(DROP_OUR_RING)
    page.keyboard.press("Tab")
    assert any("no ring" in failure for failure in page.evaluate(FOCUS_CHECK)["failures"])


def test_feelings_line_up_on_a_phone(browser_page, sign_in, check_axe, transactional_db):
    client = ClientFactory(preferred_name="Robin")
    CareTeamMemberFactory(client=client)
    page = browser_page(viewport=PHONE)
    sign_in(page, client.user)
    page.goto(reverse("planning:journal_add", kwargs={"client_id": client.public_id}))
    for row in range(3):
        feeling = page.locator(f"#id_feeling_{row}").bounding_box()
        strength = page.locator(f"#id_intensity_{row}").bounding_box()
        assert abs(feeling["y"] - strength["y"]) < 1 and abs(feeling["height"] - strength["height"]) < 1
    check_axe(page)


def test_the_patterns_table_starts_at_this_month_on_a_phone(browser_page, sign_in, check_axe, transactional_db):
    client = ClientFactory(preferred_name="Robin")
    CareTeamMemberFactory(client=client)
    trigger = TriggerFactory(client=client, name="Crowded buses")
    for weeks in (0, 6, 12, 20):
        entry = JournalEntryFactory(client=client, happened_on=timezone.localdate() - timedelta(weeks=weeks))
        entry.triggers.add(trigger)
    page = browser_page(viewport=PHONE)
    sign_in(page, client.user)
    page.goto(reverse("planning:journal_patterns", kwargs={"client_id": client.public_id}))
    region = page.get_by_role("region", name="Trigger counts by month")
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")  # the table is wider than the phone
    this_month = timezone.localdate().strftime("%b %Y")
    shown = region.bounding_box()
    month = page.get_by_role("columnheader", name=this_month).bounding_box()
    name = page.get_by_role("rowheader", name="Crowded buses").bounding_box()
    assert shown["x"] <= month["x"] and month["x"] + month["width"] <= shown["x"] + shown["width"] + 1
    assert shown["x"] <= name["x"] and name["x"] + name["width"] <= month["x"]
    check_axe(page)
