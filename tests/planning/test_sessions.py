"""The 50-minute session: the in-session view, "since last session", session notes and the agenda."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planning.demo.plans import build_large_plan
from planning.models import AgendaItem, AuditEvent, SessionNote
from planning.services.safety_plan import safety_plan_save
from planning.services.sessions import session_summary
from tests.factories import (
    CheckInFactory,
    GoalFactory,
    JournalEntryFactory,
    MeasureAssignmentFactory,
    MeasureResponseFactory,
    PlanFactory,
    PracticeFactory,
    RiskFlagFactory,
    StepFactory,
)


def _days_ago(days):
    return timezone.now() - timedelta(days=days)


def _note(w, days_ago=0, **fields):
    held_on = timezone.localdate() - timedelta(days=days_ago)
    return SessionNote.objects.create(
        client=w.client, held_on=held_on, worked_on=fields.pop("worked_on", "The first rung"), **fields
    )


def _url(name, **kwargs):
    return reverse(f"planning:{name}", kwargs=kwargs)


def _session_url(w):
    return _url("in_session", client_id=w.client.public_id)


def _step(w, **fields):
    plan = w.client.plans.current().first() or PlanFactory(client=w.client)
    return StepFactory(goal__plan=plan, **fields)


def _practice(w, days_ago, **fields):
    step = fields.pop("step", None) or _step(w, activity="Coffee with Jo")
    return PracticeFactory(step=step, created_at=_days_ago(days_ago), **fields)


# Since last session


def test_the_summary_shows_what_happened_since_the_last_session_note(world):
    _note(world, days_ago=7)
    recent = _practice(world, 3)
    _practice(world, 10)
    summary = session_summary(client=world.client)
    assert summary.practices == [recent]
    assert summary.since == timezone.localdate() - timedelta(days=7)


def test_without_a_session_note_the_summary_reaches_back_two_weeks(world):
    CheckInFactory(client=world.client, created_at=_days_ago(13))
    CheckInFactory(client=world.client, created_at=_days_ago(15))
    summary = session_summary(client=world.client)
    assert summary.last_note is None and len(summary.check_ins) == 1


def test_a_note_written_today_belongs_to_this_session_and_does_not_hide_the_weeks_before(world):
    _note(world, days_ago=7)
    _note(world, days_ago=0)
    _practice(world, 3)
    assert len(session_summary(client=world.client).practices) == 1


def test_private_journal_entries_never_reach_the_summary(world):
    shared = JournalEntryFactory(client=world.client, situation="Lunch with my team")
    JournalEntryFactory(client=world.client, situation="A night I keep to myself", shared_with_care_team=False)
    assert session_summary(client=world.client).journal_entries == [shared]


def test_the_session_view_never_shows_a_private_journal_entry(clinician_http, world):
    JournalEntryFactory(client=world.client, situation="Lunch with my team")
    JournalEntryFactory(client=world.client, situation="A night I keep to myself", shared_with_care_team=False)
    body = clinician_http.get(_session_url(world)).content.decode()
    assert "Lunch with my team" in body and "A night I keep to myself" not in body


def test_the_summary_names_the_safety_plan_sections_that_changed(world):
    safety_plan_save(actor=world.client.user, client=world.client, based_on=0, content={"coping": ["Slow breathing"]})
    world.client.safety_plan.versions.update(created_at=_days_ago(20))
    content = {"coping": ["Slow breathing"], "reasons": ["My nephew"]}
    safety_plan_save(actor=world.client.user, client=world.client, based_on=1, content=content)
    summary = session_summary(client=world.client)
    assert len(summary.safety_versions) == 1
    assert summary.safety_sections_changed == ["What matters most to me"]


def test_the_summary_includes_questionnaires_and_risk_flags(world):
    MeasureResponseFactory(
        assignment__client=world.client, status="submitted", submitted_at=_days_ago(2), total=6, band="mild"
    )
    RiskFlagFactory(client=world.client)
    summary = session_summary(client=world.client)
    assert len(summary.measures) == 1 and len(summary.risk_flags) == 1


def _fill(w, count):
    step = _step(w)
    assignment = w.client.measure_assignments.first() or MeasureAssignmentFactory(client=w.client)
    for day in range(count):
        _practice(w, day % 5, step=step)
        JournalEntryFactory(client=w.client)
        CheckInFactory(client=w.client)
        MeasureResponseFactory(assignment=assignment, status="submitted", submitted_at=timezone.now(), total=3)
        RiskFlagFactory(client=w.client)


def test_the_summary_makes_seven_queries_however_much_happened(world, django_assert_num_queries):
    _note(world, days_ago=7)
    safety_plan_save(actor=world.client.user, client=world.client, based_on=0, content={"coping": ["Walk"]})
    _fill(world, 2)
    with django_assert_num_queries(7):
        session_summary(client=world.client)
    _fill(world, 15)
    with django_assert_num_queries(7):
        summary = session_summary(client=world.client)
    assert len(summary.practices) == 10 and "practices" in summary.more


# The in-session view


def test_the_session_view_opens_the_current_goal_and_folds_the_others(clinician_http, world):
    plan = PlanFactory(client=world.client)
    done = GoalFactory(plan=plan, title="Say hello to a neighbour", position=1)
    StepFactory(goal=done, activity="Wave from the door", status="mastered")
    current = GoalFactory(plan=plan, title="Join the board-game night", position=2)
    StepFactory(goal=current, activity="Read the café's page", position=1)
    body = clinician_http.get(_session_url(world)).content.decode()
    assert body.index("Join the board-game night") < body.index("<summary>Say hello to a neighbour")


def _count_queries(http, url):
    http.get(url)  # the first request of a sign-in may refresh the session row
    with CaptureQueriesContext(connection) as captured:
        assert http.get(url).status_code == 200
    return len(captured)


def test_the_session_view_makes_as_many_queries_for_a_huge_plan_as_for_a_tiny_one(clinician_http, world):
    small = build_large_plan(world.client, goals=1, steps=1, practices=1)
    small_count = _count_queries(clinician_http, _session_url(world))
    small.status = "completed"
    small.save()
    build_large_plan(world.client, goals=20, steps=15, practices=20)
    assert _count_queries(clinician_http, _session_url(world)) == small_count


def test_the_clients_page_and_plan_link_to_the_session_view(clinician_http, world):
    plan = PlanFactory(client=world.client)
    session_url = _session_url(world)
    assert session_url in clinician_http.get(_url("client_overview", client_id=world.client.public_id)).content.decode()
    assert session_url in clinician_http.get(_url("plan_detail", plan_id=plan.public_id)).content.decode()


def test_the_clients_own_plan_page_has_no_session_view_link(client_http, world):
    plan = PlanFactory(client=world.client)
    assert _session_url(world) not in client_http.get(_url("plan_detail", plan_id=plan.public_id)).content.decode()


# Session notes


def _new_note(http, w, **data):
    fields = {"held_on": timezone.localdate().isoformat(), "worked_on": "The café step", **data}
    return http.post(_url("session_note_add", client_id=w.client.public_id), fields)


def test_a_clinician_writes_a_session_note_from_the_session_view(clinician_http, world):
    response = _new_note(clinician_http, world, agreed="Try the café on Tuesday")
    assert response.status_code == 302 and response["Location"] == _session_url(world)
    assert world.client.session_notes.get().agreed == "Try the café on Tuesday"


def test_writing_a_note_is_audited_without_its_words(clinician_http, world):
    _new_note(clinician_http, world, worked_on="Talked about the wedding")
    event = AuditEvent.objects.get(action="session_note.created")
    assert event.client == world.client and "wedding" not in str(event.changed_fields)


def test_a_read_only_clinician_cannot_write_a_note(readonly_http, world):
    assert _new_note(readonly_http, world).status_code == 403
    assert not SessionNote.objects.exists()


def test_a_read_only_clinician_reads_the_notes(readonly_http, world):
    note = _note(world, worked_on="The exit plan")
    assert "The exit plan" in readonly_http.get(_url("session_note_detail", note_id=note.public_id)).content.decode()


def test_a_note_does_not_exist_for_the_client(client_http, world):
    note = _note(world)
    assert client_http.get(_url("session_note_detail", note_id=note.public_id)).status_code == 404


def test_a_note_of_another_clients_session_does_not_exist_for_a_clinician_off_their_team(as_persona, world):
    note = _note(world)
    response = as_persona("bystander_clinician").get(_url("session_note_detail", note_id=note.public_id))
    assert response.status_code == 404


def test_note_words_never_reach_the_clients_own_pages(client_http, world):
    PlanFactory(client=world.client)
    _note(world, worked_on="Zephyrine note words")
    for url in (_url("client_home"), _url("agenda", client_id=world.client.public_id)):
        assert "Zephyrine" not in client_http.get(url).content.decode()


def test_an_empty_note_gets_a_kind_message_and_keeps_the_other_words(clinician_http, world):
    body = _new_note(clinician_http, world, worked_on="  ", agreed="Try the café").content.decode()
    assert "Please write a few words about what you worked on." in body and "Try the café" in body
    assert not SessionNote.objects.exists()


def test_an_over_long_note_gets_a_kind_message_and_keeps_the_text(clinician_http, world):
    body = _new_note(clinician_http, world, worked_on="w" * 4001).content.decode()
    assert "the limit is 4000" in body and "w" * 4001 in body


def test_a_session_date_in_the_future_gets_a_kind_message(clinician_http, world):
    later = (timezone.localdate() + timedelta(days=30)).isoformat()
    assert "far ahead" in _new_note(clinician_http, world, held_on=later).content.decode()


def _edit(http, note, **data):
    fields = {"held_on": note.held_on.isoformat(), "worked_on": note.worked_on, "version": note.version, **data}
    return http.post(_url("session_note_edit", note_id=note.public_id), fields)


def test_changing_a_note_is_versioned_and_audited_with_field_names(clinician_http, world):
    note = _note(world)
    _edit(clinician_http, note, agreed="Text Jo first")
    note.refresh_from_db()
    event = AuditEvent.objects.get(action="session_note.updated")
    assert (note.version, note.agreed, event.changed_fields) == (2, "Text Jo first", ["agreed"])


def test_a_stale_save_of_a_note_shows_both_versions_and_keeps_what_was_typed(clinician_http, world):
    note = _note(world, worked_on="Draft")
    SessionNote.objects.filter(pk=note.pk).update(worked_on="A colleague's words", version=2)
    response = _edit(clinician_http, note, worked_on="My words")
    body = response.content.decode()
    assert response.status_code == 409 and "A colleague&#x27;s words" in body and "My words" in body


def test_a_read_only_clinician_cannot_change_a_note(readonly_http, world):
    note = _note(world, worked_on="Draft")
    assert _edit(readonly_http, note, worked_on="Changed").status_code == 403
    note.refresh_from_db()
    assert note.worked_on == "Draft"


# The agenda


def _add_item(http, client, text="My cousin's wedding"):
    return http.post(_url("agenda_add", client_id=client.public_id), {"text": text})


def test_a_client_adds_to_the_agenda_and_the_clinician_sees_it_in_session(client_http, clinician_http, world):
    _add_item(client_http, world.client)
    assert "My cousin&#x27;s wedding" in clinician_http.get(_session_url(world)).content.decode()


def test_a_client_cannot_add_to_another_clients_agenda(client_http, world):
    assert _add_item(client_http, world.other_client).status_code == 404
    assert not AgendaItem.objects.exists()


def test_an_empty_agenda_item_gets_a_kind_message(client_http, world):
    body = _add_item(client_http, world.client, text="   ").content.decode()
    assert "Please write a few words" in body and not AgendaItem.objects.exists()


def test_an_over_long_agenda_item_keeps_the_text(client_http, world):
    body = _add_item(client_http, world.client, text="a" * 301).content.decode()
    assert "the limit is 300" in body and "a" * 301 in body


def test_the_clinician_marks_an_item_discussed(clinician_http, world):
    item = AgendaItem.objects.create(client=world.client, text="The wedding", added_by=world.client.user)
    clinician_http.post(_url("agenda_item_discussed", item_id=item.public_id))
    item.refresh_from_db()
    assert item.discussed_by == world.clinician
    assert AuditEvent.objects.filter(action="agenda_item.discussed", target_id=item.public_id).exists()


def test_a_discussed_item_can_go_back_on_the_list(clinician_http, world):
    item = AgendaItem.objects.create(client=world.client, text="The wedding", discussed_at=timezone.now())
    clinician_http.post(_url("agenda_item_discussed", item_id=item.public_id), {"discussed": "no"})
    item.refresh_from_db()
    assert item.discussed_at is None


def test_the_client_cannot_tick_off_their_own_item(client_http, world):
    item = AgendaItem.objects.create(client=world.client, text="The wedding", added_by=world.client.user)
    assert client_http.post(_url("agenda_item_discussed", item_id=item.public_id)).status_code == 403
    item.refresh_from_db()
    assert item.discussed_at is None


def test_an_item_discussed_in_an_earlier_session_leaves_the_session_view(clinician_http, world):
    AgendaItem.objects.create(client=world.client, text="Last month's worry", discussed_at=_days_ago(30))
    AgendaItem.objects.create(client=world.client, text="This week's question")
    body = clinician_http.get(_session_url(world)).content.decode()
    assert "This week" in body and "Last month" not in body


def _remove_url(item):
    return _url("agenda_item_remove", item_id=item.public_id)


def test_a_client_is_asked_before_an_item_comes_off_the_list(client_http, world):
    item = AgendaItem.objects.create(client=world.client, text="The wedding", added_by=world.client.user)
    body = client_http.get(_remove_url(item)).content.decode()
    assert "Take this off the list?" in body and AgendaItem.objects.filter(pk=item.pk).exists()


def test_a_client_takes_their_item_off_the_list(client_http, world):
    item = AgendaItem.objects.create(client=world.client, text="The wedding", added_by=world.client.user)
    client_http.post(_remove_url(item))
    assert not AgendaItem.objects.exists()
    assert AuditEvent.objects.filter(action="agenda_item.removed", target_id=item.public_id).exists()


def test_an_item_already_discussed_stays_on_the_record(client_http, world):
    item = AgendaItem.objects.create(client=world.client, text="The wedding", discussed_at=timezone.now())
    response = client_http.post(_remove_url(item), follow=True)
    assert "stays on the record" in response.content.decode() and AgendaItem.objects.filter(pk=item.pk).exists()


def test_another_clients_item_cannot_be_taken_off(client_http, world):
    item = AgendaItem.objects.create(client=world.other_client, text="Their worry")
    assert client_http.post(_remove_url(item)).status_code == 404
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_a_read_only_clinician_cannot_take_an_item_off(readonly_http, world):
    item = AgendaItem.objects.create(client=world.client, text="The wedding")
    assert readonly_http.post(_remove_url(item)).status_code == 403
    assert AgendaItem.objects.filter(pk=item.pk).exists()


# How the organisation admin reads these in the audit log: plain sentences, never the words written


def test_session_notes_and_the_agenda_read_as_plain_sentences_in_the_audit_log(
    client_http, clinician_http, admin_http, world
):
    _new_note(clinician_http, world, worked_on="Zephyrine note words")
    _edit(clinician_http, SessionNote.objects.get(), agreed="Text Jo first")
    _add_item(client_http, world.client, text="Zephyrine agenda words")
    item = AgendaItem.objects.get()
    clinician_http.post(_url("agenda_item_discussed", item_id=item.public_id))
    clinician_http.post(_url("agenda_item_discussed", item_id=item.public_id), {"discussed": "no"})
    client_http.post(_remove_url(item))
    body = admin_http.get(_url("org_audit")).content.decode().replace("&#x27;", "'")
    for line in (
        "Robin's session note was added by Dr Ada Treat.",
        "Robin's session note was changed by Dr Ada Treat.",
        "Something to talk about was added to Robin's session agenda by Robin.",
        "An item on Robin's session agenda was marked as discussed by Dr Ada Treat.",
        "An item on Robin's session agenda was put back on the list by Dr Ada Treat.",
        "An item was taken off Robin's session agenda by Robin.",
    ):
        assert line in body
    assert "Zephyrine" not in body
