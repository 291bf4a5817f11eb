"""The client's copy of their record: everything in it, a link that works once and expires, theirs alone.

A client with one of everything (every section of stepwise-record.json has a row) downloads the ZIP; a
model that holds part of a client's record but is neither exported nor left out with a reason fails.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from unittest import mock

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone

from content.models import Item
from planning.models import (
    AgendaItem,
    Ally,
    AllyThanks,
    AuditEvent,
    Client,
    Comment,
    CopingRun,
    Invitation,
    LibraryLink,
    Notification,
    Practice,
    RecordExport,
    Reminder,
    ReminderDelivery,
    RestWeek,
    SafetyPlanPdf,
    SetbackReview,
)
from planning.services.exports import EXPORTED, NOT_EXPORTED, record_exports_tend
from tests.factories import (
    CheckInFactory,
    GoalFactory,
    JournalEntryFactory,
    MeasureResponseFactory,
    PlanFactory,
    PracticeFactory,
    ReminderFactory,
    SafetyPlanFactory,
    SafetyPlanVersionFactory,
    StepFactory,
    TriggerFactory,
    ValueFactory,
)

PAGE = reverse("planning:record_export")


def _holds_client_data() -> set[type[models.Model]]:
    """Every model whose rows reach a client by foreign keys (the audit trail aside: it is not the record)."""
    found: set[type[models.Model]] = {Client}
    grew = True
    while grew:
        grew = False
        for model in apps.get_app_config("planning").get_models():
            if model in found or model is AuditEvent:
                continue
            if any(f.is_relation and f.related_model in found for f in model._meta.concrete_fields):
                found.add(model)
                grew = True
    return found - {Client}


def test_the_walk_finds_records_at_every_depth():  # control for the test below
    assert {Practice, LibraryLink, ReminderDelivery, SafetyPlanPdf, Reminder} <= _holds_client_data()


def test_every_model_holding_client_data_is_exported_or_left_out_with_a_reason():
    covered = set(EXPORTED) | set(NOT_EXPORTED)
    assert _holds_client_data() - covered == set(), "add the new model to EXPORTED (or NOT_EXPORTED, with why)"
    assert all(NOT_EXPORTED.values())


@pytest.fixture
def everything(world):
    """The matrix client with one of every kind of record, a private journal entry and two safety-plan versions."""
    client, clinician = world.client, world.clinician
    plan = PlanFactory(client=client)
    value = ValueFactory(plan=plan, statement="Being an uncle my nephew can count on")
    goal = GoalFactory(plan=plan, value=value)
    step = StepFactory(goal=goal, activity="Coffee with Jo")
    practice = PracticeFactory(step=step, feared_outcome="Jo will think I am odd", peak_distress=40)
    SetbackReview.objects.create(practice=practice, harder=["crowd"], next_choice="smaller", created_by=client.user)
    ally = Ally.objects.create(client=client, name="Jo", email="jo@example.test", support_note="Text me first")
    AllyThanks.objects.create(client=client, ally=ally, practice=practice, text="Thank you for coming")
    RestWeek.objects.create(plan=plan, week_start=timezone.localdate() - timedelta(days=timezone.localdate().weekday()))
    safety = SafetyPlanFactory(client=client)
    SafetyPlanVersionFactory(plan=safety, number=1)
    SafetyPlanVersionFactory(plan=safety, number=2, content={"coping": ["Cold water on my face"]})
    safety.version = 2
    safety.save()
    skill = Item.objects.get(slug="grounding-5-4-3-2-1", organization=None)
    LibraryLink.objects.create(item=skill, step=step, added_by=clinician)
    trigger = TriggerFactory(client=client, name="Crowded buses")
    private = JournalEntryFactory(client=client, shared_with_care_team=False, situation="Dinner at my aunt's")
    private.triggers.add(trigger)
    shared = JournalEntryFactory(client=client, situation="The board-game night")
    Comment.objects.create(client=client, journal_entry=shared, text="That took courage", author=clinician)
    Comment.objects.create(client=client, practice=practice, text="Well planned exit", author=clinician)
    CheckInFactory(client=client, note="A quiet week", note_shared=False)
    MeasureResponseFactory(
        assignment__client=client,
        status="submitted",
        answers=[1] * 9,
        total=9,
        band="mild",
        submitted_at=timezone.now(),
    )
    CopingRun.objects.create(client=client, item=skill, skill_title=skill.title, distress_before=60, distress_after=35)
    AgendaItem.objects.create(client=client, text="Talking to my cousin", added_by=client.user)
    reminder = ReminderFactory(client=client)
    ReminderDelivery.objects.create(
        reminder=reminder, on_date=timezone.localdate(), status="sent", scheduled_at=timezone.now()
    )
    Invitation.objects.create(organization=world.clinic, email=client.email, role="client", client=client)
    Notification.objects.create(
        client=client, recipient=client.user, kind="comment_added", target_name="planning:client_home"
    )
    return client


@pytest.fixture
def ask(django_capture_on_commit_callbacks):
    """Post "make a copy" as a person, running what waits for the commit (the build) as production does."""

    def post(http, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            response = http.post(PAGE, **kwargs)
        assert response.status_code == 302
        return response

    return post


@pytest.fixture
def download(ask, client_http):
    """Ask for a copy as the client and download it; return the ZIP."""

    def take() -> zipfile.ZipFile:
        ask(client_http)
        return _download(client_http)

    return take


def _download(client_http) -> zipfile.ZipFile:
    export = RecordExport.objects.get()
    response = client_http.get(reverse("planning:record_export_download", kwargs={"token": export.token}))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_zip_holds_every_kind_of_record_the_client_has(everything, download):
    record = json.loads(download().read("stepwise-record.json"))
    empty = [kind.section for kind in EXPORTED.values() if not record[kind.section]]
    assert empty == []
    assert record["you"]["preferred_name"] == "Robin"


def test_private_journal_entries_and_private_notes_are_in_the_copy(everything, download):
    record = json.loads(download().read("stepwise-record.json"))
    private = next(e for e in record["journal_entries"] if e["kept_private"])
    assert private["situation"] == "Dinner at my aunt's" and private["triggers_noticed"] == ["Crowded buses"]
    assert record["check_ins"][0]["note"] == "A quiet week"
    assert record["setback_reviews"][0]["harder"] == ["There were more people, or more noise, than I pictured"]


def test_records_read_in_words_not_codes(everything, download):
    record = json.loads(download().read("stepwise-record.json"))
    answers = record["questionnaire_answers"][0]
    assert answers["questionnaire"] and answers["questions"][0]["question"] and answers["status"] == "Submitted"
    assert record["comments"][0]["author"] == "Dr Ada Treat"  # a clinician by name, never an email
    assert record["library_links"][0]["item"] == Item.objects.get(slug="grounding-5-4-3-2-1", organization=None).title
    assert "ada@example.test" not in json.dumps(record)


def test_the_zip_has_the_safety_plan_now_and_as_each_version_was_and_a_readme(everything, download):
    archive = download()
    names = set(archive.namelist())
    assert {"README.txt", "stepwise-record.json", "safety-plan/current.pdf"} <= names
    assert {"safety-plan/version-1.pdf", "safety-plan/version-2.pdf"} <= names
    assert all(archive.read(name).startswith(b"%PDF") for name in names if name.endswith(".pdf"))
    readme = archive.read("README.txt").decode()
    assert "stepwise-record.json" in readme and "session notes" in readme and "&#x27;" not in readme


def test_the_zip_has_the_wallet_card_as_the_client_chose_it(everything, world, client_http, download):
    archive = download()
    card = client_http.get(reverse("planning:safety_plan_card_pdf", args=[world.client.public_id])).content
    assert archive.read("safety-plan/wallet-card.pdf") == card  # the very card the client prints from the app
    assert "safety-plan/wallet-card.pdf\n    Your wallet card" in archive.read("README.txt").decode()
    record = json.loads(archive.read("stepwise-record.json"))
    assert record["wallet_card_pdfs"] and "body" not in record["wallet_card_pdfs"][0]


def test_without_a_safety_plan_there_is_no_wallet_card_in_the_zip(world, download):
    archive = download()
    assert not [name for name in archive.namelist() if name.endswith(".pdf")]
    assert "no safety plan yet" in archive.read("README.txt").decode()


def test_nothing_of_another_client_is_in_the_copy(everything, world, download):
    JournalEntryFactory(client=world.other_client, situation="Sasha's evening out")
    archive = download()
    assert "Sasha" not in archive.read("stepwise-record.json").decode()
    assert "Dinner at my aunt's" in archive.read("stepwise-record.json").decode()  # control


# The link: once, for a day, for the client who asked


@pytest.fixture
def ready_link(ask, client_http):
    """Ask for a copy as the client; return its download link."""

    def make() -> str:
        ask(client_http)
        return reverse("planning:record_export_download", kwargs={"token": RecordExport.objects.get().token})

    return make


def test_the_page_offers_the_link_once_it_is_ready(world, client_http, ready_link):
    link = ready_link()
    page = client_http.get(PAGE).content.decode()
    assert link in page and "Your copy is ready" in page


def test_the_link_is_a_random_token_not_the_clients_id(world, ready_link):
    link = ready_link()
    assert str(world.client.public_id) not in link and str(RecordExport.objects.get().public_id) not in link


def test_the_link_works_once_then_says_kindly_it_was_used(world, client_http, ready_link):
    link = ready_link()
    assert client_http.get(link).status_code == 200
    again = client_http.get(link)
    assert again.status_code == 410 and "has been used" in again.content.decode()
    assert bytes(RecordExport.objects.get().body) == b""  # the copy is not kept once taken


def test_an_expired_link_says_so_and_offers_a_new_copy(world, client_http, ready_link):
    link = ready_link()
    RecordExport.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client_http.get(link)
    assert response.status_code == 410 and "has expired" in response.content.decode()
    assert PAGE in response.content.decode()


@pytest.mark.parametrize("persona", ["other_client", "clinician", "readonly_clinician", "org_admin"])
def test_the_link_is_a_404_for_anyone_but_the_client_who_asked(world, client_http, as_persona, ready_link, persona):
    link = ready_link()
    assert as_persona(persona).get(link).status_code == 404
    assert client_http.get(link).status_code == 200  # control: still there, untouched, for its owner


def test_a_made_up_token_is_a_404(world, client_http, ready_link):
    ready_link()
    url = reverse("planning:record_export_download", kwargs={"token": "x" * 43})
    assert client_http.get(url).status_code == 404


def test_a_head_request_does_not_use_up_the_link(world, client_http, ready_link):
    link = ready_link()
    assert client_http.head(link).status_code == 405
    assert client_http.get(link).status_code == 200


def test_a_new_copy_replaces_one_not_downloaded(world, client_http, ask, ready_link):
    first = ready_link()
    ask(client_http)
    assert RecordExport.objects.count() == 1
    assert client_http.get(first).status_code == 404


def test_expired_copies_are_deleted_and_live_ones_kept(world, client_http, ask, as_persona):
    ask(client_http)
    ask(as_persona("other_client"))
    RecordExport.objects.filter(client=world.client).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert record_exports_tend() == (1, 0)
    assert list(RecordExport.objects.values_list("client", flat=True)) == [world.other_client.pk]


# Asking and downloading are on the clinic's audit trail


def test_asking_and_downloading_are_audited_in_plain_words(world, client_http, admin_http, ready_link):
    client_http.get(ready_link())
    actions = list(AuditEvent.objects.filter(client=world.client).values_list("action", flat=True))
    assert sorted(actions) == ["record_export.downloaded", "record_export.requested"]
    log = admin_http.get(reverse("planning:org_audit")).content.decode()
    assert "Robin asked for a copy of everything Stepwise holds about them" in log
    assert "Robin downloaded their copy of their record" in log


def test_a_used_link_writes_no_second_download_entry(world, client_http, ready_link):
    link = ready_link()
    client_http.get(link)
    client_http.get(link)
    assert AuditEvent.objects.filter(action="record_export.downloaded").count() == 1


# The worker: task arguments are ids; with the broker down, small copies are built in the request


def test_a_live_broker_gets_the_task_with_the_copys_id_only(world, client_http, ask):
    with mock.patch("planning.tasks.build_record_export.delay") as delay:
        ask(client_http)
    export = RecordExport.objects.get()
    delay.assert_called_once_with(str(export.public_id))  # not the link's token, nothing the client wrote
    assert export.queued_at is not None and export.ready_at is None  # the worker builds it, not the request
    assert "on its way" in client_http.get(PAGE).content.decode()


def test_the_task_builds_the_copy_from_its_id(world):
    from planning.tasks import build_record_export

    export = RecordExport.objects.create(client=world.client, expires_at=timezone.now() + RecordExport.lifetime())
    assert build_record_export(str(export.public_id)) is True
    assert build_record_export(str(export.public_id)) is False  # built once, however often it is delivered
    assert zipfile.ZipFile(io.BytesIO(bytes(RecordExport.objects.get().body))).testzip() is None


@pytest.fixture
def broker_down(monkeypatch):
    """Sending a task fails as kombu does when Redis refuses the connection."""
    from kombu.exceptions import OperationalError

    from planning.tasks import build_record_export

    def refused(export_id: str) -> None:
        raise OperationalError("[Errno 111] Connection refused")

    monkeypatch.setattr(build_record_export, "delay", refused)


def test_with_the_broker_down_a_small_record_is_built_in_the_request(everything, client_http, ask, broker_down, caplog):
    ask(client_http)
    assert RecordExport.objects.get().is_ready
    assert "Your copy is ready" in client_http.get(PAGE).content.decode()


def test_with_the_broker_down_a_large_record_waits_with_a_clear_message_then_is_built(
    everything, client_http, ask, settings, broker_down, monkeypatch
):
    settings.RECORD_EXPORT_IN_REQUEST_MAX_VERSIONS = 1  # the client has two versions
    ask(client_http)
    page = client_http.get(PAGE).content.decode()
    assert "We will have your copy ready shortly" in page and "on its way" in page
    assert not RecordExport.objects.get().is_ready
    assert record_exports_tend() == (0, 0)  # the broker still down: it waits
    monkeypatch.undo()  # the broker is back: beat queues it (eager here) and it is built
    assert record_exports_tend() == (0, 1)
    assert RecordExport.objects.get().is_ready


# The client hears when a copy built away from the page is ready


def _copy_ready_notices(world) -> list[Notification]:
    return list(Notification.objects.filter(kind=Notification.Kind.RECORD_COPY_READY))


def test_a_copy_built_by_the_worker_tells_the_client_once_and_leads_to_their_copy_page(world, client_http, ask):
    from planning.tasks import build_record_export

    ask(client_http)  # the task runs (eagerly here) and builds the copy
    build_record_export(str(RecordExport.objects.get().public_id))  # delivered twice: built and told once
    [notice] = _copy_ready_notices(world)
    assert (
        notice.recipient == world.client.user and notice.sentence() == "Your copy of your record is ready to download."
    )
    response = client_http.get(reverse("planning:notification_open", args=[notice.public_id]))
    assert response.status_code == 302 and response["Location"] == PAGE


def test_a_queued_copy_tells_the_client_when_the_beat_task_has_it_built(
    everything, world, client_http, ask, settings, broker_down, monkeypatch
):
    settings.RECORD_EXPORT_IN_REQUEST_MAX_VERSIONS = 1  # too large to build in the request
    ask(client_http)
    record_exports_tend()  # the broker still down: nothing built, nothing told
    assert _copy_ready_notices(world) == []
    monkeypatch.undo()
    record_exports_tend()
    assert [n.recipient for n in _copy_ready_notices(world)] == [world.client.user]


def test_a_copy_built_in_the_request_needs_no_notice(everything, world, client_http, ask, broker_down):
    ask(client_http)  # the client is on the page that offers the link
    assert RecordExport.objects.get().is_ready
    assert _copy_ready_notices(world) == []


def test_asking_is_limited_to_five_copies_an_hour(world, client_http, ask):
    for _ in range(5):
        ask(client_http)
    response = client_http.post(PAGE)
    assert response.status_code == 429 and "on hold for a while" in response.content.decode()
    assert AuditEvent.objects.filter(action="record_export.requested").count() == 5  # the sixth did nothing


def test_the_download_is_never_cached(world, client_http, ready_link):
    response = client_http.get(ready_link())
    assert "no-store" in response["Cache-Control"]


def test_the_file_takes_the_same_queries_however_much_the_client_wrote(everything, django_assert_max_num_queries):
    from planning.services.exports import record_json

    with django_assert_max_num_queries(40) as few:
        record_json(everything)
    for n in range(10):
        JournalEntryFactory(client=everything, situation=f"Evening {n}").triggers.add(TriggerFactory(client=everything))
        PracticeFactory(step=everything.plans.get().goals.get().steps.get())
    with django_assert_max_num_queries(len(few.captured_queries)):
        record_json(everything)
