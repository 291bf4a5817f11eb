"""In-app notifications and the clinician's weekly digest.

The services where things happen call one `notify_*` function each, inside their transaction.
A notification holds a kind, a URL name and a public id, never text; the digest email holds counts,
never a name.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from uuid import UUID

from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import (
    AuditEvent,
    CareTeamMember,
    CheckIn,
    Client,
    Comment,
    DigestSetting,
    JournalEntry,
    MeasureAssignment,
    Notification,
    RiskFlag,
    Role,
    SafetyPlan,
    Step,
    User,
)

logger = logging.getLogger(__name__)

Kind = Notification.Kind


def _notify_client(*, client: Client, kind: str, target_name: str, target_id: UUID | None = None) -> None:
    if client.user_id is None:  # not signed up yet: nothing to show them
        return
    Notification.objects.create(
        recipient_id=client.user_id, client=client, kind=kind, target_name=target_name, target_id=target_id
    )


def _notify_care_team(*, actor: User, client: Client, kind: str, target_name: str, target_id: UUID) -> None:
    clinicians = CareTeamMember.objects.filter(client=client, clinician__is_active=True).exclude(clinician=actor)
    Notification.objects.bulk_create(
        Notification(recipient_id=cid, client=client, kind=kind, target_name=target_name, target_id=target_id)
        for cid in clinicians.values_list("clinician_id", flat=True)
    )


# One call from each service where the event happens.


def notify_step_proposed(*, actor: User, step: Step) -> None:
    """Tell the client a clinician proposed a step; a step the client adds themself tells no one."""
    if actor.is_client:
        return
    _notify_client(
        client=step.client, kind=Kind.STEP_PROPOSED, target_name="planning:step_detail", target_id=step.public_id
    )


def notify_safety_plan_reviewed(*, plan: SafetyPlan) -> None:
    """Tell the client their clinician went through their safety plan."""
    _notify_client(client=plan.client, kind=Kind.SAFETY_PLAN_REVIEWED, target_name="planning:my_safety_plan")


def notify_questionnaire_ready(*, assignment: MeasureAssignment, created: bool) -> None:
    """Tell the client a new questionnaire is asked of them; a changed cadence says nothing."""
    if created:
        _notify_client(client=assignment.client, kind=Kind.QUESTIONNAIRE_READY, target_name="planning:client_home")


def notify_comment_added(*, comment: Comment) -> None:
    """Tell the client a clinician wrote a comment beside their practice or journal entry."""
    if comment.practice is not None:
        target_name, target_id = "planning:practice_detail", comment.practice.public_id
    else:
        target_name, target_id = "planning:journal_detail", comment.journal_entry.public_id  # type: ignore[union-attr]
    _notify_client(client=comment.client, kind=Kind.COMMENT_ADDED, target_name=target_name, target_id=target_id)


def notify_ally_coming(*, step: Step) -> None:
    """Tell the client (never the care team) that the ally named on a step said "I'll be there"."""
    _notify_client(
        client=step.client, kind=Kind.ALLY_COMING, target_name="planning:step_detail", target_id=step.public_id
    )


def notify_record_copy_ready(*, client: Client) -> None:
    """Tell the client the copy of their record they asked for, built by the worker, is ready on their copy page."""
    _notify_client(client=client, kind=Kind.RECORD_COPY_READY, target_name="planning:record_export")


def notify_risk_flag(*, actor: User, flag: RiskFlag) -> None:
    """Tell each clinician on the care team that a flag waits."""
    _notify_care_team(
        actor=actor, client=flag.client, kind=Kind.RISK_FLAG, target_name="planning:risk_flag", target_id=flag.public_id
    )


def notify_journal_shared(*, actor: User, entry: JournalEntry, creating: bool, changed: Iterable[str]) -> None:
    """Tell the care team when an entry is shared (new, or switched to shared); a private one says nothing."""
    if not entry.shared_with_care_team or not (creating or "shared_with_care_team" in changed):
        return
    _notify_care_team(
        actor=actor,
        client=entry.client,
        kind=Kind.JOURNAL_SHARED,
        target_name="planning:journal_detail",
        target_id=entry.public_id,
    )


def notify_check_in_note_shared(*, actor: User, check_in: CheckIn) -> None:
    """Tell the care team the client shared a check-in note; a private note or none says nothing."""
    if not check_in.note_shared:
        return
    client = check_in.client
    _notify_care_team(
        actor=actor, client=client, kind=Kind.CHECK_IN_NOTE_SHARED, target_name="planning:check_in_list",
        target_id=client.public_id,
    )  # fmt: skip


def notify_account_closure_asked(*, client: Client) -> None:
    """Tell the care team the client asked to close their account: a fixed sentence, nothing clinical."""
    _notify_care_team(
        actor=client.user,  # type: ignore[arg-type]
        client=client,
        kind=Kind.ACCOUNT_CLOSURE_ASKED,
        target_name="planning:client_overview",
        target_id=client.public_id,
    )


# Reading them


def notification_mark_read(*, notification: Notification) -> Notification:
    """Mark one notification read (the first time only) before following its link."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of this user read, in one query."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


# The weekly digest

DEFAULT_WEEKDAY = DigestSetting.Weekday.MONDAY


def digest_setting_for(clinician: User) -> DigestSetting:
    """Return the clinician's digest setting, unsaved with the defaults if they never chose."""
    return DigestSetting.objects.filter(clinician=clinician).first() or DigestSetting(clinician=clinician)


def digest_setting_save(*, actor: User, enabled: bool, weekday: int) -> DigestSetting:
    """Save on which weekday the clinician's digest comes, or that it is off."""
    if not 0 <= weekday <= 6:
        raise ValueError("A weekday is 0 (Monday) to 6 (Sunday).")
    setting, _ = DigestSetting.objects.update_or_create(
        clinician=actor, defaults={"enabled": enabled, "weekday": weekday}
    )
    return setting


def _due_clinicians(today: date, start_of_today: datetime) -> list[User]:
    """Clinicians whose digest day is today and who have not had today's, each with their two counts.

    One query whatever the number of clinicians or clients: both counts are subqueries.
    """
    now = timezone.now()
    week_ago = now - timedelta(days=7)
    setting = DigestSetting.objects.filter(clinician=OuterRef("pk"))
    since = Coalesce(Subquery(setting.values("last_sent_at")[:1]), week_ago)
    on_team = CareTeamMember.objects.filter(client=OuterRef("client"), clinician=OuterRef(OuterRef("pk")))
    new_activity = (
        AuditEvent.objects.filter(Exists(on_team), client__is_active=True, created_at__gt=OuterRef("since"))
        .changes()
        .exclude(actor=OuterRef("pk"))
        .values("organization")  # one group: the clinician's own clinic
        .annotate(n=Count("client", distinct=True))
        .values("n")[:1]
    )
    open_flags = (
        RiskFlag.objects.open()
        .filter(client__is_active=True, client__care_team__clinician=OuterRef("pk"))
        .values("client__organization")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return list(
        User.objects.filter(role=Role.CLINICIAN, is_active=True)
        .annotate(
            weekday=Coalesce(Subquery(setting.values("weekday")[:1]), DEFAULT_WEEKDAY),
            enabled=Coalesce(Subquery(setting.values("enabled")[:1]), True),
            last_sent=Subquery(setting.values("last_sent_at")[:1]),
            since=since,
        )
        .filter(weekday=today.weekday(), enabled=True)
        .filter(Q(last_sent__isnull=True) | Q(last_sent__lt=start_of_today))
        .annotate(
            new_clients=Coalesce(Subquery(new_activity, output_field=IntegerField()), 0),
            open_flags=Coalesce(Subquery(open_flags, output_field=IntegerField()), 0),
        )
        .order_by("pk")
    )


def digest_send_due(*, today: date | None = None) -> int:
    """Email each clinician whose digest day it is, counts only, once a day; return how many were sent.

    Each clinician's setting row is claimed under a row lock (skipping rows another run holds) and
    stamped in the transaction that read the counts, so a second run the same day sends nothing;
    the emails go out after commit. The query count does not depend on how many clients there are.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    start_of_today = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    with transaction.atomic():
        due = _due_clinicians(today, start_of_today)
        # Clinicians who never chose get their default row, so that every send has a row to lock.
        DigestSetting.objects.bulk_create(
            [DigestSetting(clinician=clinician, weekday=DEFAULT_WEEKDAY) for clinician in due], ignore_conflicts=True
        )
        not_sent_today = Q(last_sent_at__isnull=True) | Q(last_sent_at__lt=start_of_today)
        claimed = set(
            DigestSetting.objects.select_for_update(skip_locked=True)
            .filter(not_sent_today, clinician__in=[clinician.pk for clinician in due])
            .values_list("clinician_id", flat=True)
        )
        DigestSetting.objects.filter(clinician_id__in=claimed).update(last_sent_at=now)
        counts = [(c.email, c.new_clients, c.open_flags) for c in due if c.pk in claimed]  # type: ignore[attr-defined]
        transaction.on_commit(lambda: _send_digests(counts))
    return len(counts)


def _send_digests(counts: list[tuple[str, int, int]]) -> None:
    from .. import emails

    for to, new_clients, open_flags in counts:
        emails.send_digest(to=to, new_clients=new_clients, open_flags=open_flags)
