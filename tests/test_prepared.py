"""Queries compiled once per process and, on PostgreSQL, prepared once per connection (config/prepared.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from config import kept_pages
from config.prepared import Statement
from planning.services.audit import audit_record

ON_POSTGRESQL = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL prepares; CI runs it")


def _prepared() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, statement FROM pg_prepared_statements")
        return dict(cursor.fetchall())


def _changes(name: str) -> Statement:
    """The newest change of one client's record, as kept downloads read it, under a name no other test prepared."""
    query = kept_pages.changes_query(kept_pages._CLINIC, kept_pages._CLIENT)
    return Statement(name, query, frozenset({kept_pages._CLINIC, kept_pages._CLIENT}))


def _newest_for(statement: Statement, world) -> int:
    [newest] = statement.fetchone({kept_pages._CLINIC: world.clinic.pk, kept_pages._CLIENT: world.client.pk})
    return newest


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_the_stamp_is_prepared_once_per_connection_with_one_plan_that_knows_its_constants(world):
    change = audit_record(actor=world.clinician, action="plan.updated", target=world.client)
    assert kept_pages.stamp_of(world.clinician, world.client.pk).newest_change == change.pk
    statement = _prepared()["stepwise_stamp_client"]
    # The LIKE pattern a partial index names is written in, so the one generic plan can use that index.
    assert "LIKE '%.viewed'" in statement and "$1" in statement
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone() == ("force_generic_plan",)
    later = audit_record(actor=world.clinician, action="plan.updated", target=world.client)
    # Run again on the same connection: EXECUTE only (a second PREPARE of the name would fail).
    assert kept_pages.stamp_of(world.clinician, world.client.pk).newest_change == later.pk
    connection.close()  # a new connection has none of the old one's statements: it prepares again
    assert kept_pages.stamp_of(world.clinician, world.client.pk).newest_change == later.pk
    assert "stepwise_stamp_client" in _prepared()


@ON_POSTGRESQL
def test_behind_a_transaction_pooler_nothing_is_prepared_and_the_answer_is_the_same(world, monkeypatch):
    change = audit_record(actor=world.clinician, action="plan.updated", target=world.client)
    with monkeypatch.context() as patched:
        patched.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", True)
        assert _newest_for(_changes("test_pooled"), world) == change.pk
        assert "stepwise_test_pooled" not in _prepared()
    assert _newest_for(_changes("test_direct"), world) == change.pk  # control: without a pooler it is prepared
    assert "stepwise_test_direct" in _prepared()


def test_each_run_binds_its_own_ids(world):
    mine = audit_record(actor=world.clinician, action="plan.updated", target=world.client)
    theirs = audit_record(actor=world.clinician, action="plan.updated", target=world.other_client)
    statement = _changes("test_binds")
    assert _newest_for(statement, world) == mine.pk
    [other] = statement.fetchone({kept_pages._CLINIC: world.clinic.pk, kept_pages._CLIENT: world.other_client.pk})
    assert other == theirs.pk


def test_a_query_that_no_longer_names_a_stand_in_is_refused_when_built(db):
    query = kept_pages.changes_query(kept_pages._CLINIC)  # the clinic's newest change: no client in it
    with pytest.raises(ImproperlyConfigured, match="no longer names the stand-ins"):
        Statement("test_refused", query, frozenset({kept_pages._CLINIC, kept_pages._CLIENT}))
    assert Statement("test_built", query, frozenset({kept_pages._CLINIC})).name == "stepwise_test_built"  # control
