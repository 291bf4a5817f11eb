"""The app's URLs plus the load test's two reference views, for bench/loadtest_settings.py only.

Neither view is a URL of the app: the production URLconf (config.urls) never includes this module.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from bench.baseline_urls import one_query
from config.urls import urlpatterns as app_urlpatterns
from planning.models import Organization


def anonymous_one_query(request: HttpRequest) -> HttpResponse:
    """The same one query without signing in: what a signed-in request costs on top."""
    return HttpResponse(str(Organization.objects.count()))


urlpatterns = [
    path("bench/one-query/", one_query),
    path("bench/anonymous-one-query/", anonymous_one_query),
    *app_urlpatterns,
]
