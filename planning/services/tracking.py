"""Writes for check-ins, measures and the risk safety net.

A risk signal (PHQ-9 item 9 above 0, or one of the clinic's own rules) raises a flag in the same
transaction as the save that showed it. The care team is emailed after commit, with nothing but
"a client needs a look". When the broker is down the save still succeeds: the flag waits with
`emailed_at` empty, and the sweep (Celery beat, every minute) sends it once the broker is back.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone

from .. import measures
from ..models import (
    CheckIn,
    Client,
    MeasureAssignment,
    MeasureResponse,
    Organization,
    Practice,
    RiskFlag,
    RiskRules,
    User,
)
from .audit import audit_record
from .notifications import notify_check_in_note_shared, notify_questionnaire_ready, notify_risk_flag
from .plans import rest_week_mark

logger = logging.getLogger(__name__)


class AlreadySubmitted(Exception):
    """A submitted questionnaire is never changed; a mistaken one is withdrawn by the clinician."""


# Check-ins


def check_in_create(
    *,
    actor: User,
    client: Client,
    day: date,
    comfort: int,
    connection: int,
    contacts_in_person: int,
    contacts_online: int,
    is_rest_week: bool = False,
    note: str = "",
    note_shared: bool = False,
    note_urgent: bool = False,
) -> tuple[CheckIn, RiskFlag | None]:
    """Save a check-in; a rest week shows on the plan too, and an urgent note may raise a flag."""
    with transaction.atomic():
        check_in = CheckIn.objects.create(
            client=client,
            day=day,
            comfort=comfort,
            connection=connection,
            contacts_in_person=contacts_in_person,
            contacts_online=contacts_online,
            is_rest_week=is_rest_week,
            note=note,
            note_shared=note_shared and bool(note),
            note_urgent=note_urgent,
            created_by=actor,
        )
        shared = ["comfort", "connection", "contacts_in_person", "contacts_online", "is_rest_week"]
        # A private note leaves no trace the care team could see, not even its field name.
        audit_record(
            actor=actor,
            action="check_in.created",
            target=check_in,
            changed_fields=shared + (["note"] if check_in.note_shared else []),
        )
        notify_check_in_note_shared(actor=actor, check_in=check_in)
        plan = client.plans.current().first()
        if is_rest_week and plan is not None:
            rest_week_mark(actor=actor, plan=plan, day=day)
        flag = None
        if note_urgent and risk_rules_for(client.organization).urgent_check_in_notes:
            flag = _raise_flag(actor=actor, client=client, source=RiskFlag.Source.URGENT_NOTE, check_in=check_in)
    return check_in, flag


# Measures


def measure_assign(*, actor: User, client: Client, code: str, every_days: int, starts_on: date) -> MeasureAssignment:
    """Ask the client to fill in a questionnaire every so many days (changes the cadence if already asked)."""
    measures.get(code)  # an unknown instrument is refused here, whatever the form let through
    with transaction.atomic():
        assignment, created = MeasureAssignment.objects.update_or_create(
            client=client,
            code=code,
            is_active=True,
            defaults={"every_days": every_days, "starts_on": starts_on, "assigned_by": actor},
        )
        action = "measure.assigned" if created else "measure.cadence_changed"
        audit_record(actor=actor, action=action, target=assignment, changed_fields=["every_days", "starts_on"])
        notify_questionnaire_ready(assignment=assignment, created=created)
    return assignment


def measure_stop(*, actor: User, assignment: MeasureAssignment) -> MeasureAssignment:
    """Stop asking for a questionnaire; everything already answered is kept."""
    with transaction.atomic():
        assignment.is_active = False
        assignment.save(update_fields=["is_active"])
        audit_record(actor=actor, action="measure.stopped", target=assignment, changed_fields=["is_active"])
    return assignment


def measure_response_open(*, actor: User, assignment: MeasureAssignment) -> MeasureResponse:
    """Return the client's draft of this questionnaire, starting one if there is none."""
    with transaction.atomic():
        MeasureAssignment.objects.select_for_update().filter(pk=assignment.pk).first()
        draft = assignment.responses.filter(status=MeasureResponse.Status.DRAFT).first()
        if draft is not None:
            return draft
        draft = MeasureResponse.objects.create(client=assignment.client, assignment=assignment, code=assignment.code)
        audit_record(actor=actor, action="measure.started", target=draft)
    return draft


def measure_response_save(
    *, actor: User, response: MeasureResponse, answers: Sequence[int | None], submit: bool
) -> tuple[MeasureResponse, RiskFlag | None]:
    """Keep the answers as a draft, or submit them: scored by the instrument's own rules, never edited after."""
    with transaction.atomic():
        current = MeasureResponse.objects.select_for_update().get(pk=response.pk)
        if current.status != MeasureResponse.Status.DRAFT:
            raise AlreadySubmitted
        current.answers = list(answers)
        if not submit:
            current.save(update_fields=["answers"])
            return current, None
        if any(answer is None for answer in answers):
            raise measures.MeasureError("Please answer every question before sending.")
        result = measures.score(current.code, [answer for answer in answers if answer is not None])
        current.status = MeasureResponse.Status.SUBMITTED
        current.submitted_at = timezone.now()
        current.total, current.band, current.risk = result.total, result.band, result.risk
        _mark_latest(current)
        audit_record(actor=actor, action="measure.submitted", target=current, changed_fields=["answers"])
        flag = None
        if result.risk:
            flag = _raise_flag(actor=actor, client=current.client, source=RiskFlag.Source.MEASURE, response=current)
    return current, flag


def _mark_latest(response: MeasureResponse) -> None:
    """Make this the latest submitted response of its instrument, compared with the first one."""
    history = MeasureResponse.objects.filter(
        client_id=response.client_id, code=response.code, status=MeasureResponse.Status.SUBMITTED
    )
    history.filter(is_latest=True).exclude(pk=response.pk).update(is_latest=False)
    first = history.exclude(pk=response.pk).order_by("submitted_at").first()
    response.is_latest = True
    response.change_from_first = (
        measures.reliable_change(response.code, first.total, response.total or 0)
        if first and first.total is not None
        else ""
    )
    response.save()


def measure_response_withdraw(*, actor: User, response: MeasureResponse, reason: str) -> MeasureResponse:
    """Withdraw a mistaken questionnaire: it stays on record as withdrawn, out of scores and charts."""
    with transaction.atomic():
        response.status = MeasureResponse.Status.WITHDRAWN
        response.withdrawn_at = timezone.now()
        response.withdrawn_by = actor
        response.withdrawn_reason = reason
        was_latest, response.is_latest = response.is_latest, False
        response.change_from_first = ""
        response.save()
        if was_latest:
            previous = (
                MeasureResponse.objects.filter(
                    client_id=response.client_id, code=response.code, status=MeasureResponse.Status.SUBMITTED
                )
                .order_by("-submitted_at")
                .first()
            )
            if previous is not None:
                _mark_latest(previous)
        audit_record(actor=actor, action="measure.withdrawn", target=response, changed_fields=["status"])
    return response


# The risk safety net


def risk_rules_for(organization: Organization) -> RiskRules:
    """Return the clinic's risk rules, or the defaults when it has not set its own."""
    rules = RiskRules.objects.filter(organization=organization).first()
    return rules or RiskRules(organization=organization)


def risk_rules_save(
    *, actor: User, organization: Organization, practice_peak_at_least: int | None, urgent_check_in_notes: bool
) -> RiskRules:
    """Set the clinic's own risk rules."""
    with transaction.atomic():
        rules, _created = RiskRules.objects.update_or_create(
            organization=organization,
            defaults={"practice_peak_at_least": practice_peak_at_least, "urgent_check_in_notes": urgent_check_in_notes},
        )
        audit_record(
            actor=actor,
            action="risk_rules.updated",
            organization=organization,
            changed_fields=["practice_peak_at_least", "urgent_check_in_notes"],
        )
    return rules


def practice_risk_check(*, actor: User, practice: Practice) -> RiskFlag | None:
    """Raise a flag when a practice's peak distress reaches the clinic's threshold (once per practice)."""
    threshold = risk_rules_for(practice.client.organization).practice_peak_at_least
    if threshold is None or practice.peak_distress is None or practice.peak_distress < threshold:
        return None
    if RiskFlag.objects.filter(practice=practice).exists():
        return None
    return _raise_flag(actor=actor, client=practice.client, source=RiskFlag.Source.PRACTICE_PEAK, practice=practice)


def _raise_flag(
    *,
    actor: User,
    client: Client,
    source: str,
    response: MeasureResponse | None = None,
    check_in: CheckIn | None = None,
    practice: Practice | None = None,
) -> RiskFlag:
    flag = RiskFlag.objects.create(
        client=client, source=source, response=response, check_in=check_in, practice=practice
    )
    audit_record(actor=actor, action="risk_flag.raised", target=flag, changed_fields=["source"])
    notify_risk_flag(actor=actor, flag=flag)
    flag_id = str(flag.public_id)
    transaction.on_commit(lambda: dispatch_risk_email(flag_id))
    return flag


def dispatch_risk_email(flag_id: str) -> None:
    """Queue the care team's email; with the broker down, leave it for the sweep rather than fail the save."""
    from ..tasks import send_risk_flag_email

    try:
        send_risk_flag_email.delay(flag_id)
    except Exception:  # the broker is unreachable (kombu raises several kinds); the sweep sends it later
        logger.warning("risk flag email not queued; the sweep will send it", extra={"flag": flag_id})


def risk_flag_acknowledge(*, actor: User, flag: RiskFlag, action: str, action_note: str = "") -> RiskFlag:
    """Record that a clinician looked, and what they did; the flag leaves the top of every caseload."""
    with transaction.atomic():
        current = RiskFlag.objects.select_for_update().get(pk=flag.pk)
        if current.acknowledged_at is not None:
            return current
        current.acknowledged_at = timezone.now()
        current.acknowledged_by = actor
        current.action = action
        current.action_note = action_note
        current.save(update_fields=["acknowledged_at", "acknowledged_by", "action", "action_note"])
        audit_record(actor=actor, action="risk_flag.acknowledged", target=current, changed_fields=["action"])
    return current


def risk_flag_email_once(*, flag_id: str) -> bool:
    """Email the care team about one flag unless that was done already; say whether it was sent now."""
    from ..emails import send_risk_flag

    with transaction.atomic():
        flag = RiskFlag.objects.select_for_update().filter(public_id=flag_id, emailed_at__isnull=True).first()
        if flag is None:
            return False
        send_risk_flag(flag)
        flag.emailed_at = timezone.now()
        flag.save(update_fields=["emailed_at"])
    return True


def risk_flags_waiting_for_email() -> list[str]:
    """Return the public ids of flags whose email has not gone out yet."""
    return [str(i) for i in RiskFlag.objects.filter(emailed_at__isnull=True).values_list("public_id", flat=True)]
