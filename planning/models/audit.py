"""The audit trail: who did what to which record, and when. Never free text."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from django.db import connections, models, transaction
from django.db.models import BigIntegerField, Count, DateTimeField, Func, Q, UUIDField, Value
from django.db.models.functions import TruncDate
from django.utils import timezone

if TYPE_CHECKING:
    from .people import Client, User

# A private journal entry's events keep no client (services/audit.py, `private`); the admin's log shows them
# only as "a private record" of their author, on a day (docs/architecture.md, "The audit log").
PRIVATE_RECORD_TYPES = frozenset({"journalentry", "copingrun"})

# The hash chain: each row's row_hash covers the previous row's hash and the row's own fields, so an
# edited row no longer matches its hash and a removed row breaks the link (manage.py verify_audit).
# Writers take this PostgreSQL advisory lock for their transaction, so concurrent writers chain in turn.
CHAIN_LOCK = 0x5374657041756469  # "StepAudi"


def row_hash_of(row: Any) -> str:
    """The sha256 of a row's canonical fields and the hash before it (the migration uses it on old rows too)."""
    return hashlib.sha256((row.prev_hash + hashed_after_previous(row)).encode()).hexdigest()


def hashed_after_previous(row: Any) -> str:
    """What row_hash_of hashes after the previous row's hash: the row's own fields, each after a separator.

    The previous hash comes first, so PostgreSQL's append function (APPEND_SQL) can finish the hash once
    it has read that hash under the chain's lock, from this text worked out before.
    """
    fields = [
        str(row.public_id),
        str(row.organization_id),
        str(row.client_id or ""),
        str(row.actor_id or ""),
        row.action,
        row.target_type,
        str(row.target_id or ""),
        json.dumps(list(row.changed_fields), separators=(",", ":")),
        at_text_of(row.created_at),
    ]
    return "".join(f"\x1f{field}" for field in fields)


# A care-team member opening a page of a client's record writes "<kind>.viewed" (access.audited_read).
READ_SUFFIX = ".viewed"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def bulk_create(self, objs: Iterable[AuditEvent], *args: Any, **kwargs: Any) -> list[AuditEvent]:
        """Append rows to the trail in order, each chained to the one before, under the chain's lock."""
        rows = list(objs)
        if len(rows) == 1 and not args and not kwargs and connections[self.db].vendor == "postgresql":
            return [_append_one(rows[0], self.db)]
        with transaction.atomic(using=self.db, savepoint=False):
            previous = _lock_chain_and_last_hash(self.db)
            for row in rows:
                row._prepare_related_fields_for_save(operation_name="bulk_create")  # type: ignore[attr-defined]  # the ids of parents saved just before
                row.prev_hash = previous
                row.row_hash = previous = row_hash_of(row)
            return super().bulk_create(rows, *args, **kwargs)

    def create(self, **kwargs: Any) -> AuditEvent:
        [row] = self.bulk_create([self.model(**kwargs)])
        return row

    def made_by(self, user: User) -> AuditEventQuerySet:
        return self.filter(actor=user)

    def about(self, client: Client) -> AuditEventQuerySet:
        """Events about one client: on their record, on the client row itself, or by them on their private records."""
        kept_off_trail = Q(client__isnull=True) & (
            Q(target_type="client", target_id=client.public_id) | Q(actor__client_profile=client)
        )
        return self.filter(Q(client=client) | kept_off_trail)

    def changes(self) -> AuditEventQuerySet:
        """Events that changed something: reads of a record left out (activity, digests, "since you last looked")."""
        return self.exclude(action__endswith=READ_SUFFIX)

    def reads(self) -> AuditEventQuerySet:
        """Events where a care-team member opened a page of a client's record."""
        return self.filter(action__endswith=READ_SUFFIX)

    def looks_by_day(self) -> models.QuerySet[Any]:
        """Reads grouped as (day, who, what, times), newest day first: for "who looked at my record"."""
        return (
            self.reads()
            .annotate(day=TruncDate("created_at"))
            .values("day", "actor__full_name", "action")
            .annotate(times=Count("id"))
            .order_by("-day", "actor__full_name", "action")
        )

    def between(self, start: date | None, end: date | None) -> AuditEventQuerySet:
        """Events on or after `start` and on or before `end` (local dates; either may be open)."""
        rows = self
        if start is not None:
            rows = rows.filter(created_at__date__gte=start)
        if end is not None:
            rows = rows.filter(created_at__date__lte=end)
        return rows


class AuditEvent(models.Model):
    """One recorded change, or one page of a client's record read by their care team. Written by services."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # PROTECT: the trail is append-only (docs/architecture.md, "The audit trail cannot be changed"), so
    # people and clients in it are deactivated or anonymised, never deleted.
    organization = models.ForeignKey("planning.Organization", on_delete=models.PROTECT, related_name="audit_events")
    client = models.ForeignKey(
        "planning.Client", on_delete=models.PROTECT, null=True, blank=True, related_name="audit_events"
    )
    actor = models.ForeignKey("planning.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=64, help_text='What happened, such as "client.invited".')
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.UUIDField(null=True, blank=True)
    # Names of the fields that changed; their values stay out of the trail on purpose.
    changed_fields = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The hash chain (row_hash_of): written on insert, never changed; empty only before the first row.
    prev_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    row_hash = models.CharField(max_length=64, blank=True, default="", editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["client", "-created_at"], name="audit_client_recent"),
            # A clinic's newest recorded change (reads left out), read by every caseload (caseload.kept_ranking).
            models.Index(
                fields=["organization", "-id"], name="audit_clinic_changes", condition=~Q(action__endswith=READ_SUFFIX)
            ),
            # One client's newest recorded change, and the clinic's newest with no client (crisis lines, the clinic's
            # details, staff edits, private records): what a kept page of one client's record is keyed by.
            models.Index(
                fields=["client", "-id"], name="audit_client_changes", condition=~Q(action__endswith=READ_SUFFIX)
            ),
            models.Index(
                fields=["organization", "-id"],
                name="audit_clinic_wide_changes",
                condition=Q(client__isnull=True) & ~Q(action__endswith=READ_SUFFIX),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} at {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Append a new entry through the chain; an entry once written is never changed."""
        if not self._state.adding:
            raise ValueError("An audit entry is never changed once written.")
        AuditEvent.objects.bulk_create([self])

    @property
    def is_private_record(self) -> bool:
        """Say whether this is about a client's private journal, which the organisation admin sees only as a day."""
        return self.client_id is None and self.target_type in PRIVATE_RECORD_TYPES


# One row appended in one round trip (PostgreSQL; migration 0034 creates it): take the chain's lock, read the
# last hash with a snapshot taken after the lock (each statement of a PL/pgSQL function takes its own), finish
# the row's hash from the text hashed_after_previous worked out, and insert. A page's audited read is then one
# statement instead of five (BEGIN, lock, last hash, insert, COMMIT); the hashes are the ones row_hash_of gives.
APPEND_SQL = """
CREATE OR REPLACE FUNCTION planning_auditevent_append(
    chain_lock bigint, new_public_id uuid, new_organization_id bigint, new_client_id bigint, new_actor_id bigint,
    new_action varchar, new_target_type varchar, new_target_id uuid, new_changed_fields jsonb,
    new_created_at timestamptz, hashed_after_previous text,
    OUT new_id bigint, OUT new_prev_hash varchar, OUT new_row_hash varchar
) LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(chain_lock);
    SELECT coalesce((SELECT e.row_hash FROM planning_auditevent e ORDER BY e.id DESC LIMIT 1), '') INTO new_prev_hash;
    new_row_hash := encode(sha256(convert_to(new_prev_hash || hashed_after_previous, 'UTF8')), 'hex');
    INSERT INTO planning_auditevent (
        public_id, organization_id, client_id, actor_id, action, target_type, target_id, changed_fields,
        created_at, prev_hash, row_hash
    ) VALUES (
        new_public_id, new_organization_id, new_client_id, new_actor_id, new_action, new_target_type,
        new_target_id, new_changed_fields, new_created_at, new_prev_hash, new_row_hash
    ) RETURNING id INTO new_id;
END
$$;
"""
DROP_APPEND_SQL = "DROP FUNCTION IF EXISTS planning_auditevent_append"

# A care-team read appended from inside the access check's own query (access.audited_read's `at_access`): the
# record's clinic, client and public id are columns of that query, so this function writes out what
# hashed_after_previous would (no changed fields; the time as Python wrote it, given beside it) and appends the
# row through planning_auditevent_append. The access check and the read's row are then one round trip. Access
# folds the read in only in autocommit, so the query is a transaction of its own, and like APPEND_READ (below)
# its commit does not wait for the disk.
READ_SQL = """
CREATE OR REPLACE FUNCTION planning_auditevent_read(
    chain_lock bigint, new_public_id uuid, new_organization_id bigint, new_client_id bigint, new_actor_id bigint,
    new_action varchar, new_target_type varchar, new_target_id uuid, new_created_at timestamptz,
    created_at_text text
) RETURNS bigint LANGUAGE sql VOLATILE AS $$
    SELECT set_config('synchronous_commit', 'off', true);
    SELECT new_id FROM planning_auditevent_append(
        chain_lock, new_public_id, new_organization_id, new_client_id, new_actor_id, new_action, new_target_type,
        new_target_id, '[]'::jsonb, new_created_at,
        chr(31) || new_public_id::text || chr(31) || new_organization_id::text
        || chr(31) || coalesce(new_client_id::text, '') || chr(31) || coalesce(new_actor_id::text, '')
        || chr(31) || new_action || chr(31) || new_target_type || chr(31) || coalesce(new_target_id::text, '')
        || chr(31) || '[]' || chr(31) || created_at_text
    )
$$;
"""
DROP_READ_SQL = "DROP FUNCTION IF EXISTS planning_auditevent_read"


def appended_read(
    *,
    actor: Any,
    action: str,
    target_type: str,
    organization: Any,
    client: Any,
    target: Any,
    public_id: Any,
    at: Any,
    at_text: Any,
) -> Func:
    """planning_auditevent_read as a column of a query (PostgreSQL): each argument a value or a column of the query.

    `at_text` is `at` as hashed_after_previous writes it (at_text_of).
    """
    return Func(
        Value(CHAIN_LOCK),
        Value(public_id, output_field=UUIDField()),
        organization,
        client,
        Value(actor),
        Value(action),
        Value(target_type),
        target,
        Value(at, output_field=DateTimeField()),
        Value(at_text),
        function="planning_auditevent_read",
        output_field=BigIntegerField(),
    )


def at_text_of(at: datetime) -> str:
    """A row's time as hashed_after_previous writes it."""
    return at.astimezone(UTC).isoformat()


# One row on its own, in a statement that commits by itself (_append_one).
APPEND_ONE = """
SELECT new_id, new_prev_hash, new_row_hash
FROM planning_auditevent_append(%s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb, %s, %s)
"""
# A care-team read written on its own (audited_read, after the page) commits without waiting for the disk:
# set_config(..., true) lasts until the end of the statement's own transaction, whose commit then returns
# before the write-ahead log is flushed. The chain's lock is held to the commit, so waiting there for the flush
# held every other page's read in line behind it (docs/scaling.md has the figures). PostgreSQL flushes within
# three wal_writer_delay (0.6 s by default); a crash of the database server inside that time can lose the
# newest reads, never alter a row or break the chain (what is lost is the end of the log). Changes, and reads
# written inside a transaction with other writes, always wait for the disk.
APPEND_READ = """
SELECT new_id, new_prev_hash, new_row_hash, set_config('synchronous_commit', 'off', true)
FROM planning_auditevent_append(%s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb, %s, %s)
"""


def _append_one(row: AuditEvent, using: str) -> AuditEvent:
    """Append one row through planning_auditevent_append: on its own a statement that commits by itself."""
    row._prepare_related_fields_for_save(operation_name="bulk_create")  # type: ignore[attr-defined]
    connection = connections[using]
    read_alone = row.action.endswith(READ_SUFFIX) and connection.get_autocommit()  # its own transaction
    with connection.cursor() as cursor:
        cursor.execute(
            APPEND_READ if read_alone else APPEND_ONE,
            [
                CHAIN_LOCK,
                row.public_id,
                row.organization_id,
                row.client_id,
                row.actor_id,
                row.action,
                row.target_type,
                row.target_id,
                json.dumps(list(row.changed_fields)),
                row.created_at,
                hashed_after_previous(row),
            ],
        )
        row.pk, row.prev_hash, row.row_hash = cursor.fetchone()[:3]
    row._state.adding = False
    row._state.db = using
    return row


def _lock_chain_and_last_hash(using: str) -> str:
    """Take the chain's lock for this transaction (PostgreSQL; SQLite writes one at a time), then read the last hash.

    Two statements on purpose: under READ COMMITTED a statement's snapshot is taken when it starts, so a
    SELECT that waited for the lock inside the same statement would miss the row its predecessor committed.
    """
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
    last = AuditEvent.objects.using(using).order_by("-id").values_list("row_hash", flat=True).first()
    return last or ""
