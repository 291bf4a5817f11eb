"""The app's URLs plus one benchmark-only page: a signed-in view that makes one query (the baseline)."""

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


urlpatterns = [path("bench/one-query/", one_query), *app_urlpatterns]
