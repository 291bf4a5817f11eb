"""Access helpers: the only way a view turns an id from a URL into a record.

Every helper for a client's record returns the record together with an `Access`: what the
signed-in person may do with it, worked out in the same query that found it. Anything the user
may not see is a 404, whether or not it exists, so ids reveal nothing across care teams or
clinics. Asking for write access with read-only access is a 403.

Views never query a client-linked model directly (tests/planning/test_access_rules.py checks
it): they call one of these first, then work with what it returns. Each record reaches its
client by the one path its model declares (`client_path`, planning/models/records.py).

The organisation admin's helpers at the end return clinic settings and people, never clinical
content, so they carry no `Access`.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import wraps
from threading import local
from typing import Any, TypeVar, cast
from uuid import UUID, uuid4

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import CharField, F, OuterRef, Q, QuerySet, Subquery
from django.db.models import Value as V
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils import timezone

from config.kept_pages import STAMP_PREFIX, stamp_columns
from config.prepared import Statement

from .models import (
    AgendaItem,
    Ally,
    AuditEvent,
    CareTeamMember,
    Client,
    Comment,
    CopingRun,
    CrisisLine,
    Goal,
    Invitation,
    JournalEntry,
    MeasureAssignment,
    MeasureResponse,
    Notification,
    Organization,
    Plan,
    Practice,
    RecordExport,
    Removal,
    RiskFlag,
    Role,
    SafetyPlanVersion,
    SessionNote,
    SetbackReview,
    Step,
    Trigger,
    User,
    Value,
)
from .models.audit import READ_SUFFIX, AuditEventQuerySet, appended_read, at_text_of
from .models.notifications import NotificationQuerySet
from .models.people import ClientQuerySet, InvitationQuerySet
from .services.audit import audit_read

ViewFunc = Callable[..., HttpResponseBase]  # a page, or a streamed download

# How the person stands to the client: the client themself, or a care-team member's access level.
_OWN = "own"


class AuthedRequest(HttpRequest):
    """A request behind @login_required: its user is one of ours, never anonymous."""

    user: User


@dataclass(frozen=True)
class Access:
    """What the signed-in person may do with one client's record."""

    can_write: bool
    is_own: bool  # the client themself
    is_care_team: bool  # a clinician on the client's care team (read-write or read-only)

    @classmethod
    def from_standing(cls, standing: str) -> Access:
        """Build the access from how the person stands to the client: "own", "write" or "read"."""
        return cls(
            can_write=standing in (_OWN, CareTeamMember.Access.WRITE),
            is_own=standing == _OWN,
            is_care_team=standing in (CareTeamMember.Access.WRITE, CareTeamMember.Access.READ),
        )


_R = TypeVar(
    "_R",
    Ally,
    Client,
    Plan,
    Value,
    Goal,
    Step,
    Practice,
    SafetyPlanVersion,
    Trigger,
    JournalEntry,
    MeasureAssignment,
    MeasureResponse,
    RiskFlag,
    SessionNote,
    AgendaItem,
    Comment,
    Removal,
    CopingRun,
    SetbackReview,
)


def visible(user: User, model: type[_R]) -> QuerySet[_R]:
    """Rows of `model` whose client this user may see, each annotated with the user's `standing`."""
    path: str = getattr(model, "client_path", "")  # the client itself has no path to walk
    to_client = f"{path}__" if path else ""
    rows: QuerySet[_R] = model.objects.filter(**{f"{to_client}is_active": True})  # type: ignore[attr-defined]
    if path:
        rows = rows.select_related(path)
    if not getattr(user, "is_authenticated", False) or user.organization_id is None:
        return rows.none()
    if user.is_client:
        return rows.filter(**{f"{to_client}user": user}).annotate(standing=V(_OWN, output_field=CharField()))
    if user.is_clinician:
        team = CareTeamMember.objects.filter(client=OuterRef(path or "pk"), clinician=user).values("access")[:1]
        return (
            rows.filter(**{f"{to_client}organization_id": user.organization_id})
            .annotate(standing=Subquery(team))
            .filter(standing__isnull=False)
        )
    return rows.none()


# Stand-ins for the person, their clinic and the record's id while a lookup is compiled (config/prepared.py).
_PERSON, _CLINIC, _RECORD = -2_000_000_041, -2_000_000_047, UUID("5374eb00-0000-4000-8000-00000000acce")
# And for the read's own row, when the lookup appends it (audited_read's `at_access`): its id, time and time as text.
_READ_ID, _READ_AT = UUID("5374eb00-0000-4000-8000-0000000000ad"), datetime(2000, 1, 1, tzinfo=UTC)
_READ_AT_TEXT = "\x00read-at\x00"


class _Lookup:
    """visible(person, model) narrowed to one public id, compiled once per thread and role, prepared on PostgreSQL.

    Building and compiling that queryset took 0.9 ms of the 1.6 ms a plan page's access check cost, every
    time. The SQL is the very one visible() gives (it is built from it, with stand-ins for the ids); each
    run binds the person, the clinic and the id, and makes the instance from the row as Django's own
    ModelIterable does: the record, what visible() selects with it, and its `standing`.

    `with_stamp` adds the kept-page stamp about the record's client (_stamped); `read_kind` appends the care
    team's `<kind>.viewed` row from the same query (_with_read; PostgreSQL, a clinician's lookup).
    """

    def __init__(self, model: type[_R], role: str, with_stamp: bool, read_kind: str | None) -> None:
        stand_in = User(pk=_PERSON, organization_id=_CLINIC, role=role)
        rows = _stamped(visible(stand_in, model), stand_in) if with_stamp else visible(stand_in, model)
        rows = _with_read(rows, read_kind) if read_kind else rows
        rows = rows.filter(public_id=_RECORD).order_by()[:1]
        self.public_id_field = model._meta.get_field("public_id")
        self.stand_in_id = self._prepared_id(_RECORD)  # a UUID on PostgreSQL, its hex on SQLite
        stand_ins = {_PERSON, self.stand_in_id} | ({_CLINIC} if role == Role.CLINICIAN or with_stamp else set())
        if read_kind:
            stand_ins |= {_READ_ID, _READ_AT, _READ_AT_TEXT}
        self.read_kind = read_kind
        variant = ("_stamped" if with_stamp else "") + (f"_read_{read_kind}" if read_kind else "")
        self.statement = Statement(f"access_{model._meta.model_name}_{role}{variant}", rows, frozenset(stand_ins))
        compiler = self.statement.compiler
        columns = compiler.klass_info["select_fields"]
        self.model, self.fields = compiler.klass_info["model"], slice(columns[0], columns[-1] + 1)
        self.attnames = [column[0].target.attname for column in compiler.select[self.fields]]
        self.related = get_related_populators(compiler.klass_info, compiler.select, rows.db)
        self.annotations = compiler.annotation_col_map
        self.db = rows.db

    def _prepared_id(self, public_id: UUID) -> Any:
        return self.public_id_field.get_db_prep_value(public_id, connection)

    def get(self, user: User, public_id: UUID) -> Any:
        values = {_PERSON: user.pk, _CLINIC: user.organization_id, self.stand_in_id: self._prepared_id(public_id)}
        if self.read_kind:
            at = timezone.now()
            values |= {_READ_ID: uuid4(), _READ_AT: at, _READ_AT_TEXT: at_text_of(at)}
        row = self.statement.fetchone(values)
        if row is None:
            return None
        record = self.model.from_db(self.db, self.attnames, row[self.fields])
        for related in self.related:
            related.populate(row, record)
        for name, position in self.annotations.items():
            setattr(record, name, row[position])
        return record


_lookups = local()


def _lookup(model: type[_R], role: str, with_stamp: bool, read_kind: str | None) -> _Lookup:
    """The compiled lookup of a model for a role, one per thread (its compiler belongs to this thread's connection)."""
    compiled = _lookups.__dict__.setdefault("compiled", {})
    variant = (model, role, with_stamp, read_kind)
    if variant not in compiled:
        compiled[variant] = _Lookup(model, role, with_stamp, read_kind)
    return cast(_Lookup, compiled[variant])


def _client_id_column(model: type[Any]) -> str:
    """The column of `model`'s rows that holds their client's id (a client's own id for the client itself)."""
    path: str = getattr(model, "client_path", "")
    return f"{path}_id" if path else "pk"


def _stamped(rows: QuerySet[_R], user: User) -> QuerySet[_R]:
    """`rows` with the kept-page stamp about each row's client beside it (config/kept_pages.stamp_columns).

    A page of one client's record reads its record, then the stamp it is kept by; read together they are
    one query. The stamp is the same SQL either way; a test checks the two agree.
    """
    columns = stamp_columns(user, user.organization_id, OuterRef(_client_id_column(rows.model)))
    return rows.annotate(**{STAMP_PREFIX + name: column for name, column in columns.items()})


def _with_read(rows: QuerySet[_R], kind: str) -> QuerySet[_R]:
    """`rows` with each row's `<kind>.viewed` audit row appended as the row is read (models/audit.py, READ_SQL).

    Its id comes back as `audited_read_id`. Only rows the query returns are read, so only a lookup that
    finds the record writes: a refusal writes nothing, as before.
    """
    path: str = getattr(rows.model, "client_path", "")
    to_client = f"{path}__" if path else ""
    row = appended_read(
        actor=_PERSON,
        action=f"{kind}{READ_SUFFIX}",
        target_type=rows.model._meta.model_name or "",
        organization=F(f"{to_client}organization_id"),
        client=F(_client_id_column(rows.model)),
        target=F("public_id"),
        public_id=_READ_ID,
        at=_READ_AT,
        at_text=_READ_AT_TEXT,
    )
    return rows.annotate(audited_read_id=row)


# Inside a view under @audited_read, the first record an access helper hands back (see below).
_resolved: ContextVar[list[tuple[Any, Access]] | None] = ContextVar("audited_read", default=None)
# Inside a GET of a view under @audited_read(at_access=True): the kind of read its first access check appends.
_reading: ContextVar[str | None] = ContextVar("audited_read_at_access", default=None)


def _record_for(rows: QuerySet[_R], public_id: UUID, *, write: bool) -> tuple[_R, Access]:
    return _checked(get_object_or_404(rows, public_id=public_id), write=write)


def _visible_record(
    user: User, model: type[_R], public_id: UUID, *, write: bool, with_stamp: bool = False
) -> tuple[_R, Access]:
    """_record_for(visible(user, model), ...): for a client or clinician, the same query compiled once (_Lookup).

    `with_stamp` reads the kept-page stamp about the record's client beside it (_stamped; kept_pages.stamp_read_with).
    """
    if user.organization_id is None or not (user.is_client or user.is_clinician):
        rows = visible(user, model)
        return _record_for(_stamped(rows, user) if with_stamp else rows, public_id, write=write)
    resolved = _resolved.get()
    first = resolved is not None and not resolved
    reads = first and not write and user.is_clinician and connection.vendor == "postgresql"
    reads = reads and connection.get_autocommit()  # its own transaction: it commits without waiting (READ_SQL)
    record = _lookup(model, user.role, with_stamp, _reading.get() if reads else None).get(user, public_id)
    if record is None:
        raise Http404
    return _checked(record, write=write)


def _checked(record: _R, *, write: bool) -> tuple[_R, Access]:
    access = Access.from_standing(cast(Any, record).standing)  # annotated by visible()
    if write and not access.can_write:
        raise PermissionDenied("Read-only access")
    resolved = _resolved.get()
    if resolved is not None and not resolved:
        resolved.append((record, access))
    return record, access


def client_for(user: User, client_id: UUID, *, write: bool = False, with_stamp: bool = False) -> tuple[Client, Access]:
    """Return a client whose record this user may see (their own, or their care team's)."""
    return _visible_record(user, Client, client_id, write=write, with_stamp=with_stamp)


def own_client(user: User) -> tuple[Client, Access]:
    """Return the signed-in client's own record."""
    if not user.is_client:
        raise Http404
    client = get_object_or_404(visible(user, Client))
    return client, Access.from_standing(_OWN)


def own_client_for(user: User, client_id: UUID) -> tuple[Client, Access]:
    """Return the client for what only they write (journal entries, check-ins): their care team gets a 403."""
    client, access = client_for(user, client_id)
    if not access.is_own:
        raise PermissionDenied("Only the client writes this")
    return client, access


def looks_at_own_record(user: User) -> AuditEventQuerySet:
    """Return the signed-in client's "who looked at my record": their care team's reads of it."""
    if not user.is_client:
        raise Http404
    return AuditEvent.objects.filter(client__user=user, client__is_active=True).reads()


def own_record_export_for(user: User, token: str) -> RecordExport:
    """Return a copy of the signed-in client's record by its link's token; for anyone else it does not exist (404)."""
    if not user.is_client:
        raise Http404
    rows = RecordExport.objects.filter(client__user=user, client__is_active=True)
    return get_object_or_404(rows.defer("body"), token=token)


def own_latest_record_export(user: User) -> RecordExport | None:
    """Return the signed-in client's copy whose link still works, if they asked for one."""
    if not user.is_client:
        raise Http404
    rows = RecordExport.objects.filter(client__user=user, client__is_active=True).live()
    return rows.defer("body").first()


def caseload_for(user: User) -> ClientQuerySet:
    """Return the active clients on this clinician's care teams."""
    return Client.objects.visible_to(user).active()


def colleagues_of(user: User) -> list[User]:
    """Return the clinicians who share a care team with this clinician (themself included), by name."""
    if not user.is_clinician:
        return []
    clients = Client.objects.visible_to(user).active().values("pk")
    return list(User.objects.filter(care_assignments__client__in=clients).distinct().order_by("full_name", "email"))


def open_flags_for(user: User) -> QuerySet[RiskFlag]:
    """Return the unacknowledged risk flags of the clients on this clinician's care teams, oldest first."""
    rows = visible(user, RiskFlag) if user.is_clinician else RiskFlag.objects.none()
    return rows.filter(acknowledged_at__isnull=True).order_by("created_at")


# The re-entry plan, the safety plan's saved versions and the trigger list.


def plan_for(user: User, plan_id: UUID, *, write: bool = False, with_stamp: bool = False) -> tuple[Plan, Access]:
    """Return a plan of a client this user may see."""
    return _visible_record(user, Plan, plan_id, write=write, with_stamp=with_stamp)


def value_for(user: User, value_id: UUID, *, write: bool = False) -> tuple[Value, Access]:
    """Return a value of a plan this user may see."""
    return _visible_record(user, Value, value_id, write=write)


def goal_for(user: User, goal_id: UUID, *, write: bool = False) -> tuple[Goal, Access]:
    """Return a goal of a plan this user may see."""
    return _visible_record(user, Goal, goal_id, write=write)


def step_for(user: User, step_id: UUID, *, write: bool = False) -> tuple[Step, Access]:
    """Return a step of a goal this user may see."""
    return _visible_record(user, Step, step_id, write=write)


def practice_for(user: User, practice_id: UUID, *, write: bool = False) -> tuple[Practice, Access]:
    """Return a practice of a step this user may see."""
    return _visible_record(user, Practice, practice_id, write=write)


def own_practice_for(user: User, practice_id: UUID) -> tuple[Practice, Access]:
    """Return a practice for what only the client writes (how it went, closing it, removing it): the care team gets 403.

    The account of a practice is the client's own words; their clinicians comment beside it instead.
    """
    practice, access = practice_for(user, practice_id)
    if not access.is_own:
        raise PermissionDenied("Only the client writes their account of a practice")
    return practice, access


def setback_review_for(user: User, review_id: UUID) -> tuple[SetbackReview, Access]:
    """Return a review of a hard practice: the client and their care team read it."""
    rows = visible(user, SetbackReview).select_related("practice__step__goal", "smaller_step", "agenda_item")
    return _record_for(rows, review_id, write=False)


def own_setback_review_for(user: User, review_id: UUID) -> tuple[SetbackReview, Access]:
    """Return a review for what only the client answers (the smaller rung): their care team gets a 403."""
    review, access = setback_review_for(user, review_id)
    if not access.is_own:
        raise PermissionDenied("Only the client answers their own review")
    return review, access


def _care_team_writer(access: Access) -> None:
    if not (access.is_care_team and access.can_write):
        raise PermissionDenied("Only the read-write care team comments")


def practice_to_comment_for(user: User, practice_id: UUID) -> tuple[Practice, Access]:
    """Return a practice a read-write care-team clinician may comment beside; the client and read-only get 403."""
    practice, access = practice_for(user, practice_id)
    _care_team_writer(access)
    return practice, access


def journal_entry_to_comment_for(user: User, entry_id: UUID) -> tuple[JournalEntry, Access]:
    """Return a shared journal entry a read-write care-team clinician may comment beside (private: 404)."""
    entry, access = journal_entry_for(user, entry_id)
    _care_team_writer(access)
    return entry, access


def comment_for(user: User, comment_id: UUID, *, write: bool = False) -> tuple[Comment, Access]:
    """Return a comment beside a record this user may read; only its author changes it (others 403).

    A comment beside a journal entry the client made private again goes with the entry: a 404 for the care team.
    """
    rows = visible(user, Comment).select_related("author", "practice", "journal_entry")
    if not user.is_client:
        rows = rows.filter(Q(journal_entry__isnull=True) | Q(journal_entry__shared_with_care_team=True))
    comment, access = _record_for(rows, comment_id, write=write)
    if write and comment.author_id != user.pk:
        raise PermissionDenied("Only its author changes a comment")
    return comment, access


def removal_for(user: User, removal_id: UUID) -> tuple[Removal, Access]:
    """Return a removal to undo: only the person who removed it, while they may still write the record (else 403)."""
    rows = visible(user, Removal).filter(removed_by=user)
    return _record_for(rows, removal_id, write=True)


def safety_plan_version_for(user: User, version_id: UUID, *, write: bool = False) -> tuple[SafetyPlanVersion, Access]:
    """Return a saved version of a safety plan this user may see."""
    rows = visible(user, SafetyPlanVersion).select_related("author")
    return _record_for(rows, version_id, write=write)


def trigger_for(user: User, trigger_id: UUID, *, write: bool = False) -> tuple[Trigger, Access]:
    """Return a trigger of a client this user may see."""
    return _visible_record(user, Trigger, trigger_id, write=write)


def journal_entry_for(user: User, entry_id: UUID, *, write: bool = False) -> tuple[JournalEntry, Access]:
    """Return a journal entry this user may read: a private one is a 404 for everyone but its author.

    Only the client writes their journal: their care team reading a shared entry gets a 403 on writing.
    """
    rows = visible(user, JournalEntry)
    if not user.is_client:
        rows = rows.filter(shared_with_care_team=True)
    entry, access = _record_for(rows, entry_id, write=False)
    if write and not access.is_own:
        raise PermissionDenied("Only the client writes their journal")
    return entry, access


def coping_run_for(user: User, run_id: UUID, *, write: bool = False) -> tuple[CopingRun, Access]:
    """Return a guided coping run this user may read: one the client kept to themself is a 404 for the care team.

    A run is the client's own record: their care team reading a shared one gets a 403 on writing.
    """
    rows = visible(user, CopingRun)
    if not user.is_client:
        rows = rows.filter(shared_with_care_team=True)
    run, access = _record_for(rows, run_id, write=False)
    if write and not access.is_own:
        raise PermissionDenied("Only the client changes their own coping runs")
    return run, access


# Allies: the client manages theirs; an ally reaches only what the clients they support picked.


def ally_for(user: User, ally_id: UUID, *, write: bool = False) -> tuple[Ally, Access]:
    """Return one of the signed-in client's allies: only the client manages them (their care team gets a 403)."""
    ally, access = _visible_record(user, Ally, ally_id, write=write)
    if not access.is_own:
        raise PermissionDenied("Only the client chooses their allies and what they see")
    return ally, access


def own_step_for(user: User, step_id: UUID) -> tuple[Step, Access]:
    """Return a step for what only the client chooses (who comes along): their care team gets a 403."""
    step, access = step_for(user, step_id)
    if not access.is_own:
        raise PermissionDenied("Only the client chooses who comes along")
    return step, access


def _require_ally(user: User) -> None:
    if not getattr(user, "is_authenticated", False) or not user.is_ally:
        raise PermissionDenied("Allies only")


def supported_by(user: User) -> list[Ally]:
    """Return the signed-in ally's active links, one per client they support; other roles get a 403."""
    _require_ally(user)
    rows = Ally.objects.active().filter(user=user).select_related("client", "client__organization")
    return list(rows.order_by("client__preferred_name", "created_at"))


def ally_step_for(user: User, step_id: UUID) -> Step:
    """Return a step the signed-in ally was named on, while their access is active; anything else is a 404."""
    if not getattr(user, "is_authenticated", False) or not user.is_ally:
        raise Http404
    links = Ally.objects.active().filter(user=user)
    rows = Step.objects.filter(ally__in=links, status__in=Step.OPEN_STATUSES)
    rows = rows.exclude(goal__plan__status=Plan.Status.COMPLETED)
    step = get_object_or_404(rows.select_related("ally", "goal__plan__client"), public_id=step_id)
    if step.goal.plan.client_id != step.ally.client_id:  # type: ignore[union-attr]  # named through its own client only
        raise Http404
    return step


# Check-ins, measures and the risk safety net.


def measure_assignment_for(user: User, assignment_id: UUID, *, write: bool = False) -> tuple[MeasureAssignment, Access]:
    """Return a questionnaire assignment of a client this user may see."""
    return _visible_record(user, MeasureAssignment, assignment_id, write=write)


def measure_response_for(user: User, response_id: UUID, *, write: bool = False) -> tuple[MeasureResponse, Access]:
    """Return a questionnaire response: the care team sees submitted ones only, never a draft in progress."""
    rows = visible(user, MeasureResponse)
    if not user.is_client:
        rows = rows.exclude(status=MeasureResponse.Status.DRAFT)
    return _record_for(rows, response_id, write=write)


def risk_flag_for(user: User, flag_id: UUID, *, write: bool = False) -> tuple[RiskFlag, Access]:
    """Return a risk flag for the care team; clients never see flags about themselves (a 404)."""
    rows = visible(user, RiskFlag) if user.is_clinician else RiskFlag.objects.none()
    return _record_for(rows, flag_id, write=write)


# The 50-minute session: the care team's session notes and the agenda the client adds to.


def session_note_for(user: User, note_id: UUID, *, write: bool = False) -> tuple[SessionNote, Access]:
    """Return a session note for the care team; for the client it does not exist (a 404), like every note."""
    rows = visible(user, SessionNote) if user.is_clinician else SessionNote.objects.none()
    return _record_for(rows.select_related("created_by", "updated_by"), note_id, write=write)


def agenda_item_for(user: User, item_id: UUID, *, write: bool = False) -> tuple[AgendaItem, Access]:
    """Return an item on a client's session agenda: the client and their care team see it."""
    return _visible_record(user, AgendaItem, item_id, write=write)


# Organisation administration: people, care teams and clinic settings of the admin's own clinic.


def _require_org_admin(user: User) -> None:
    if not getattr(user, "is_authenticated", False) or not user.is_org_admin:
        raise PermissionDenied("Organisation admins only")


def clinic_of(user: User) -> Organization:
    """Return the organisation admin's own clinic."""
    _require_org_admin(user)
    if user.organization is None:
        raise PermissionDenied("Organisation admins only")
    return user.organization


def managed_clients(user: User) -> ClientQuerySet:
    """Return the active clients of the admin's organisation, for care-team assignments only."""
    return Client.objects.in_organization(clinic_of(user)).active()


def managed_client_for(user: User, client_id: UUID) -> Client:
    """Return a client of the admin's own organisation, for care-team assignments only."""
    return get_object_or_404(Client.objects.in_organization(clinic_of(user)), public_id=client_id)


def care_team_member_for(user: User, member_id: UUID) -> CareTeamMember:
    """Return a care-team membership of a client of the admin's own organisation."""
    rows = CareTeamMember.objects.select_related("client", "clinician").filter(client__organization=clinic_of(user))
    return get_object_or_404(rows, public_id=member_id)


def clinician_of_clinic_for(user: User, clinician_id: UUID) -> User:
    """Return a clinician of the admin's own clinic (a person, not clinical content); anyone else is a 404."""
    rows = User.objects.filter(organization=clinic_of(user), role=Role.CLINICIAN)
    return get_object_or_404(rows, public_id=clinician_id)


def admin_of_clinic_for(user: User, admin_id: UUID) -> User:
    """Return an organisation admin of the admin's own clinic; anyone else is a 404."""
    rows = User.objects.filter(organization=clinic_of(user), role=Role.ORG_ADMIN)
    return get_object_or_404(rows, public_id=admin_id)


def pending_clinician_invitations(user: User) -> InvitationQuerySet:
    """Return the admin's organisation's clinician invitations that are not yet accepted."""
    return Invitation.objects.pending().clinicians_of(clinic_of(user))


def audit_events_for(user: User) -> AuditEventQuerySet:
    """Return the admin's organisation's audit trail."""
    return AuditEvent.objects.filter(organization=clinic_of(user)).select_related("actor")


def crisis_line_for(user: User, line_id: UUID) -> CrisisLine:
    """Return one of the admin's own clinic's crisis lines (clinic settings, not clinical content)."""
    return get_object_or_404(CrisisLine.objects.filter(organization=clinic_of(user)), public_id=line_id)


# Role gates for pages that take no id. Stack them under @login_required.


def _role_required(allowed: Callable[[User], bool]) -> Callable[[ViewFunc], ViewFunc]:
    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not allowed(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


clinician_required = _role_required(lambda user: user.is_clinician)
ally_required = _role_required(lambda user: user.is_ally)
# Pages every role in care reaches (updates, for one): an ally has their one page only.
not_ally_required = _role_required(lambda user: not user.is_ally)
client_required = _role_required(lambda user: user.is_client)
org_admin_required = _role_required(lambda user: user.is_org_admin)


_View = TypeVar("_View", bound=ViewFunc)


def audited_read(kind: str, *, at_access: bool = False) -> Callable[[_View], _View]:
    """Audit a page of a client's record read by their care team: one `<kind>.viewed` row per page shown.

    The view's first access helper names the record. Only a GET answered 200 counts (a refusal, a
    redirect or a post is not a read of the page). A client reading their own record is not logged;
    the organisation admin never reaches these helpers, which hold clinical content.

    `at_access` is for a page shown whenever its access check passes (nothing after the check can
    refuse or redirect): on PostgreSQL its row is then appended by the check's own query, one round
    trip instead of two (_with_read). A page that fails with an error after that keeps its row: the
    record was read for that person.
    """

    def decorator(view: _View) -> _View:
        @wraps(view)
        def wrapped(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            resolved: list[tuple[Any, Access]] = []
            token = _resolved.set(resolved)
            reading = _reading.set(kind if at_access and request.method == "GET" else None)
            try:
                response = view(request, *args, **kwargs)
            finally:
                _resolved.reset(token)
                _reading.reset(reading)
            if request.method == "GET" and response.status_code == 200 and resolved and resolved[0][1].is_care_team:
                record = resolved[0][0]
                if getattr(record, "audited_read_id", None) is None:  # not appended by the check already
                    audit_read(actor=request.user, kind=kind, target=record)
            return response

        return cast(_View, wrapped)

    return decorator


# In-app notifications: each belongs to its recipient only.


def notifications_for(user: User) -> NotificationQuerySet:
    """Return the signed-in person's own notifications, unread first, then newest first."""
    rows = Notification.objects.for_recipient(user).select_related("client")
    return rows.order_by(F("read_at").asc(nulls_first=True), "-created_at")


def notification_for(user: User, notification_id: UUID) -> Notification:
    """Return one of the signed-in person's own notifications; anyone else's is a 404."""
    return get_object_or_404(
        Notification.objects.for_recipient(user).select_related("client"), public_id=notification_id
    )
