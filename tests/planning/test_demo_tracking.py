"""The demo's twelve weeks of check-ins and questionnaires, seeded through seed_demo."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from itertools import pairwise

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from planning import measures
from planning.demo import tracking
from planning.models import AuditEvent, CheckIn, Client, MeasureResponse, RiskFlag
from tests.test_shame_words import shame_words

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> dict[str, Client]:
    call_command("seed_demo", stdout=StringIO())
    return {client.preferred_name: client for client in Client.objects.all()}


def _latest(client: Client, code: str) -> MeasureResponse:
    return client.measure_responses.get(code=code, is_latest=True)


def test_seeding_twice_adds_nothing_more(demo):
    counts = (CheckIn.objects.count(), MeasureResponse.objects.count(), RiskFlag.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (CheckIn.objects.count(), MeasureResponse.objects.count(), RiskFlag.objects.count()) == counts


def test_the_demo_writes_its_history_into_an_intact_audit_trail_with_past_dates(demo):
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "The audit trail is intact" in out.getvalue()
    week_ago = timezone.now() - timedelta(days=7)
    assert AuditEvent.objects.filter(action="check_in.created", created_at__lt=week_ago).exists()


def test_every_demo_client_has_twelve_weekly_check_ins_in_the_past_twelve_weeks(demo):
    today = timezone.localdate()
    for client in demo.values():
        days = sorted(client.check_ins.values_list("day", flat=True))
        assert len(days) == 12 and today - timedelta(weeks=12) <= days[0] and days[-1] < today
        assert {b - a for a, b in pairwise(days)} == {timedelta(days=7)}


def test_every_demo_client_has_a_rest_week_and_both_private_and_shared_notes(demo):
    for client in demo.values():
        assert client.check_ins.filter(is_rest_week=True).exists()
        assert {c.note_shared for c in client.check_ins.exclude(note="")} == {True, False}


def test_sams_ptsd_symptoms_and_loneliness_show_reliable_improvement(demo):
    pcl, ucla = _latest(demo["Sam"], "PCL-5"), _latest(demo["Sam"], "UCLA-3")
    assert (pcl.total, pcl.change_from_first) == (36, "improved")
    assert (ucla.total, ucla.band, ucla.change_from_first) == (5, "not lonely", "improved")


def test_sams_first_pcl5_is_the_oldest_at_52(demo):
    first = demo["Sam"].measure_responses.filter(code="PCL-5").earliest("submitted_at")
    assert (first.total, first.band) == (52, "probable ptsd")


def test_the_latest_response_per_instrument_is_the_newest_submitted(demo):
    for client in demo.values():
        for code in client.measure_assignments.values_list("code", flat=True):
            newest = client.measure_responses.filter(code=code).latest("submitted_at")
            assert newest.is_latest and client.measure_responses.filter(code=code, is_latest=True).count() == 1


def test_every_demo_answer_is_valid_and_scored_as_stored(demo):
    for response in MeasureResponse.objects.all():
        result = measures.score(response.code, response.answers)
        assert (response.status, result.total, result.band) == ("submitted", response.total, response.band)


def test_questionnaires_are_spread_over_the_twelve_weeks(demo):
    now = timezone.now()
    submitted = [when for when in MeasureResponse.objects.values_list("submitted_at", flat=True) if when]
    assert len(submitted) == MeasureResponse.objects.count()
    assert min(submitted) >= now - timedelta(weeks=12) and max(submitted) <= now - timedelta(days=7)


def test_lena_has_one_flag_acknowledged_hours_later_and_none_open(demo):
    flag = demo["Lena"].risk_flags.get()
    assert not demo["Lena"].risk_flags.open().exists() and flag.action == RiskFlag.Action.CONTACTED
    assert timedelta(hours=1) < flag.acknowledged_at - flag.created_at < timedelta(hours=6)


def test_lenas_flag_comes_from_a_phq9_about_six_weeks_ago_with_item_9_at_1(demo):
    flag = demo["Lena"].risk_flags.select_related("response").get()
    assert flag.response.answers[8] == 1 and flag.response.risk
    assert timedelta(days=38) <= timezone.now() - flag.created_at <= timedelta(days=45)


def test_only_lena_has_a_flag(demo):
    assert list(RiskFlag.objects.values_list("client__preferred_name", flat=True)) == ["Lena"]


def test_the_old_demo_flag_sends_no_email(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    assert RiskFlag.objects.get().emailed_at is not None and mail.outbox == []


def test_the_demo_audit_trail_is_dated_with_the_records(demo):
    check_in = demo["Sam"].check_ins.earliest("day")
    event = demo["Sam"].audit_events.get(target_id=check_in.public_id)
    assert event.created_at == check_in.created_at and event.created_at.date() == check_in.day


def test_no_demo_text_uses_a_shame_word(demo):
    notes = [week.note for weeks in tracking.CHECK_INS.values() for week in weeks]
    notes += [*CheckIn.objects.values_list("note", flat=True), tracking.ACKNOWLEDGE_NOTE]
    assert not [note for note in notes if shame_words(note)]


def test_the_answer_builder_refuses_an_impossible_total():
    with pytest.raises(ValueError):
        tracking.answers_for("UCLA-3", 10)
