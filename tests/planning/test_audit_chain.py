"""The audit trail cannot be changed: a hash chain that verify_audit walks, and on PostgreSQL a trigger."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.db.models.deletion import ProtectedError

from planning.models import AuditEvent, Organization
from planning.models.audit import row_hash_of
from planning.services.audit import audit_record
from tests.factories import ClinicianFactory

ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's trigger and append function (CI runs it)"
)


def _tamper() -> None:
    """Act as someone past the trigger (a superuser): on PostgreSQL, switch it off inside this test's transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE waits for no deferred key checks
            cursor.execute("ALTER TABLE planning_auditevent DISABLE TRIGGER planning_auditevent_append_only")


def _trail(world, n=4):
    return [audit_record(actor=world.clinician, action=f"safety_plan.viewed{i}", target=world.client) for i in range(n)]


def _verify(capsys) -> str:
    call_command("verify_audit")
    return capsys.readouterr().out


def test_each_row_is_chained_to_the_one_before(world):
    first, second = _trail(world, 2)
    assert second.prev_hash == first.row_hash and len(second.row_hash) == 64
    assert row_hash_of(second) == second.row_hash


def test_an_intact_trail_passes(world, capsys):
    _trail(world)
    assert "The audit trail is intact: 4 rows" in _verify(capsys)


def test_bulk_written_rows_chain_too(world, capsys):
    _trail(world, 1)
    AuditEvent.objects.bulk_create(
        AuditEvent(organization=world.clinic, client=world.client, action="check_in.created") for _ in range(3)
    )
    assert "intact: 4 rows" in _verify(capsys)


def test_a_row_written_alone_after_bulk_written_ones_chains_to_the_last(world, capsys):
    AuditEvent.objects.bulk_create(
        AuditEvent(organization=world.clinic, client=world.client, action="check_in.created") for _ in range(2)
    )
    [last] = _trail(world, 1)
    assert last.prev_hash == AuditEvent.objects.order_by("-id")[1].row_hash
    assert AuditEvent.objects.get(pk=last.pk).row_hash == last.row_hash == row_hash_of(last)
    assert "intact: 3 rows" in _verify(capsys)


@ON_POSTGRESQL
def test_a_row_written_alone_is_one_statement_and_its_hash_is_the_one_python_gives(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        row = audit_record(actor=world.clinician, action="plan.viewed", target=world.client, changed_fields=["b", "a"])
    stored = AuditEvent.objects.get(pk=row.pk)
    assert (stored.action, stored.changed_fields, stored.created_at) == ("plan.viewed", ["a", "b"], row.created_at)
    assert stored.row_hash == row_hash_of(stored) and len(stored.row_hash) == 64


def test_an_edited_row_is_found(world, capsys):
    rows = _trail(world)
    _tamper()
    AuditEvent.objects.filter(pk=rows[2].pk).update(action="safety_plan.saved")
    with pytest.raises(CommandError, match=f"Audit row {rows[2].pk} was changed"):
        call_command("verify_audit")


def test_a_removed_row_is_found(world):
    rows = _trail(world)
    _tamper()
    AuditEvent.objects.filter(pk=rows[1].pk).delete()
    with pytest.raises(CommandError, match=f"Audit row {rows[2].pk} does not follow the row before it"):
        call_command("verify_audit")


def test_an_entry_is_never_saved_again(world):
    [row] = _trail(world, 1)
    row.action = "safety_plan.saved"
    with pytest.raises(ValueError, match="never changed"):
        row.save()
    assert AuditEvent.objects.get().action == "safety_plan.viewed0"


def test_a_person_in_the_trail_cannot_be_deleted(world):
    someone: Any = ClinicianFactory(organization=world.clinic)
    someone.delete()  # control: nobody's trail names them
    _trail(world, 1)
    with pytest.raises(ProtectedError):
        world.clinician.delete()


@ON_POSTGRESQL
def test_postgresql_refuses_an_update_and_a_delete_of_an_audit_row(world):
    [row] = _trail(world, 1)
    audit_record(actor=world.clinician, action="safety_plan.saved", target=world.client)  # control: inserts work
    for statement in (
        "UPDATE planning_auditevent SET action = 'x' WHERE id = %s",
        "DELETE FROM planning_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [row.pk])
    assert AuditEvent.objects.get(pk=row.pk).action == "safety_plan.viewed0"
    assert AuditEvent.objects.count() == 2


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_writers_at_the_same_time_chain_in_turn(capsys):
    from threading import Barrier, Thread

    from django.db import connections

    from tests.factories import ClientFactory

    clients = [ClientFactory() for _ in range(4)]
    start = Barrier(len(clients))

    def write(client) -> None:
        try:
            start.wait()
            for n in range(10):
                if n % 2:  # on its own, as a page's audited read is written: one statement that commits by itself
                    audit_record(actor=None, action=f"check_in.viewed{n}", target=client)
                    continue
                with transaction.atomic():  # inside a change's transaction, as a service writes it
                    audit_record(actor=None, action=f"check_in.created{n}", target=client)
        finally:
            connections.close_all()

    threads = [Thread(target=write, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert "The audit trail is intact: 40 rows" in _verify(capsys)


def test_the_django_admin_offers_no_way_to_change_or_delete_an_entry(rf):
    from django.contrib import admin

    request = rf.get("/")
    request.user = type("Superuser", (), {"has_perm": lambda self, perm, obj=None: True})()
    trail = admin.site._registry[AuditEvent]
    assert not trail.has_delete_permission(request) and not trail.has_change_permission(request)
    assert admin.site._registry[Organization].has_delete_permission(request)  # control: the same person elsewhere
