"""Every URL pattern, for every persona: the status they get.

A URL pattern without a Route in some tests/**/routes_*.py fails test_every_url_is_in_the_matrix,
so a new view cannot ship without saying who may use it.
"""

from __future__ import annotations

import importlib
from contextlib import nullcontext
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from planning.models import Removal
from planning.views import triggers
from tests.matrix import OK, PERSONAS, Route, pages_not_rendered, record_fingerprint

TESTS_DIR = Path(__file__).resolve().parent.parent


def _route_modules() -> list[str]:
    names = []
    for path in sorted(TESTS_DIR.rglob("routes_*.py")):
        relative = path.relative_to(TESTS_DIR.parent).with_suffix("")
        names.append(".".join(relative.parts))
    return names


def _all_routes() -> list[Route]:
    routes: list[Route] = []
    for name in _route_modules():
        routes.extend(importlib.import_module(name).ROUTES)
    return routes


def _url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    """Collect the full names of every URL pattern, except Django admin's own pages past its index."""
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace == "admin":
                names.add("admin:index")
                continue
            names |= _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


ROUTES = _all_routes()
# Posts that end, extend or complete a session's sign-in and change no record (every persona here is already
# past two-step sign-in, so its code page writes nothing; tests/planning/test_second_factor.py checks it does).
SIGNING_OUT = {"logout", "planning:leave_quickly", "planning:stay_signed_in", "planning:two_factor"}
CASES = [(route, persona) for route in ROUTES for persona in PERSONAS]


def test_every_url_is_in_the_matrix():
    covered = {route.name for route in ROUTES}
    missing = _url_names(get_resolver()) - covered
    assert not missing, f"URL patterns with no permission-matrix Route: {sorted(missing)}"


def test_no_route_names_a_url_that_does_not_exist():
    assert {route.name for route in ROUTES} <= _url_names(get_resolver())


def test_every_url_pattern_is_named():
    unnamed = [str(p.pattern) for p in get_resolver().url_patterns if isinstance(p, URLPattern) and not p.name]
    assert not unnamed


def test_every_post_but_signing_out_writes():
    assert {route.name for route in ROUTES if route.method == "post" and not route.writes} == SIGNING_OUT


def call(route: Route, persona: str, world, as_persona):
    """Make the route's request as the persona, and say whether it changed anything.

    A page the persona may read is rendered in full (every page renders for its role); a refusal
    or a post only needs its status and the record, so its template is not rendered.
    """
    url = reverse(route.name, kwargs=route.kwargs(world)) + route.query
    http = as_persona(persona)
    data = route.data(world) if route.data else {}
    if route.method == "get":
        with nullcontext() if route.expect[persona] == OK else pages_not_rendered():
            return http.get(url), False
    before = record_fingerprint()
    with pages_not_rendered():
        response = http.post(url, data)
    return response, record_fingerprint() != before


@pytest.mark.parametrize(("route", "persona"), CASES, ids=[f"{r}-{p}" for r, p in CASES])
def test_each_persona_gets_the_expected_status_and_writes_only_when_allowed(route, persona, world, as_persona):
    response, wrote = call(route, persona, world, as_persona)
    expected = route.expect[persona]
    assert response.status_code == expected, f"{route} as {persona}: got {response.status_code}, expected {expected}"
    if route.method == "post":
        assert wrote == route.writes_for(persona), f"{route} as {persona}: wrote {wrote}"
    if persona == "anonymous" and response.status_code == 302 and route.name not in SIGNING_OUT:
        sign_in = reverse("admin:login") if route.name.startswith("admin:") else reverse("login")
        assert response["Location"].startswith(sign_in), f"{route}: anonymous was not sent to sign in"


# Positive controls: the checks above fail when a view forgets its access check or stops writing.


def _route(name: str) -> Route:
    return next(route for route in ROUTES if route.name == name and route.writes)


def test_the_matrix_catches_a_view_that_lets_a_forbidden_persona_write(world, as_persona, monkeypatch):
    real = triggers.trigger_for
    monkeypatch.setattr(triggers, "trigger_for", lambda user, trigger_id, write: real(world.clinician, trigger_id))
    route = _route("planning:trigger_remove")
    response, wrote = call(route, "readonly_clinician", world, as_persona)
    assert response.status_code != route.expect["readonly_clinician"]
    assert wrote != route.writes_for("readonly_clinician")


def test_the_matrix_catches_a_write_route_that_stops_writing(world, as_persona, monkeypatch):
    unsaved = lambda **kwargs: Removal(back_name=kwargs["back_name"], back_id=kwargs["back_id"])  # noqa: E731
    monkeypatch.setattr(triggers, "record_remove", unsaved)
    route = _route("planning:trigger_remove")
    response, wrote = call(route, "clinician", world, as_persona)
    assert response.status_code == route.expect["clinician"]
    assert wrote != route.writes_for("clinician")
