"""The 50-minute session: session notes (versioned, audited), the agenda, and what happened since last time.

Session notes belong to the care team: the client never reads them, and nothing here sends their
words anywhere. The audit trail records which fields changed, never what was written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from django.db import transaction
from django.db.models import Q, Subquery
from django.utils import timezone

from ..models import (
    AgendaItem,
    CheckIn,
    Client,
    Goal,
    JournalEntry,
    MeasureResponse,
    Plan,
    Practice,
    RiskFlag,
    SafetyPlanVersion,
    SessionNote,
    SetbackReview,
    User,
)
from ..models.safety import SAFETY_SECTIONS
from ..versioning import save_if_current
from .audit import audit_record

# Without an earlier session note, "since last session" means the last two weeks.
DEFAULT_LOOKBACK_DAYS = 14
# Each list in the summary shows at most this many rows; the full lists are a link away.
SUMMARY_LIMIT = 10
_Row = TypeVar("_Row")
# A practice in the summary comes with its look back, if any, and the rung that review added: same query.
_PRACTICE_WITH_REVIEW = ("step", "setback_review", "setback_review__smaller_step")


# Session notes


def session_note_create(
    *, actor: User, client: Client, held_on: date, worked_on: str, agreed: str = "", next_time: str = ""
) -> SessionNote:
    """Write a session note for the care team."""
    with transaction.atomic():
        note = SessionNote.objects.create(
            client=client,
            held_on=held_on,
            worked_on=worked_on,
            agreed=agreed,
            next_time=next_time,
            created_by=actor,
            updated_by=actor,
            updated_at=timezone.now(),
        )
        audit_record(actor=actor, action="session_note.created", target=note)
    return note


def session_note_update(
    *, actor: User, note: SessionNote, based_on: int, held_on: date, worked_on: str, agreed: str, next_time: str
) -> SessionNote:
    """Change a session note unless someone saved it since `based_on`."""
    changes = {"held_on": held_on, "worked_on": worked_on, "agreed": agreed, "next_time": next_time}
    return save_if_current(actor=actor, record=note, based_on=based_on, changes=changes, action="session_note.updated")


# The agenda


def agenda_item_add(*, actor: User, client: Client, text: str) -> AgendaItem:
    """Put something on the agenda for the next session."""
    with transaction.atomic():
        item = AgendaItem.objects.create(client=client, text=text, added_by=actor)
        audit_record(actor=actor, action="agenda_item.added", target=item)
    return item


def agenda_item_set_discussed(*, actor: User, item: AgendaItem, discussed: bool) -> AgendaItem:
    """Mark an agenda item as talked about in session, or put it back on the list."""
    with transaction.atomic():
        current = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if current.is_discussed == discussed:
            return current  # a second click, or a colleague's: nothing to record
        current.discussed_at = timezone.now() if discussed else None
        current.discussed_by = actor if discussed else None
        current.save(update_fields=["discussed_at", "discussed_by"])
        action = "agenda_item.discussed" if discussed else "agenda_item.reopened"
        audit_record(actor=actor, action=action, target=current, changed_fields=["discussed_at"])
    return current


def agenda_item_delete(*, actor: User, item: AgendaItem) -> bool:
    """Take an item off the list before it is talked about; one already discussed stays on the record."""
    with transaction.atomic():
        current = AgendaItem.objects.select_for_update().filter(pk=item.pk).first()
        if current is None or current.is_discussed:
            return False
        audit_record(actor=actor, action="agenda_item.removed", target=current)
        current.delete()
    return True


def agenda_for_session(*, client: Client, today: date | None = None) -> list[AgendaItem]:
    """The agenda as the session sees it: everything still open, and what was ticked off today."""
    start = _start_of(today or timezone.localdate())
    rows = client.agenda_items.filter(Q(discussed_at__isnull=True) | Q(discussed_at__gte=start))
    return list(rows.select_related("added_by").order_by("created_at"))


# The plan, compact


@dataclass(frozen=True)
class SessionPlan:
    """The plan as the session shows it: the goal being climbed open, the others folded."""

    plan: Plan | None
    current_goal: Goal | None
    other_goals: list[Goal]


def session_plan(*, client: Client) -> SessionPlan:
    """Find the current plan's goal with the next open rung (or its first goal), and split each ladder into
    the rungs still open and those that feel manageable or are set aside."""
    plan = client.plans.current().prefetch_related("rest_weeks").first()
    goals = plan.ladders() if plan else []
    for goal in goals:
        ladder = goal.ladder  # type: ignore[attr-defined]
        goal.open_steps = [step for step in ladder if step.is_open()]  # type: ignore[attr-defined]
        goal.done_steps = [step for step in ladder if not step.is_open()]  # type: ignore[attr-defined]
    current = next((goal for goal in goals if goal.next_rung), goals[0] if goals else None)  # type: ignore[attr-defined]
    return SessionPlan(plan=plan, current_goal=current, other_goals=[goal for goal in goals if goal != current])


# Since last session


@dataclass(frozen=True)
class SessionSummary:
    """What happened between the last session and this one, as the care team may see it."""

    since: date
    last_note: SessionNote | None  # None: no earlier session note, so the last two weeks
    practices: list[Practice]
    safety_versions: list[SafetyPlanVersion]  # saved since, newest first
    safety_sections_changed: list[str]  # the labels of the sections whose items changed
    journal_entries: list[JournalEntry]  # shared ones only: a private entry does not exist for the care team
    check_ins: list[CheckIn]
    measures: list[MeasureResponse]
    risk_flags: list[RiskFlag]
    more: set[str] = field(default_factory=set)  # lists cut at SUMMARY_LIMIT

    @property
    def setback_reviews(self) -> list[SetbackReview]:
        """The client's looks back at hard practices among these practices (loaded with them: no query)."""
        return [review for p in self.practices if (review := _review_of(p)) is not None]

    @property
    def is_quiet(self) -> bool:
        """Nothing was recorded in the period (rest and quiet weeks are normal)."""
        return not any((self.practices, self.safety_versions, self.journal_entries, self.check_ins, self.measures))


def _review_of(practice: Practice) -> SetbackReview | None:
    try:
        return practice.setback_review
    except SetbackReview.DoesNotExist:
        return None


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _capped(rows: list[_Row], name: str, more: set[str]) -> list[_Row]:
    if len(rows) > SUMMARY_LIMIT:
        more.add(name)
    return rows[:SUMMARY_LIMIT]


def _sections_changed(versions: list[SafetyPlanVersion], start: datetime) -> list[str]:
    """Name the sections whose items differ between the version before `start` and the newest one."""
    saved = [v for v in versions if v.created_at >= start]
    if not saved:
        return []
    newest = saved[0]
    before = next((v for v in versions if v.created_at < start), None)
    return [
        spec.label for spec in SAFETY_SECTIONS if newest.items(spec.key) != (before.items(spec.key) if before else [])
    ]


def session_summary(*, client: Client, today: date | None = None) -> SessionSummary:
    """Gather practices (with any look back at a hard one), safety-plan saves, shared journal entries, check-ins,
    questionnaires and risk flags since the last session note (or the last two weeks): seven queries however
    much happened.

    A note written today is this session's, so "since last session" reaches back to the one before.
    """
    today = today or timezone.localdate()
    last_note = client.session_notes.before(today).select_related("created_by").first()
    since = last_note.held_on if last_note else today - timedelta(days=DEFAULT_LOOKBACK_DAYS)
    start = _start_of(since)
    extra = SUMMARY_LIMIT + 1  # one more than shown, to know whether the list goes on
    more: set[str] = set()

    practices = Practice.objects.filter(step__goal__plan__client=client).filter(
        Q(created_at__gte=start) | Q(completed_at__gte=start)
    )
    # The versions saved since, and the one they started from (to say which sections changed).
    baseline = (
        SafetyPlanVersion.objects.filter(plan__client=client, created_at__lt=start)
        .order_by("-number")
        .values("number")[:1]
    )
    versions = (
        SafetyPlanVersion.objects.filter(plan__client=client)
        .filter(Q(created_at__gte=start) | Q(number=Subquery(baseline)))
        .select_related("author")
        .order_by("-number")
    )
    journal = JournalEntry.objects.filter(client=client, shared_with_care_team=True).filter(
        Q(created_at__gte=start) | Q(updated_at__gte=start)
    )
    submitted = client.measure_responses.filter(status=MeasureResponse.Status.SUBMITTED, submitted_at__gte=start)
    versions_list = list(versions[:50])
    return SessionSummary(
        since=since,
        last_note=last_note,
        practices=_capped(list(practices.select_related(*_PRACTICE_WITH_REVIEW)[:extra]), "practices", more),
        safety_versions=[v for v in versions_list if v.created_at >= start],
        safety_sections_changed=_sections_changed(versions_list, start),
        journal_entries=_capped(list(journal[:extra]), "journal_entries", more),
        check_ins=_capped(list(client.check_ins.filter(created_at__gte=start)[:extra]), "check_ins", more),
        measures=_capped(list(submitted[:extra]), "measures", more),
        risk_flags=_capped(list(client.risk_flags.filter(created_at__gte=start)[:extra]), "risk_flags", more),
        more=more,
    )
