"""The app's URLs plus bench-only pages: a signed-in view making one query (the baseline), and its anonymous twin."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns
from planning.models import Organization


@login_required
def one_query(request: HttpRequest) -> HttpResponse:
    """Answer a signed-in request with one query of its own, as every page at least does."""
    return HttpResponse(str(Organization.objects.count()))


def one_query_anonymous(request: HttpRequest) -> HttpResponse:
    """The same query for anyone: what a request costs before sessions and sign-in."""
    return HttpResponse(str(Organization.objects.count()))


urlpatterns = [
    path("bench/one-query/", one_query),
    path("bench/one-query-anonymous/", one_query_anonymous),
    *app_urlpatterns,
]
