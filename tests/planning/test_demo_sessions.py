"""The demo's last session notes and next agendas, seeded through seed_demo."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client as HttpClient
from django.urls import reverse

from planning.demo.sessions import SESSIONS
from planning.models import AgendaItem, Client, SessionNote
from tests.second_factor import force_sign_in
from tests.test_shame_words import shame_words

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> dict[str, Client]:
    call_command("seed_demo", stdout=StringIO())
    return {client.preferred_name: client for client in Client.objects.all()}


def test_seeding_twice_adds_nothing_more(demo):
    counts = (SessionNote.objects.count(), AgendaItem.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (SessionNote.objects.count(), AgendaItem.objects.count()) == counts


def test_every_demo_client_has_a_last_session_and_something_on_the_next_agenda(demo):
    for client in demo.values():
        assert client.session_notes.count() == 1 and client.agenda_items.open().exists()


def test_the_lead_clinician_sees_sams_agenda_in_the_session_view(demo):
    sam = demo["Sam"]
    http = HttpClient()
    force_sign_in(http, sam.session_notes.get().created_by)
    body = http.get(reverse("planning:in_session", args=[sam.public_id])).content.decode()
    assert "Since the last session" in body and "Sleep has been better." in body


def test_the_demo_session_words_carry_no_shame_words():
    words = [text for s in SESSIONS.values() for text in (s.worked_on, s.agreed, s.next_time, *s.agenda)]
    assert not shame_words(" ".join(words))
