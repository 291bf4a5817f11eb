"""Copies of the record to take away: the client's own ZIP of everything, and a plan as FHIR for the care team."""

from __future__ import annotations

import json
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from config.ratelimits import rate_limit

from .. import fhir
from ..access import (
    AuthedRequest,
    audited_read,
    client_required,
    own_client,
    own_latest_record_export,
    own_record_export_for,
    plan_for,
)
from ..services.exports import ZIP_NAME, ExportUnavailable, record_export_request, record_export_take


@login_required
@client_required
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit("record-export")
def record_export(request: AuthedRequest) -> HttpResponse:
    """Ask for a copy of everything Stepwise holds about you (POST), and find its link here once it is ready."""
    if request.method == "POST":
        client, _access = own_client(request.user)
        export = record_export_request(actor=request.user, client=client)
        export.refresh_from_db(fields=["ready_at"])  # built on commit when the broker was down, or eagerly
        if export.is_ready:
            messages.success(request, "Your copy is ready. Download it below.")
        else:
            messages.info(request, "Thank you. We will have your copy ready shortly: come back to this page for it.")
        return redirect("planning:record_export")
    context = {"export": own_latest_record_export(request.user)}
    return render(request, "planning/record_export.html", context)


@login_required
@require_GET  # not HEAD: a HEAD must not use up the one download
def record_export_download(request: AuthedRequest, token: str) -> HttpResponse:
    """Download the copy once; a used or expired link says so kindly and offers a new copy.

    Only the client who asked may use the link: for anyone else, clinicians included, it does not exist (404).
    """
    export = own_record_export_for(request.user, token)
    try:
        body = record_export_take(actor=request.user, export=export)
    except ExportUnavailable as gone:
        return render(request, "planning/record_export_gone.html", {"message": gone.message}, status=410)
    if not body:
        messages.info(request, "Your copy is not quite ready yet. This page will have the link when it is.")
        return redirect("planning:record_export")
    response = HttpResponse(body, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{ZIP_NAME}"'
    return response


@login_required
@require_safe
@audited_read("plan_fhir")
def plan_fhir(request: AuthedRequest, plan_id: UUID) -> HttpResponse:
    """The plan as a FHIR R4 Bundle, for the care team to take into another clinical system (clients: 403)."""
    plan, access = plan_for(request.user, plan_id)
    if not access.is_care_team:
        raise PermissionDenied("The FHIR export is for the care team")
    response = HttpResponse(json.dumps(fhir.plan_bundle(plan)), content_type="application/fhir+json")
    response["Content-Disposition"] = 'attachment; filename="stepwise-plan.fhir.json"'
    return response
