"""Client words never leave the record: not in the audit trail, the logs, emails or URLs.

Every form in the matrix is filled in as a browser would, with a marker in each text field,
and posted; the marker must then be in the record when the persona may write there (so the test
cannot pass just because nothing saved), and nowhere else: not in the audit trail, logs, mail or
redirects. Page titles, which show in
browser history and on shared screens, name neither the client nor anything clinical.
"""

from __future__ import annotations

import logging
import re

import pytest
from django.core import mail
from django.urls import reverse

from planning.models import AuditEvent
from planning.views import triggers
from tests.matrix import record_rows
from tests.planning.test_security_junk_posts import NAMES, page_form, route_for

MARKER = "Zephyrine"
TEXT_TYPES = ("text", "textarea", "search")


# Forms whose typed words are never kept, on purpose: a guided coping skill's steps (the run itself is saved;
# tests/planning/test_coping.py checks both halves).
WORDS_NEVER_KEPT = {"planning:coping_guided"}
# The one email that carries a client's own words, on purpose: the thank-you line they wrote for the ally who came
# along, sent to that ally only, never in a subject (tests/planning/test_allies.py checks it holds nothing else).
WORDS_MAILED_TO_THE_ALLY = {"planning:practice_thank_ally"}
CODED_TEXT = ("number", "time_zone", "code")  # text inputs for digits, a zone name or a two-step code, never words


def takes_words(field: str, kind: str | None) -> bool:
    """Say whether a field takes free words (a phone number or time zone is a text input that does not)."""
    return kind in TEXT_TYPES and "phone" not in field and field not in CODED_TEXT


@pytest.mark.parametrize("persona", ("clinician", "client", "org_admin"))
@pytest.mark.parametrize("name", NAMES)
def test_words_typed_into_a_form_stay_out_of_audit_logs_and_mail(
    name, persona, world, as_persona, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    route = route_for(name)
    url = reverse(name, kwargs=route.kwargs(world))
    http = as_persona(persona)
    form = page_form(http, url, route, world)
    data = {
        field: [MARKER] if takes_words(field, form.types.get(field)) else values
        for field, values in form.values.items()
    }
    data |= {field: ["new.person@example.test"] for field, kind in form.types.items() if kind == "email"}
    with django_capture_on_commit_callbacks(execute=True):  # send the invitation emails the post queues
        response = http.post(url, data)
    saved = MARKER in repr(record_rows())
    keeps = route.writes_for(persona) and [MARKER] in data.values() and name not in WORDS_NEVER_KEPT
    assert saved == keeps, f"{name} as {persona}: saved {saved}"
    events = AuditEvent.objects.values_list("action", "target_type", "changed_fields")
    assert MARKER not in str(list(events))
    assert MARKER not in caplog.text
    mailed = [message for message in mail.outbox if MARKER in message.subject + message.body]
    if name in WORDS_MAILED_TO_THE_ALLY:
        assert all(m.to == [world.ally_link.user.email] and MARKER not in m.subject for m in mailed)
    else:
        assert not mailed
    assert MARKER not in response.get("Location", "")


CLINICAL_WORDS = ("safety", "journal", "trigger", "triggers", "crisis", "distress", "anxiety", "plan", "step")
TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)


@pytest.mark.parametrize("persona", ("clinician", "client"))
@pytest.mark.parametrize("name", NAMES)
def test_no_page_title_names_the_client_or_anything_clinical(name, persona, world, as_persona):
    route = route_for(name)
    response = as_persona(persona).get(reverse(name, kwargs=route.kwargs(world)))
    assert not telling_title_words(response.content, world)


def telling_title_words(page: bytes, world) -> list[str]:
    """Return the clinical words and the client's name found in a page's title."""
    words = re.findall(r"\w+", " ".join(TITLE.findall(page.decode(errors="replace"))).lower())
    return [word for word in (*CLINICAL_WORDS, world.client.preferred_name.lower()) if word in words]


# Positive controls: the checks above see the marker where it is, and a telling title when there is one.


def test_the_title_check_catches_a_title_that_names_the_client(world):
    assert telling_title_words(b"<title>Robin's safety plan</title>", world) == ["safety", "plan", "robin"]


def test_the_leak_check_sees_the_marker_in_the_logs_and_the_record(world, as_persona, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    real = triggers.trigger_create
    monkeypatch.setattr(triggers, "trigger_create", lambda **kw: logging.warning(kw["name"]) or real(**kw))
    url = reverse("planning:trigger_add", kwargs={"client_id": world.client.public_id})
    response = as_persona("client").post(url, {"name": MARKER, "kind": "place", "strength": "70", "version": "0"})
    assert response.status_code == 302
    assert MARKER in caplog.text and MARKER in repr(record_rows())
