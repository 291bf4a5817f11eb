"""The load test's reference views and query counter live in its own settings, never in the app's."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from django.test import override_settings

pytestmark = pytest.mark.django_db

LOADTEST = {
    "ROOT_URLCONF": "bench.loadtest_urls",
    "MIDDLEWARE": ["bench.query_count.QueryCountMiddleware", *settings.MIDDLEWARE],
}


def test_the_app_has_no_one_query_view() -> None:
    http = HttpClient()
    assert http.get("/bench/one-query/").status_code == 404
    assert http.get("/bench/anonymous-one-query/").status_code == 404


def test_the_load_test_settings_add_the_views_and_count_queries() -> None:
    with override_settings(**LOADTEST):
        response = HttpClient().get("/bench/anonymous-one-query/")
    assert response.status_code == 200
    assert response["X-Queries"] == "1"


def test_the_app_sends_no_query_count() -> None:
    response = HttpClient().get("/accounts/login/")
    assert response.status_code == 200
    assert "X-Queries" not in response
