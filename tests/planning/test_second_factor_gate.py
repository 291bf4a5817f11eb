"""The second-factor gate over every route of the matrix: a clinician or admin with only a password gets nothing.

For each route where the treating clinician or the organisation admin gets a success or a redirect once
signed in, a password-only session of that person is sent to the code page and changes nothing; the
same session, once past the second factor, gets the route's usual status (and writes, for a post).
"""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from planning.middleware import OPEN_BEFORE_SECOND_FACTOR
from tests.matrix import Route, pages_not_rendered, record_fingerprint
from tests.planning.test_permission_matrix import ROUTES
from tests.second_factor import verified

GATED = [
    (route, persona)
    for route in ROUTES
    for persona in ("clinician", "org_admin")
    if route.expect[persona] < 400 and route.name not in OPEN_BEFORE_SECOND_FACTOR
]


def _request(http: HttpClient, route: Route, url: str, data: dict):
    with pages_not_rendered():
        return getattr(http, route.method)(url, data)


def test_the_sweep_covers_clinician_and_admin_pages():  # control: the parametrised sweep below is not empty
    names = {route.name for route, _ in GATED}
    assert {"planning:caseload", "planning:client_overview", "planning:safety_plan_pdf", "planning:org_home"} <= names


@pytest.mark.parametrize(("route", "persona"), GATED, ids=[f"{r}-{p}" for r, p in GATED])
def test_a_password_only_session_is_sent_to_the_code_page_and_writes_nothing(route, persona, world):
    user = world.user(persona)
    url = reverse(route.name, kwargs=route.kwargs(world)) + route.query
    http = HttpClient()
    http.force_login(user, backend="planning.user_cache.CachedModelBackend")

    data = route.data(world) if route.data else {}  # some data makes rows (an unread notification) first
    before = record_fingerprint()
    response = _request(http, route, url, data)
    assert response.status_code == 302 and response["Location"] == reverse("planning:two_factor"), route
    assert record_fingerprint() == before, f"{route} as {persona} wrote before the second factor"

    verified(http, user)  # control: the same session past the second factor
    before = record_fingerprint()
    response = _request(http, route, url, data)
    assert response.status_code == route.expect[persona], f"{route} as {persona}: got {response.status_code}"
    if route.method == "post":
        assert (record_fingerprint() != before) == route.writes_for(persona), f"{route} as {persona}"
