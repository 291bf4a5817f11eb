"""Queries nearly every page runs, compiled once per process and, on PostgreSQL, planned once per connection.

Two costs come before such a query runs. Django builds its SQL from the queryset, often more work than
running it; and PostgreSQL plans it, which for the kept pages' stamp takes 0.45 ms against 0.13 ms to run
(30 EXPLAINs on the load-test clinic). A `Statement` is the SQL of a queryset built once with stand-in
values (ids no row could have) in place of the ids that change from one request to the next; each
run binds the real ids where the stand-ins were.

On PostgreSQL the statement is also PREPAREd, once per database connection, and run with EXECUTE.
config/settings.py sets plan_cache_mode=force_generic_plan: Django never prepares a statement of its own
(it turns psycopg's preparing off), so that setting reaches only these and the plans inside PL/pgSQL
functions. A generic plan knows no parameter's value, so the constants the ORM passes as parameters (a
LIKE pattern that a partial index names, for one) are written into the prepared statement as literals;
only the stand-ins' places stay parameters. The PREPARE goes over the raw connection, as Django's own
connection set-up does, so it is not counted among a page's queries.

Without PostgreSQL, or with DISABLE_SERVER_SIDE_CURSORS set (Django's setting for a PgBouncer pooling by
transaction, where a prepared statement does not follow the session), the SQL is run as it is, bound.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping
from typing import Any
from weakref import WeakKeyDictionary

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import QuerySet

# The statements prepared on each open connection (a new connection prepares again).
_prepared: WeakKeyDictionary[Any, set[str]] = WeakKeyDictionary()
_PLACEHOLDER = re.compile(r"%[s%]")


class Statement:
    """A queryset's SQL with stand-ins where a request's own ids go: see the module's doc."""

    def __init__(self, name: str, queryset: QuerySet[Any, Any], stand_ins: frozenset[Hashable]) -> None:
        self.name = f"stepwise_{name}"
        # Kept for what compiling worked out about the columns (access._Lookup makes model instances with it).
        self.compiler = queryset.query.get_compiler(queryset.db)
        self.sql, self.params = self.compiler.as_sql()
        self.stand_ins = stand_ins
        missing = stand_ins - {p for p in self.params if isinstance(p, Hashable)}
        if missing:
            raise ImproperlyConfigured(f"The query {name} no longer names the stand-ins {sorted(map(str, missing))}.")
        # Worked out here once, not on each run: where the stand-ins sit, and how each column's value is made
        # Python's (Django's results_iter works the converters out again for every query).
        self.slots = [(position, p) for position, p in enumerate(self.params) if self._is_slot(p)]
        columns = [column[0] for column in self.compiler.select[: self.compiler.col_count]]
        self.converters = self.compiler.get_converters(columns)

    def fetchone(self, values: Mapping[Any, Any]) -> tuple[Any, ...] | None:
        """Run the statement with each stand-in replaced by its value in `values`; return its first row.

        The row's values are Python's, as the ORM would give them (SQLite's text dates made datetimes).
        """
        with connection.cursor() as cursor:
            if not _prepares():
                params = list(self.params)
                for position, stand_in in self.slots:
                    params[position] = values[stand_in]
                cursor.execute(self.sql, params)
            else:
                done = _prepared.setdefault(connection.connection, set())
                if self.name not in done:
                    connection.connection.execute(f"PREPARE {self.name} AS {self._with_slots()}")
                    done.add(self.name)
                slots = [values[stand_in] for _position, stand_in in self.slots]
                cursor.execute(f"EXECUTE {self.name}({', '.join(['%s'] * len(slots))})", slots)
            row = cursor.fetchone()
        if row is None:
            return None
        return tuple(next(self.compiler.apply_converters([row], self.converters))) if self.converters else tuple(row)

    def _is_slot(self, param: Any) -> bool:
        return isinstance(param, Hashable) and param in self.stand_ins

    def _with_slots(self) -> str:
        """The SQL for PREPARE: $1, $2, ... where the stand-ins are, every other parameter written in as a literal."""
        from psycopg import sql

        params = iter(self.params)
        slots = 0

        def replace(found: re.Match[str]) -> str:
            nonlocal slots
            if found.group(0) == "%%":
                return "%"
            param = next(params)
            if self._is_slot(param):
                slots += 1
                return f"${slots}"
            return sql.Literal(param).as_string(connection.connection)

        return _PLACEHOLDER.sub(replace, self.sql)


def _prepares() -> bool:
    return connection.vendor == "postgresql" and not connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS")
