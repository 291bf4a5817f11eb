"""The client's own copy of their record: everything Stepwise holds about them, as a ZIP they download once.

The ZIP holds `stepwise-record.json` (every kind of record, one section each), the safety plan as a PDF
(the current one and one per saved version), the wallet card and a README.txt in plain words. A Celery task
builds it from the copy's public id; with the broker down a small record is built in the request and a larger one waits
for the beat task `tend_record_exports` to queue it. Which models go in is one table, `EXPORTED`; what is
left out, and why, is `NOT_EXPORTED`. tests/planning/test_record_export.py fails when a model that holds
part of a client's record is in neither.
"""

from __future__ import annotations

import io
import json
import logging
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from .. import pdf
from ..models import (
    AgendaItem,
    Ally,
    AllyThanks,
    CareTeamMember,
    CheckIn,
    Client,
    Comment,
    CopingRun,
    Goal,
    Invitation,
    JournalEntry,
    LibraryLink,
    MeasureAssignment,
    MeasureResponse,
    NeedSeen,
    Notification,
    Plan,
    PlanView,
    Practice,
    RecordExport,
    Reminder,
    ReminderDelivery,
    Removal,
    RestWeek,
    RiskFlag,
    SafetyPlan,
    SafetyPlanPdf,
    SafetyPlanVersion,
    SessionNote,
    SetbackReview,
    Step,
    Trigger,
    User,
    Value,
    WalletCardPdf,
)
from .audit import audit_record
from .crisis_lines import crisis_lines_for
from .notifications import notify_record_copy_ready

logger = logging.getLogger(__name__)

FORMAT = "stepwise-record/1"
JSON_NAME = "stepwise-record.json"
ZIP_NAME = "stepwise-record.zip"
WALLET_CARD_NAME = "safety-plan/wallet-card.pdf"


@dataclass(frozen=True)
class Kind:
    """One section of stepwise-record.json: which rows of a client, and what is added or left out of each."""

    section: str
    rows: Callable[[Client], models.QuerySet[Any]]
    skip: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    adds: Callable[[Any], dict[str, Any]] | None = None


def _version_words(version: SafetyPlanVersion) -> dict[str, Any]:
    """A saved version's sections under their headings, and the PDF of it in the ZIP."""
    sections = [{"heading": spec.label, "lines": items} for spec, items in version.sections()]
    return {"sections": sections, "pdf": _version_pdf_name(version)}


def _response_words(response: MeasureResponse) -> dict[str, Any]:
    """The questionnaire's name, and each question with the answer given, in words."""
    questions = [{"question": item.text, "answer": answer} for item, answer in response.item_answers()]
    return {"questionnaire": response.instrument.title, "band": response.band_label, "questions": questions}


def _journal_words(entry: JournalEntry) -> dict[str, Any]:
    return {
        "triggers_noticed": [trigger.name for trigger in entry.triggers.all()],
        "kept_private": not entry.shared_with_care_team,
    }


def _setback_words(review: SetbackReview) -> dict[str, Any]:
    """What made the practice harder, in the words of the boxes the client ticked."""
    labels = dict(SetbackReview.Harder.choices)
    return {"harder": [labels.get(code, code) for code in review.harder]}


def _notification_words(notification: Notification) -> dict[str, Any]:
    return {"said": notification.sentence()}


# Every model that holds part of a client's record and goes into their copy, in the order of the file.
EXPORTED: dict[type[models.Model], Kind] = {
    CareTeamMember: Kind("care_team", lambda c: CareTeamMember.objects.filter(client=c)),
    Invitation: Kind("invitations", lambda c: Invitation.objects.filter(client=c), skip=("organization",)),
    Plan: Kind("plans", lambda c: Plan.objects.filter(client=c)),
    Value: Kind("values", lambda c: Value.objects.filter(plan__client=c)),
    Goal: Kind("goals", lambda c: Goal.objects.filter(plan__client=c)),
    Step: Kind("steps", lambda c: Step.objects.filter(goal__plan__client=c)),
    Practice: Kind("practices", lambda c: Practice.objects.filter(step__goal__plan__client=c)),
    SetbackReview: Kind(
        "setback_reviews",
        lambda c: SetbackReview.objects.filter(practice__step__goal__plan__client=c),
        adds=_setback_words,
    ),
    RestWeek: Kind("rest_weeks", lambda c: RestWeek.objects.filter(plan__client=c)),
    SafetyPlan: Kind("safety_plan", lambda c: SafetyPlan.objects.filter(client=c)),
    SafetyPlanVersion: Kind(
        "safety_plan_versions",
        lambda c: SafetyPlanVersion.objects.filter(plan__client=c).order_by("number"),
        skip=("content",),
        adds=_version_words,
    ),
    SafetyPlanPdf: Kind(
        "safety_plan_pdfs",
        lambda c: SafetyPlanPdf.objects.filter(version__plan__client=c).order_by("version__number"),
        skip=("body", "html_sha256"),
        adds=lambda kept: {"pdf": _version_pdf_name(kept.version)},
    ),
    # The card's kept print for each version it was drawn for; the current one is safety-plan/wallet-card.pdf.
    WalletCardPdf: Kind(
        "wallet_card_pdfs",
        lambda c: WalletCardPdf.objects.filter(version__plan__client=c).order_by("version__number"),
        skip=("body", "html_sha256"),
    ),
    LibraryLink: Kind(
        "library_links",
        lambda c: LibraryLink.objects.filter(
            Q(step__goal__plan__client=c) | Q(trigger__client=c) | Q(safety_plan__client=c)
        ),
    ),
    Trigger: Kind("triggers", lambda c: Trigger.objects.filter(client=c)),
    # All of them, private ones included: the journal is the client's own.
    JournalEntry: Kind(
        "journal_entries", lambda c: JournalEntry.objects.filter(client=c), prefetch=("triggers",), adds=_journal_words
    ),
    # The client's allies (as the client wrote them down) and the thank-yous they sent them.
    Ally: Kind("allies", lambda c: Ally.objects.filter(client=c)),
    AllyThanks: Kind("thanks_to_allies", lambda c: AllyThanks.objects.filter(client=c)),
    Comment: Kind("comments", lambda c: Comment.objects.filter(client=c)),
    CheckIn: Kind("check_ins", lambda c: CheckIn.objects.filter(client=c)),
    MeasureAssignment: Kind("questionnaires_set", lambda c: MeasureAssignment.objects.filter(client=c)),
    MeasureResponse: Kind(
        "questionnaire_answers", lambda c: MeasureResponse.objects.filter(client=c), adds=_response_words
    ),
    CopingRun: Kind("guided_coping_runs", lambda c: CopingRun.objects.filter(client=c)),
    AgendaItem: Kind("session_agenda", lambda c: AgendaItem.objects.filter(client=c)),
    Reminder: Kind("reminders", lambda c: Reminder.objects.filter(client=c)),
    ReminderDelivery: Kind(
        "reminders_sent", lambda c: ReminderDelivery.objects.filter(reminder__client=c).order_by("scheduled_at")
    ),
    # The client's own notifications; those their care team got about them say only "shared a journal entry".
    Notification: Kind(
        "notifications",
        lambda c: Notification.objects.filter(client=c, recipient_id=c.user_id),
        skip=("recipient", "target_name", "target_id"),
        adds=_notification_words,
    ),
}

# What holds data about a client but stays out of their copy, and why (README.txt says so in plain words).
NOT_EXPORTED: dict[type[models.Model], str] = {
    RecordExport: "the copies themselves",
    Removal: "undo snapshots of removed records, emptied after the undo window; what is still there is exported",
    PlanView: "when each person last opened the plan, kept only to mark what is new since",
    NeedSeen: "which caseload reasons a clinician marked as seen: the care team's own bookkeeping",
    # Never shown to the client in the app (access.session_note_for, risk_flag_for: 404 for them); a client
    # asks their clinic for these, as with a clinic's own clinical notes (README.txt tells them so).
    SessionNote: "the care team's own session notes",
    RiskFlag: "the care team's safety checks, with what they did",
}


def _version_pdf_name(version: SafetyPlanVersion) -> str:
    return f"safety-plan/version-{version.number}.pdf"


def _person(user: User | None, client: Client) -> str | None:
    """A person named in the record: "you" for the client, "your ally", a clinician by name, never an email."""
    if user is None:
        return None
    if user.pk == client.user_id:
        return "you"
    if user.is_ally:  # someone from the client's own life, not the clinic's
        return "your ally"
    return user.full_name or "someone at your clinic"


def _plain(value: Any) -> Any:
    """A value as JSON has it: dates and times in ISO 8601, ids as text."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


def _reference(value: Any, client: Client) -> Any:
    """What a key points at: a person's name, a library item's title, or the id of another row in the file."""
    if value is None:
        return None
    if isinstance(value, User):
        return _person(value, client)
    if value._meta.label == "content.Item":
        return value.title
    return str(value.public_id) if hasattr(value, "public_id") else str(value.pk)


def _row(obj: models.Model, kind: Kind, client: Client) -> dict[str, Any]:
    """One row: every field of the record except internal numbers, choices in their words."""
    out: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        name = field.name
        if name in ("id", "version") or name in kind.skip:
            continue
        if name == "public_id":
            out["id"] = str(obj.public_id)  # type: ignore[attr-defined]
        elif field.is_relation:
            if field.related_model is not Client:
                out[name] = _reference(getattr(obj, name), client)
        elif field.choices and field.value_from_object(obj):
            out[name] = getattr(obj, f"get_{name}_display")()
        else:
            out[name] = _plain(field.value_from_object(obj))
    if kind.adds is not None:
        out.update(kind.adds(obj))
    return out


def _rows(kind: Kind, model: type[models.Model], client: Client) -> list[dict[str, Any]]:
    fields = model._meta.concrete_fields
    keys = [f.name for f in fields if f.is_relation and f.related_model is not Client and f.name not in kind.skip]
    rows = kind.rows(client).select_related(*keys).prefetch_related(*kind.prefetch)
    return [_row(obj, kind, client) for obj in rows]


def record_json(client: Client) -> dict[str, Any]:
    """Everything Stepwise holds about a client, as one JSON-ready dict (EXPORTED, section by section)."""
    record: dict[str, Any] = {
        "format": FORMAT,
        "made_at": timezone.now().isoformat(),
        "clinic": client.organization.name,
        "you": {
            "preferred_name": client.preferred_name,
            "pronouns": client.pronouns,
            "accessibility_needs": client.accessibility_needs,
            "email": client.email,
            "with_stepwise_since": client.created_at.isoformat(),
        },
    }
    for model, kind in EXPORTED.items():
        record[kind.section] = _rows(kind, model, client)
    return record


def record_pdfs(client: Client) -> dict[str, bytes]:
    """The safety plan as PDFs: the current one, one per saved version, and the wallet card as the client chose it.

    Each is the kept copy where it still matches, as the download pages serve it.
    """
    plan = SafetyPlan.objects.filter(client=client).first()
    if plan is None:
        return {}
    lines = crisis_lines_for(client.organization)
    versions = list(plan.versions.select_related("author").order_by("number"))
    files = {
        _version_pdf_name(v): pdf.kept_safety_plan_pdf(client=client, version=v, crisis_lines=lines) for v in versions
    }
    if versions:
        files["safety-plan/current.pdf"] = files[_version_pdf_name(versions[-1])]
        files[WALLET_CARD_NAME] = pdf.kept_wallet_card_pdf(
            client=client, version=versions[-1], crisis_lines=lines, choice=plan.card_choice()
        )
    return files


def record_zip(client: Client) -> bytes:
    """Build the ZIP: the README, the JSON file and the safety plan's PDFs."""
    files = record_pdfs(client)  # first: drawing a version's PDF keeps it (SafetyPlanPdf), which the JSON lists
    record = record_json(client)
    readme = render_to_string(
        "planning/export/README.txt",
        {"client": client, "record": record, "pdfs": sorted(files), "left_out": NOT_EXPORTED_IN_WORDS},
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme)
        archive.writestr(JSON_NAME, json.dumps(record, indent=2, ensure_ascii=False))
        for name, body in sorted(files.items()):
            archive.writestr(name, body)
    return buffer.getvalue()


# What README.txt says is not in the copy, in the client's words.
NOT_EXPORTED_IN_WORDS = (
    "Your care team's own session notes and the safety checks they made (for example after a very hard day). "
    "You can ask your clinic for these.",
    "Short-lived things Stepwise keeps only to work: undo copies of what was just removed, and when each "
    "person last opened your plan.",
    "Who on your care team opened your record: see 'Who has looked at your record' on your account page.",
)


# Asking, building, downloading and clearing away


class ExportUnavailable(Exception):
    """The copy behind a link can no longer be downloaded: used, or expired. Says so kindly."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


USED = "This link has been used: each copy can be downloaded once, to keep your record safe. Ask for a new copy."
EXPIRED = "This link has expired: each copy can be downloaded for a day. Ask for a new copy."


def small_enough_for_request(client: Client) -> bool:
    """Say whether a client's copy is small enough to build in the request (each safety-plan version is a PDF)."""
    versions = SafetyPlanVersion.objects.filter(plan__client=client).count()
    return versions <= settings.RECORD_EXPORT_IN_REQUEST_MAX_VERSIONS


def record_export_request(*, actor: User, client: Client) -> RecordExport:
    """Ask for a new copy of the client's record, retiring any earlier one not downloaded, and start building it.

    With the broker down a small record is built on commit, in the request; a larger one waits for
    `record_exports_tend` to queue it once the broker answers again.
    """
    with transaction.atomic():
        RecordExport.objects.filter(client=client, downloaded_at__isnull=True).delete()
        export = RecordExport.objects.create(
            client=client, requested_by=actor, expires_at=timezone.now() + RecordExport.lifetime()
        )
        audit_record(actor=actor, action="record_export.requested", target=export)
        export_id, small = str(export.public_id), small_enough_for_request(client)
        transaction.on_commit(lambda: _dispatch_build(export_id, in_request_if_down=small))
    return export


def _dispatch_build(export_id: str, *, in_request_if_down: bool) -> bool:
    """Queue the build; with the broker down, build it here when small, else leave it for the beat task.

    Returns whether the copy is on its way (queued or built); False leaves it for the next pass.
    """
    from ..tasks import build_record_export

    try:
        build_record_export.delay(export_id)
    except KombuOperationalError:
        if not in_request_if_down:
            logger.warning("record export waits for the broker: too large to build in the request")
            return False
        logger.warning("record export built in-process: broker unavailable")
        record_export_build(export_id=export_id, tell_client=False)  # the client is on the page that shows it
        return True
    RecordExport.objects.filter(public_id=export_id, queued_at__isnull=True).update(queued_at=timezone.now())
    return True


def record_export_build(*, export_id: str, tell_client: bool = True) -> bool:
    """Build a copy that is still wanted and not built yet; say whether this call built it.

    A copy built away from the request (by the worker, or queued by the beat task) tells the client
    it is ready with one in-app notice leading to their copy page.
    """
    export = (
        RecordExport.objects.select_related("client__organization")
        .filter(public_id=export_id, ready_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if export is None:
        return False
    body = record_zip(export.client)
    with transaction.atomic():
        built = RecordExport.objects.filter(pk=export.pk, ready_at__isnull=True).update(
            body=body, size=len(body), ready_at=timezone.now()
        )
        if built and tell_client:
            notify_record_copy_ready(client=export.client)
    return bool(built)


def record_export_take(*, actor: User, export: RecordExport) -> bytes:
    """Hand over a ready copy once: its bytes are emptied and the download audited in the same transaction.

    Raises ExportUnavailable for a used or expired link; returns b"" for a copy still being built.
    """
    with transaction.atomic():
        row = RecordExport.objects.select_for_update().get(pk=export.pk)
        if row.downloaded_at is not None:
            raise ExportUnavailable(USED)
        if row.is_expired():
            raise ExportUnavailable(EXPIRED)
        if row.ready_at is None:
            return b""
        body = bytes(row.body)  # PostgreSQL hands back a memoryview
        row.body, row.downloaded_at = b"", timezone.now()
        row.save(update_fields=["body", "downloaded_at"])
        audit_record(actor=actor, action="record_export.downloaded", target=row)
    return body


def record_exports_tend() -> tuple[int, int]:
    """Delete expired copies and queue those asked for while the broker was down; return how many of each."""
    purged, _ = RecordExport.objects.expired().delete()
    waiting = [str(public_id) for public_id in RecordExport.objects.never_queued().values_list("public_id", flat=True)]
    queued = sum(_dispatch_build(export_id, in_request_if_down=False) for export_id in waiting)
    return purged, queued
