"""The health check: the database decides the answer; the broker is reported but never fatal."""

from __future__ import annotations

import os
from unittest import mock

import pytest
from django.db import OperationalError, connection

from tests.conftest import DEAD


def test_with_the_database_up_it_answers_200_without_a_sign_in(client, db, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "not configured"}


def test_with_the_broker_down_it_still_answers_200_and_says_so(client, db, settings):
    settings.REDIS_URL = DEAD
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["broker"] == "unreachable"


@pytest.mark.services
def test_with_the_broker_up_it_reports_it_ok(client, db, settings):
    if not os.environ.get("REDIS_URL"):
        pytest.skip("Needs REDIS_URL, which CI starts.")
    settings.REDIS_URL = os.environ["REDIS_URL"]
    assert client.get("/healthz").json()["broker"] == "ok"


def test_with_the_database_down_it_answers_503(client, db, settings):
    settings.REDIS_URL = ""
    with mock.patch.object(connection, "ensure_connection", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable", "broker": "not configured"}


def test_it_is_never_cached(client, db):
    assert "no-store" in client.get("/healthz")["Cache-Control"]


def test_it_answers_plain_http_even_where_https_is_enforced(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/accounts/login/").status_code == 301  # control: other pages still redirect
