from __future__ import annotations

from io import StringIO

from django.core.management import call_command


def test_there_are_no_pending_migrations(db):
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=StringIO())
    assert "No changes detected" in out.getvalue()
