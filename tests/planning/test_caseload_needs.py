"""The caseload by need: each reason in plain words, "seen", the order, the clinic's rules, filter, search, pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from planning.models import AuditEvent, CareTeamMember, CaseloadRules, Client, NeedSeen, RestWeek
from planning.models.plans import week_start

from .. import factories as f


def ago(**delta: float) -> object:
    return timezone.now() - timedelta(**delta)


@pytest.fixture(autouse=True)
def _page_drawn_each_time(monkeypatch):
    """These tests change rules and records straight in the database, with no audit entry, and read the reasons
    the page was drawn with: the page is drawn on each visit (a kept page: test_kept_pages.py)."""
    monkeypatch.setattr("config.kept_pages._keepable", lambda request: False)


def caseload(http, **post: str):
    url = reverse("planning:caseload")
    return http.post(url, post) if post else http.get(url)


def reasons(http, client: Client) -> list[str]:
    """The plain labels on one client's caseload row."""
    rows = caseload(http).context["rows"]
    return [label for row, _member, needs in rows if row.pk == client.pk for _need, label, _when in needs]


def names(response) -> list[str]:
    return [row.preferred_name for row, _member, _needs in response.context["rows"]]


def my_client(world, name: str, **fields: object) -> Client:
    client = f.ClientFactory(organization=world.clinic, preferred_name=name, **fields)
    f.CareTeamMemberFactory(client=client, clinician=world.clinician)
    return client


def make_quiet(client: Client, weeks: int = 4) -> None:
    Client.objects.filter(pk=client.pk).update(created_at=ago(weeks=weeks))


def mark_seen(http, client: Client, need: str):
    return http.post(reverse("planning:need_seen", args=[client.public_id, need]))


def test_a_client_with_nothing_new_shows_no_reason(clinician_http, world):
    assert reasons(clinician_http, world.client) == []


# Each reason, and its control


def test_an_open_risk_flag_shows_as_needs_a_look(clinician_http, world):
    f.RiskFlagFactory(client=world.client)
    assert reasons(clinician_http, world.client) == ["Needs a look"]
    assert "<span>Needs a look</span>" in caseload(clinician_http).content.decode()


def test_an_acknowledged_risk_flag_shows_nothing(clinician_http, world):
    f.RiskFlagFactory(client=world.client, acknowledged_at=timezone.now())
    assert reasons(clinician_http, world.client) == []


def latest_measure(client: Client, change: str) -> None:
    f.MeasureResponseFactory(
        assignment__client=client,
        status="submitted",
        submitted_at=timezone.now(),
        total=20,
        band="Severe",
        is_latest=True,
        change_from_first=change,
    )


def test_a_questionnaire_reliably_worse_shows(clinician_http, world):
    latest_measure(world.client, "deteriorated")
    assert reasons(clinician_http, world.client) == ["A questionnaire reliably worse"]


def test_a_questionnaire_that_improved_shows_nothing(clinician_http, world):
    latest_measure(world.client, "improved")
    assert reasons(clinician_http, world.client) == []


def test_a_practice_peaking_at_the_threshold_shows_as_a_hard_practice(clinician_http, world):
    f.PracticeFactory(step__goal__plan__client=world.client, peak_distress=85, completed_at=timezone.now())
    assert reasons(clinician_http, world.client) == ["A hard practice"]


def test_a_practice_below_the_threshold_shows_nothing(clinician_http, world):
    f.PracticeFactory(step__goal__plan__client=world.client, peak_distress=84, completed_at=timezone.now())
    assert reasons(clinician_http, world.client) == []


def test_a_hard_practice_over_a_month_ago_shows_nothing(clinician_http, world):
    f.PracticeFactory(step__goal__plan__client=world.client, peak_distress=95, completed_at=ago(days=40))
    assert "A hard practice" not in reasons(clinician_http, world.client)


def test_a_safety_plan_never_reviewed_in_90_days_is_due_a_review(clinician_http, world):
    make_quiet(world.client, weeks=15)
    f.SafetyPlanFactory(client=world.client, created_at=ago(days=100))
    assert "Safety plan due a review" in reasons(clinician_http, world.client)


def test_a_safety_plan_reviewed_recently_is_not_due(clinician_http, world):
    make_quiet(world.client, weeks=15)
    f.SafetyPlanFactory(client=world.client, created_at=ago(days=100), reviewed_at=ago(days=10))
    assert "Safety plan due a review" not in reasons(clinician_http, world.client)


def test_no_activity_for_three_weeks_shows_quiet_for_a_while(clinician_http, world):
    make_quiet(world.client)
    assert reasons(clinician_http, world.client) == ["Quiet for a while"]


def test_a_rest_week_in_that_time_hides_quiet(clinician_http, world):
    make_quiet(world.client)
    plan = f.PlanFactory(client=world.client)
    RestWeek.objects.create(plan=plan, week_start=week_start(timezone.localdate() - timedelta(days=7)))
    assert reasons(clinician_http, world.client) == []


def test_recent_activity_hides_quiet(clinician_http, world):
    make_quiet(world.client)
    AuditEvent.objects.create(organization=world.clinic, client=world.client, action="check_in.created")
    assert reasons(clinician_http, world.client) == []


def practised_calmly(client: Client, times: int) -> None:
    step = f.StepFactory(goal__plan__client=client, status="in_practice")
    for _ in range(times):
        f.PracticeFactory(step=step, peak_distress=20, completed_at=timezone.now())
    f.PracticeFactory(step=step)  # planned, not done yet: it must not hide the reason


def test_a_step_practised_calmly_twice_may_feel_manageable(clinician_http, world):
    practised_calmly(world.client, times=2)
    assert reasons(clinician_http, world.client) == ["A step may feel manageable"]


def test_a_step_practised_calmly_once_is_not_offered_yet(clinician_http, world):
    practised_calmly(world.client, times=1)
    assert reasons(clinician_http, world.client) == []


def test_a_shared_journal_entry_shows_as_something_new_shared(clinician_http, world):
    f.JournalEntryFactory(client=world.client, shared_with_care_team=True)
    assert reasons(clinician_http, world.client) == ["Something new shared"]


def test_a_shared_check_in_note_shows_as_something_new_shared(clinician_http, world):
    f.CheckInFactory(client=world.client, note="Rough week", note_shared=True)
    assert reasons(clinician_http, world.client) == ["Something new shared"]


def test_a_private_journal_entry_or_note_shows_nothing(clinician_http, world):
    f.JournalEntryFactory(client=world.client, shared_with_care_team=False)
    f.CheckInFactory(client=world.client, note="Just for me", note_shared=False)
    assert reasons(clinician_http, world.client) == []


# Seen


def test_marking_a_reason_as_seen_hides_it(clinician_http, world):
    f.RiskFlagFactory(client=world.client)
    assert mark_seen(clinician_http, world.client, "risk_flag").status_code == 302
    assert reasons(clinician_http, world.client) == []


def test_marking_seen_hides_it_only_for_this_clinician(clinician_http, readonly_http, world):
    f.RiskFlagFactory(client=world.client)
    mark_seen(clinician_http, world.client, "risk_flag")
    assert reasons(readonly_http, world.client) == ["Needs a look"]


def test_marking_seen_writes_an_audit_entry_off_the_clients_trail(clinician_http, world):
    mark_seen(clinician_http, world.client, "quiet")
    event = AuditEvent.objects.get(action="caseload.need_seen")
    assert (event.client, event.target_id, event.actor) == (None, world.client.public_id, world.clinician)


def test_marking_another_reason_seen_does_not_end_quiet(clinician_http, world):
    make_quiet(world.client)
    mark_seen(clinician_http, world.client, "risk_flag")
    assert reasons(clinician_http, world.client) == ["Quiet for a while"]


def test_a_seen_reason_comes_back_when_something_newer_happens(clinician_http, world):
    f.RiskFlagFactory(client=world.client, created_at=ago(hours=2))
    mark_seen(clinician_http, world.client, "risk_flag")
    f.RiskFlagFactory(client=world.client)
    assert reasons(clinician_http, world.client) == ["Needs a look"]


def test_a_need_that_is_not_a_reason_is_not_found_and_writes_nothing(clinician_http, world):
    assert mark_seen(clinician_http, world.client, "bogus").status_code == 404
    assert not NeedSeen.objects.exists()
    assert not AuditEvent.objects.filter(action="caseload.need_seen").exists()


def test_a_valid_need_is_written(clinician_http, world):
    mark_seen(clinician_http, world.client, "new_shared")
    assert NeedSeen.objects.get().need == "new_shared"


def test_another_clinics_client_is_not_found(clinician_http, world):
    stranger = f.ClientFactory(organization=world.other_clinic)
    assert mark_seen(clinician_http, stranger, "quiet").status_code == 404
    assert not NeedSeen.objects.exists()


# Order


def test_a_flagged_client_is_listed_before_a_quiet_one(clinician_http, world):
    make_quiet(my_client(world, "Aaron"))
    f.RiskFlagFactory(client=my_client(world, "Zed"))
    assert names(caseload(clinician_http))[:2] == ["Zed", "Aaron"]


def test_two_clients_with_the_same_reason_are_ordered_newest_first(clinician_http, world):
    f.RiskFlagFactory(client=my_client(world, "Aaron"), created_at=ago(days=2))
    f.RiskFlagFactory(client=my_client(world, "Zed"), created_at=ago(hours=1))
    assert names(caseload(clinician_http))[:2] == ["Zed", "Aaron"]


# The clinic's rules


def rules(world, **fields: object) -> None:
    CaseloadRules.objects.create(organization=world.clinic, **fields)


def test_a_clinic_can_call_one_week_quiet(clinician_http, world):
    make_quiet(world.client, weeks=1.5)
    assert reasons(clinician_http, world.client) == []
    rules(world, quiet_weeks=1)
    assert reasons(clinician_http, world.client) == ["Quiet for a while"]


def test_a_clinic_can_lower_the_hard_practice_threshold(clinician_http, world):
    f.PracticeFactory(step__goal__plan__client=world.client, peak_distress=60, completed_at=timezone.now())
    rules(world, high_peak_at_least=60)
    assert reasons(clinician_http, world.client) == ["A hard practice"]


def test_a_clinic_can_turn_off_mastery_ready(clinician_http, world):
    practised_calmly(world.client, times=2)
    rules(world, show_mastery_ready=False)
    assert reasons(clinician_http, world.client) == []


def test_a_clinic_can_turn_off_new_shared(clinician_http, world):
    f.JournalEntryFactory(client=world.client, shared_with_care_team=True)
    rules(world, show_new_shared=False)
    assert reasons(clinician_http, world.client) == []


RULES = {
    "high_peak_at_least": "80",
    "safety_review_days": "60",
    "quiet_weeks": "2",
    "show_mastery_ready": "on",
    "mastery_likelihood_drop": "40",
    "mastery_places_at_least": "2",
}


def test_the_admin_saves_the_clinics_rules(admin_http, world):
    response = admin_http.post(reverse("planning:org_caseload_rules"), RULES)
    assert response.status_code == 302
    saved = CaseloadRules.objects.get(organization=world.clinic)
    assert (saved.quiet_weeks, saved.show_mastery_ready, saved.show_new_shared) == (2, True, False)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("high_peak_at_least", "101", "from 0 to 100"),
        ("high_peak_at_least", "-1", "from 0 to 100"),
        ("safety_review_days", "6", "from 7 to 730"),
        ("safety_review_days", "99999999", "from 7 to 730"),
        ("quiet_weeks", "0", "from 1 to 26"),
        ("quiet_weeks", "27", "from 1 to 26"),
        ("mastery_likelihood_drop", "101", "from 0 to 100"),
        ("mastery_places_at_least", "0", "from 1 to 10"),
    ],
)
def test_the_admin_form_refuses_out_of_range_numbers(admin_http, world, field, value, message):
    response = admin_http.post(reverse("planning:org_caseload_rules"), {**RULES, field: value})
    assert response.status_code == 200
    assert f"Please choose a number {message}." in response.content.decode()
    assert not CaseloadRules.objects.exists()


def test_the_admin_form_refuses_words_for_numbers(admin_http, world):
    response = admin_http.post(reverse("planning:org_caseload_rules"), {**RULES, "quiet_weeks": "three"})
    assert response.status_code == 200
    assert not CaseloadRules.objects.exists()


# Filter, search, pages


def test_filtering_by_a_colleague_shows_only_their_clients_among_mine(clinician_http, world):
    my_client(world, "Kim")
    response = caseload(clinician_http, member=str(world.readonly_clinician.public_id))
    assert names(response) == ["Robin"]


def test_the_filter_offers_only_colleagues_who_share_a_care_team(clinician_http, world):
    choices = dict(caseload(clinician_http).context["form"].fields["member"].choices)
    assert str(world.readonly_clinician.public_id) in choices
    assert str(world.bystander_clinician.public_id) not in choices


def test_searching_by_name_finds_a_client(clinician_http, world):
    my_client(world, "Kim")
    assert names(caseload(clinician_http, q="rob")) == ["Robin"]


def test_searching_by_name_puts_nothing_in_the_url(clinician_http, world):
    response = caseload(clinician_http, q="Robin")
    assert response.status_code == 200
    assert response.request["QUERY_STRING"] == ""
    assert "q=Robin" not in response.content.decode()


def test_search_never_finds_a_client_of_another_care_team(clinician_http, world):
    assert names(caseload(clinician_http, q="Sasha")) == []


def test_thirty_clients_make_two_pages(clinician_http, world):
    rows = Client.objects.bulk_create(
        Client(organization=world.clinic, preferred_name=f"Client {n:02}", email=f"c{n}@example.test")
        for n in range(29)
    )
    CareTeamMember.objects.bulk_create(CareTeamMember(client=row, clinician=world.clinician) for row in rows)
    first, second = caseload(clinician_http), clinician_http.get(reverse("planning:caseload"), {"page": 2})
    assert (len(names(first)), len(names(second))) == (25, 5)
    assert "Page 2 of 2" in second.content.decode()


def test_the_next_page_keeps_the_colleague_filter(clinician_http, world):
    rows = Client.objects.bulk_create(
        Client(organization=world.clinic, preferred_name=f"Client {n:02}", email=f"c{n}@example.test")
        for n in range(30)
    )
    CareTeamMember.objects.bulk_create(CareTeamMember(client=row, clinician=world.clinician) for row in rows)
    CareTeamMember.objects.bulk_create(CareTeamMember(client=row, clinician=world.readonly_clinician) for row in rows)
    member = str(world.readonly_clinician.public_id)
    first = clinician_http.get(reverse("planning:caseload"), {"member": member})
    assert f"page=2&amp;member={member}" in first.content.decode()
