"""Garbage posted to any form never breaks the server, and never writes for a persona who may not.

Each route is posted twice over: once with junk in every field its page renders (plus the names
the htmx and list endpoints read), and once with the page's own values where one field at a time
is junk, so the junk gets past the other fields' validation and reaches the services. Only the
status and the record matter for the second round, so its pages are not rendered (as pretix's
permission tests do). The first round renders a form's page again with the junk in it, so a
template that chokes on junk still shows; a page without a form of its own (a list, a PDF) was
rendered already when its fields were read, and the junk it ignores is not rendered again.
"""

from __future__ import annotations

from contextlib import nullcontext
from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import reverse

from planning.views import triggers
from tests.matrix import Route, pages_not_rendered, record_fingerprint
from tests.planning.test_permission_matrix import ROUTES

EXTRA_FIELDS = ("step", "items", "template", "direction", "action", "section", "text", "version")
JUNK = (
    "",
    "abc",
    "-1",
    "99999999999999999999999999",
    "1e400",
    "not-a-uuid",
    "00000000-0000-0000-0000-00000000000g",
    "x" * 10_000,
    "\x00",
)
ONE_FIELD_JUNK = ("99999999999999999999999999", "x" * 10_000, "not-a-uuid")
SKIP = ("admin:", "login", "logout", "password_reset")  # Django's own views, not ours
PERSONAS = ("clinician", "client", "org_admin")
NAMES = sorted({route.name for route in ROUTES if not route.name.startswith(SKIP)})


class FormValues(HTMLParser):
    """Collect what a browser would submit from a page's forms: field name -> values, and each field's type."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self.types: dict[str, str] = {}
        self._open: str | None = None  # the textarea or select being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        name = attr.get("name")
        if tag == "option" and self._open and "selected" in attr:
            self.values[self._open].append(attr.get("value") or "")
        if not name or name == "csrfmiddlewaretoken" or tag not in ("input", "textarea", "select"):
            return
        kind = attr.get("type") or "text" if tag == "input" else tag
        self.types.setdefault(name, kind)
        found = self.values.setdefault(name, [])
        if tag == "input" and (kind not in ("checkbox", "radio") or "checked" in attr):
            found.append(attr.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag != "input":
            self._open = name
            if tag == "textarea":
                found.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("textarea", "select"):
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open and self.types.get(self._open) == "textarea":
            self.values[self._open][-1] += data.lstrip("\n")


def route_for(name: str) -> Route:
    """The route's POST row when it has one (its data names the fields), else its first row."""
    rows = [route for route in ROUTES if route.name == name]
    return next((route for route in rows if route.method == "post"), rows[0])


def page_form(http: Any, url: str, route: Route, world: Any) -> FormValues:
    """Read the fields the page at `url` offers, topped up with the matrix row's own data."""
    form = FormValues()
    page = http.get(url)
    if page.status_code == 200 and page["Content-Type"].startswith("text/html"):
        form.feed(page.content.decode())
    for key, value in (route.data(world) if route.data else {}).items():
        form.values[key] = [str(v) for v in value] if isinstance(value, list) else [str(value)]
    return form


def post_junk(http: Any, url: str, form: FormValues, label: str, *, render: bool = True) -> None:
    """Post junk in every field at once, then in one field at a time, and check none is a server error."""
    fields = set(form.values) | set(EXTRA_FIELDS)
    with nullcontext() if render else pages_not_rendered():
        for number, junk in enumerate(JUNK):
            headers = {"HX-Request": "true"} if number % 2 else {}
            response = http.post(url, {field: [junk, junk] for field in fields}, headers=headers)
            assert response.status_code < 500, f"{label} with {junk[:20]!r}: {response.status_code}"
    with pages_not_rendered():
        for field in form.values:
            for junk in ONE_FIELD_JUNK:
                response = http.post(url, {**form.values, field: [junk]})
                assert response.status_code < 500, f"{label}, {field}={junk[:20]!r}: {response.status_code}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", NAMES)
def test_junk_posted_to_a_route_never_errs_nor_writes_where_the_persona_may_not(name, persona, world, as_persona):
    route = route_for(name)
    url = reverse(name, kwargs=route.kwargs(world))
    http = as_persona(persona)
    form = page_form(http, url, route, world)
    before = record_fingerprint()
    post_junk(http, url, form, f"{name} as {persona}", render=route.writes)
    if not route.writes_for(persona):
        assert record_fingerprint() == before, f"{name} as {persona}: junk was written"


def test_the_junk_check_catches_a_write_the_persona_may_not_make(world, as_persona, monkeypatch):
    real = triggers.trigger_for
    monkeypatch.setattr(triggers, "trigger_for", lambda user, trigger_id, write: real(world.clinician, trigger_id))
    route = route_for("planning:trigger_remove")
    url = reverse(route.name, kwargs=route.kwargs(world))
    before = record_fingerprint()
    post_junk(as_persona("readonly_clinician"), url, FormValues(), "control")
    assert not route.writes_for("readonly_clinician") and record_fingerprint() != before


def test_pages_not_rendered_still_give_their_status(world, as_persona):
    url = reverse("planning:trigger_add", kwargs={"client_id": world.client.public_id})
    with pages_not_rendered():
        response = as_persona("clinician").post(url, {"name": ""})
    assert response.status_code == 200 and response.content == b""
