"""Friendly error pages. They say what happened and where to go, nothing more."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import get_template

TOO_MUCH: dict[type[Exception], str] = {
    RequestDataTooBig: "It held more text than Stepwise takes in one go (about 2.5 MB).",
    TooManyFieldsSent: "It held more separate items than Stepwise takes in one go (1,000).",
}


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A post past DATA_UPLOAD_MAX_MEMORY_SIZE or DATA_UPLOAD_MAX_NUMBER_FIELDS, or another malformed request."""
    message = TOO_MUCH.get(type(exception)) if exception is not None else None
    if message is None:  # such as a host not in ALLOWED_HOSTS: no request context, as for the 500 page
        return HttpResponse(get_template("400.html").render({}), status=400)
    return render(request, "400.html", {"message": message}, status=400)  # nothing here reads the POST again


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A post without this site's token (another site's form, or a page from before a sign-in or an update).

    Nothing posted is offered back to send again: on another site's post that would hand its words a button.
    """
    return render(request, "403_csrf.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context: the failure may be in a context processor or the database.
    return HttpResponse(get_template("500.html").render(), status=500)
