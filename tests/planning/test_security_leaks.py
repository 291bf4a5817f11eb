"""Client words never leave the record: not in the audit trail, the logs, emails or URLs.

Every form in the matrix is filled in as a browser would, with a marker in each text field,
and posted; the marker must then be nowhere but the record itself. Page titles, which show in
browser history and on shared screens, name neither the client nor anything clinical.
"""

from __future__ import annotations

import logging
import re

import pytest
from django.core import mail
from django.urls import reverse

from planning.models import AuditEvent
from tests.planning.test_security_junk_posts import NAMES, page_form, route_for

MARKER = "Zephyrine"
TEXT_TYPES = ("text", "textarea", "search")


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
        field: [MARKER] if form.types.get(field) in TEXT_TYPES and "phone" not in field else values
        for field, values in form.values.items()
    }
    data |= {field: ["new.person@example.test"] for field, kind in form.types.items() if kind == "email"}
    with django_capture_on_commit_callbacks(execute=True):  # send the invitation emails the post queues
        response = http.post(url, data)
    events = AuditEvent.objects.values_list("action", "target_type", "changed_fields")
    assert MARKER not in str(list(events))
    assert MARKER not in caplog.text
    assert all(MARKER not in message.subject + message.body for message in mail.outbox)
    assert MARKER not in response.get("Location", "")


CLINICAL_WORDS = ("safety", "journal", "trigger", "triggers", "crisis", "distress", "anxiety", "plan", "step")
TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)


@pytest.mark.parametrize("persona", ("clinician", "client"))
@pytest.mark.parametrize("name", NAMES)
def test_no_page_title_names_the_client_or_anything_clinical(name, persona, world, as_persona):
    route = route_for(name)
    response = as_persona(persona).get(reverse(name, kwargs=route.kwargs(world)))
    title = " ".join(TITLE.findall(response.content.decode(errors="replace"))).lower()
    words = re.findall(r"\w+", title)
    assert not [word for word in (*CLINICAL_WORDS, world.client.preferred_name.lower()) if word in words]
