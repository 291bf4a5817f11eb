"""What puts a client near the top of a clinician's caseload: named, per-clinic rules, and what each clinician has seen.

Each rule is one QuerySet annotation (planning.models.people.ClientQuerySet.with_need_times), so the
caseload's query count never grows with the number of clients. A clinician can mark a reason as
seen; it comes back only when something newer happens.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, overload

from django.db import connections, models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, When
from django.db.models import Value as V
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .people import Client, ClientQuerySet, Organization, User
from .records import ClientRecord

logger = logging.getLogger(__name__)


class Need(models.TextChoices):
    """The reasons, most pressing first: the caseload sorts by this order, then by time."""

    RISK_FLAG = "risk_flag", "Needs a look"
    MEASURE_WORSE = "measure_worse", "A questionnaire reliably worse"
    HIGH_PEAK = "high_peak", "A hard practice"
    SAFETY_REVIEW = "safety_review", "Safety plan due a review"
    QUIET = "quiet", "Quiet for a while"
    MASTERY_READY = "mastery_ready", "A step may feel manageable"
    NEW_SHARED = "new_shared", "Something new shared"


NEED_ORDER = list(Need.values)
# Earlier than anything a clinic records: "never seen" compares as this.
LONG_AGO = V(datetime(2000, 1, 1, tzinfo=UTC), output_field=models.DateTimeField())


class CaseloadRules(models.Model):
    """A clinic's tuning of the caseload's reasons. Without a row, the defaults apply."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="caseload_rules")
    high_peak_at_least = models.PositiveSmallIntegerField(
        default=85, help_text="A practice whose peak distress reaches this (0-100) asks for a look."
    )
    safety_review_days = models.PositiveSmallIntegerField(
        default=90, help_text="A safety plan not reviewed for this many days is due a review."
    )
    quiet_weeks = models.PositiveSmallIntegerField(
        default=3, help_text="No activity (and no rest week) for this many weeks reads as quiet."
    )
    show_mastery_ready = models.BooleanField(default=True)
    mastery_likelihood_drop = models.PositiveSmallIntegerField(
        default=30,
        help_text="A step is offered as manageable when the feared outcome did not happen in its planned practices "
        "and how likely it felt fell by at least this many points (0-100).",
    )
    mastery_places_at_least = models.PositiveSmallIntegerField(
        default=1,
        help_text="...and those practices happened in at least this many different places (1 to 10; 1 asks for "
        "no variety). Varied settings help what was learned carry over.",
    )
    show_new_shared = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "caseload rules"
        constraints = [
            models.CheckConstraint(name="caseload_rules_peak_0_100", condition=Q(high_peak_at_least__lte=100)),
            models.CheckConstraint(
                name="caseload_rules_review_7_to_730_days",
                condition=Q(safety_review_days__gte=7, safety_review_days__lte=730),
            ),
            models.CheckConstraint(
                name="caseload_rules_quiet_1_to_26_weeks", condition=Q(quiet_weeks__gte=1, quiet_weeks__lte=26)
            ),
            models.CheckConstraint(
                name="caseload_rules_likelihood_drop_0_100", condition=Q(mastery_likelihood_drop__lte=100)
            ),
            models.CheckConstraint(
                name="caseload_rules_places_1_to_10",
                condition=Q(mastery_places_at_least__gte=1, mastery_places_at_least__lte=10),
            ),
        ]

    def __str__(self) -> str:
        return f"Caseload rules of {self.organization}"


class NeedSeen(ClientRecord, models.Model):
    """A clinician marked one reason as seen for one client; it returns only when something newer happens."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="needs_seen")
    clinician = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    need = models.CharField(max_length=16, choices=Need.choices)
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "clinician", "need"], name="need_seen_once"),
        ]

    def __str__(self) -> str:
        return f"{self.need} seen"


def rules_for(organization: Organization) -> CaseloadRules:
    """Return the clinic's caseload rules, or the defaults when it has not tuned them."""
    return CaseloadRules.objects.filter(organization=organization).first() or CaseloadRules(organization=organization)


def rules_of_clinic(organization_id: int | None) -> CaseloadRules:
    """Return a clinic's caseload rules, or the defaults, by its id (without fetching the organisation)."""
    rules = CaseloadRules.objects.filter(organization_id=organization_id).first() if organization_id else None
    return rules or CaseloadRules()


def need_times(rules: CaseloadRules, now: datetime) -> dict[str, Any]:
    """One expression per reason: the time it last happened for a client (None when it does not apply).

    Every expression is a correlated subquery on the client row, so the caseload is one query
    however many clients it shows.
    """
    from django.conf import settings

    from .audit import AuditEvent
    from .plans import Practice, RestWeek, Step
    from .safety import JournalEntry, SafetyPlan
    from .tracking import CheckIn, MeasureResponse, RiskFlag

    client = OuterRef("pk")
    recent = now - timedelta(days=30)
    quiet_since = now - timedelta(weeks=rules.quiet_weeks)
    review_due = now - timedelta(days=rules.safety_review_days)
    mastery = settings.MASTERY_RULE

    def newest(rows: models.QuerySet[Any], field: str) -> Subquery:
        return Subquery(rows.order_by(f"-{field}").values(field)[:1])

    last_activity = Coalesce(newest(AuditEvent.objects.filter(client=client).changes(), "created_at"), F("created_at"))
    review_base = Coalesce(
        newest(SafetyPlan.objects.filter(client=client, reviewed_at__isnull=False), "reviewed_at"),
        newest(SafetyPlan.objects.filter(client=client), "created_at"),
        F("created_at"),
    )
    ready_steps = (
        Step.objects.filter(goal__plan__client=client, status__in=Step.OPEN_STATUSES)
        .annotate(manageable=Count("practices", filter=Q(practices__peak_distress__lte=mastery["peak_at_most"])))
        .filter(manageable__gte=mastery["times"])
    )
    resting = RestWeek.objects.filter(plan__client=client, week_start__gte=quiet_since.date() - timedelta(days=6))
    times: dict[str, Any] = {
        Need.RISK_FLAG: newest(RiskFlag.objects.filter(client=client, acknowledged_at__isnull=True), "created_at"),
        Need.MEASURE_WORSE: newest(
            MeasureResponse.objects.filter(client=client, is_latest=True, change_from_first="deteriorated"),
            "submitted_at",
        ),
        Need.HIGH_PEAK: newest(
            Practice.objects.filter(
                step__goal__plan__client=client,
                peak_distress__gte=rules.high_peak_at_least,
                completed_at__gte=recent,
            ),
            "completed_at",
        ),
        Need.SAFETY_REVIEW: Case(When(Q(review_base__lte=review_due), then=F("review_base"))),
        Need.QUIET: Case(
            When(Q(last_activity__lte=quiet_since) & ~Exists(resting), then=F("last_activity")),
        ),
    }
    if rules.show_mastery_ready:
        times[Need.MASTERY_READY] = Case(
            When(
                Exists(ready_steps),
                # Finished only: PostgreSQL sorts NULL first when descending, so a planned one would hide it.
                then=newest(
                    Practice.objects.filter(step__goal__plan__client=client, completed_at__isnull=False), "completed_at"
                ),
            )
        )
    if rules.show_new_shared:
        times[Need.NEW_SHARED] = Greatest(  # SQLite's MAX() is NULL if either is: compare against LONG_AGO instead
            Coalesce(
                newest(JournalEntry.objects.filter(client=client, shared_with_care_team=True), "updated_at"), LONG_AGO
            ),
            Coalesce(newest(CheckIn.objects.filter(client=client, note_shared=True), "created_at"), LONG_AGO),
        )
    return {"last_activity": last_activity, "review_base": review_base, "times": times}


# One caseload row as ranked: the client's key and, most pressing first, (need, when) for each reason that applies.
RankedRow = tuple[int, list[tuple[str, datetime]]]


class NeedRanking:
    """A caseload's clients in need order, each with its reasons: Paginator counts it and slices a page from it.

    The order is the most pressing reason (NEED_ORDER), then the newest, then the name. The database
    ranks every client (ClientQuerySet.with_need_times, computed once per client in a materialised
    CTE) and returns only the page's keys and reasons, so Python never handles the clients off the page
    and the page's rows need no second pass over the reasons.
    """

    ordered = True  # Paginator warns about unordered lists; this one is ordered by the database

    def __init__(self, clients: ClientQuerySet, clinician: User) -> None:
        self.clients = clients
        self.clinician = clinician
        self.rules = rules_of_clinic(clinician.organization_id)
        self.as_of = start_of_today()

    def count(self) -> int:
        return self.clients.count()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[RankedRow]:
        return iter(self[0 : len(self)])

    @overload
    def __getitem__(self, window: int) -> RankedRow: ...
    @overload
    def __getitem__(self, window: slice) -> list[RankedRow]: ...
    def __getitem__(self, window: int | slice) -> RankedRow | list[RankedRow]:
        if isinstance(window, int):
            return self[window : window + 1][0]
        start = window.start or 0
        return self._rows(window.stop - start, start)

    def rows(self) -> list[RankedRow]:
        """Every client of the ranking, in order: one query, no count."""
        return self._rows(None, 0)

    def _rows(self, limit: int | None, offset: int) -> list[RankedRow]:
        rows = self.clients.with_need_times(self.clinician, self.rules, as_of=self.as_of).order_by()
        needs = [need for need in NEED_ORDER if f"{need}_at" in rows.query.annotations]
        inner, params = rows.values_list(
            "pk", "preferred_name", *(f"{need}_at" for need in needs)
        ).query.sql_with_params()
        connection = connections[rows.db]
        name = connection.ops.quote_name
        columns = ", ".join(name(column) for column in ["id", "name", *needs])
        rank = " ".join(f"WHEN {name(need)} IS NOT NULL THEN {n}" for n, need in enumerate(needs))
        newest = ", ".join(name(need) for need in needs)
        cte = f"WITH ranked ({columns}) AS MATERIALIZED ({inner})"
        order = f"CASE {rank} ELSE {len(needs)} END, COALESCE({newest}) DESC, LOWER({name('name')}), {name('id')}"
        # Only column names we chose and Django's compiled SQL are formatted in; every value is a parameter.
        sql = f"{cte} SELECT {', '.join(name(c) for c in ['id', *needs])} FROM ranked ORDER BY {order}"  # noqa: S608
        if limit is not None:
            sql, params = f"{sql} LIMIT %s OFFSET %s", (*params, limit, offset)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [
                (pk, [(need, when) for need, value in zip(needs, times, strict=True) if (when := _aware(value))])
                for pk, *times in cursor.fetchall()
            ]


def _aware(value: Any) -> datetime | None:
    """A time from the raw ranking query: PostgreSQL gives it aware, SQLite as UTC text."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def start_of_today() -> datetime:
    """Midnight today, local time: the caseload's reasons that come with time are worked out as of it.

    Quiet for a while, a safety plan due a review and a hard practice within the month then change
    only with a recorded change or with the date, which is what lets kept_ranking keep the order.
    """
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


# Raise when the reasons' definitions (need_times) change, so kept orders from before a deploy are not used.
RANKING_VERSION = 1
# The clinic's rules, all of them part of a kept order's key (a test checks none is missing), beside MASTERY_RULE.
RULE_FIELDS = (
    "high_peak_at_least",
    "safety_review_days",
    "quiet_weeks",
    "show_mastery_ready",
    "mastery_likelihood_drop",
    "mastery_places_at_least",
    "show_new_shared",
)
# How long a kept ranking may sit in the cache at most; the date in its key retires it at midnight anyway.
KEPT_RANKING_SECONDS = 24 * 60 * 60


def kept_ranking(ranking: NeedRanking, newest_change: int | None = None) -> list[RankedRow] | NeedRanking:
    """The ranking's rows (clients and reasons), kept in the cache until the clinic records a change or the day ends.

    The key holds the clinician, the clinic's newest recorded change (the newest audit entry that is
    not a read), the date and the clinic's rules: every write to a client's record is audited in the
    same transaction as the change (planning/services), and on PostgreSQL audit entries are numbered in
    the order they commit (the chain's lock), so a ranking kept under the newest number is the ranking
    of the records as they are. Reasons that come with time are worked out as of midnight
    (start_of_today), so the date covers them. The page still reads its clients through the caseload's
    access filter, so a kept row never shows a client the clinician no longer sees. With the cache down,
    the ranking is worked out as before.
    """
    from django.conf import settings
    from django.core.cache import cache

    clinic = ranking.clinician.organization_id
    if clinic is None:
        return ranking
    if newest_change is None:  # the caseload page passes the one its kept page read (config/kept_pages.stamp_of)
        from config.kept_pages import newest_change_of

        newest_change = newest_change_of(clinic)
    rules = ranking.rules
    tuning = ",".join(
        str(value) for value in [*(getattr(rules, name) for name in RULE_FIELDS), *settings.MASTERY_RULE.values()]
    )
    key = f"caseload{RANKING_VERSION}:{ranking.clinician.pk}:{newest_change}:{ranking.as_of.date()}:{tuning}"
    try:
        kept = cache.get(key)
    except Exception:  # Redis unreachable: rank from the database, as without a cache
        logger.warning("caseload: the cache could not be read; ranking from the database")
        return ranking
    if kept is None:
        kept = ranking.rows()
        try:
            cache.set(key, kept, KEPT_RANKING_SECONDS)
        except Exception:
            logger.warning("caseload: the cache could not keep a ranking")
    return list(kept)


def needs_of(reasons: list[tuple[str, datetime]]) -> list[tuple[str, str, datetime]]:
    """Return a ranked row's reasons, most pressing first, as (need, plain label, when)."""
    return [(need, Need(need).label, when) for need, when in reasons]
