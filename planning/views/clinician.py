"""A clinician's caseload and the clients on it."""

from __future__ import annotations

from copy import copy
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from config.kept_pages import kept_page, stamp_of
from config.ratelimits import rate_limit

from ..access import (
    AuthedRequest,
    audited_read,
    caseload_for,
    client_for,
    clinician_required,
    colleagues_of,
    open_flags_for,
)
from ..forms.caseload import CaseloadFilterForm
from ..forms.people import ClientForm, ClientProfileForm
from ..models import Need, Role
from ..models.caseload import NeedRanking, kept_ranking, needs_of
from ..services.caseload import need_mark_seen
from ..services.people import client_create, client_update, invitation_create

CASELOAD_PAGE = 25


@login_required
@clinician_required
@require_http_methods(["GET", "POST"])
def caseload(request: AuthedRequest) -> HttpResponse:
    """Clients by need: the most pressing reason first, then the newest. Search is a POST, so names stay out of URLs."""
    # Kept until the clinic records a change or the day ends (config/kept_pages.py), like its order (kept_ranking),
    # which reads the clinic's newest change from the same stamp.
    stamp = stamp_of(request.user) if request.method == "GET" else None
    newest_change = stamp.newest_change if stamp else None
    return kept_page(request, "caseload", lambda: _caseload(request, newest_change), stamp=stamp)


def _caseload(request: AuthedRequest, newest_change: int | None) -> HttpResponse:
    clients = caseload_for(request.user)
    # The colleague filter is a GET (an id, kept across pages); a name search is a POST, so names stay out of URLs.
    form = CaseloadFilterForm({**request.GET.dict(), **request.POST.dict()}, colleagues=colleagues_of(request.user))
    filtered = False
    if form.is_valid():
        if form.cleaned_data["member"]:
            clients, filtered = clients.filter(care_team__clinician__public_id=form.cleaned_data["member"]), True
        if form.cleaned_data["q"]:
            clients, filtered = clients.filter(preferred_name__icontains=form.cleaned_data["q"]), True
    ranking = NeedRanking(clients, request.user)
    # The whole caseload's order is kept until the clinic records a change (kept_ranking); a filtered one is not.
    rows = ranking if filtered else kept_ranking(ranking, newest_change)
    page = Paginator(rows, CASELOAD_PAGE).get_page(request.GET.get("page"))
    keys = [pk for pk, _reasons in page]
    summaries = {client.pk: client for client in caseload_for(request.user).filter(pk__in=keys).with_row_summary()}
    memberships = {m.client_id: m for m in request.user.care_assignments.filter(client__in=keys)}
    context = {
        "page": page,
        "rows": [(summaries[pk], memberships.get(pk), needs_of(reasons)) for pk, reasons in page if pk in summaries],
        "flags": open_flags_for(request.user),
        "form": form,
    }
    return render(request, "planning/caseload.html", context)


@login_required
@clinician_required
@require_POST
def need_seen(request: AuthedRequest, client_id: UUID, need: str) -> HttpResponse:
    client, _access = client_for(request.user, client_id)
    if need not in Need.values:
        raise Http404
    need_mark_seen(actor=request.user, client=client, need=need)
    messages.success(request, "Marked as seen. It comes back if something new happens.")
    return redirect("planning:caseload")


@login_required
@clinician_required
@rate_limit("invitation-send")
def client_add(request: AuthedRequest) -> HttpResponse:
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = client_create(actor=request.user, **form.cleaned_data)
        messages.success(request, f"{client.preferred_name} was added. We've emailed them an invitation.")
        return redirect("planning:client_overview", client_id=client.public_id)
    return render(request, "planning/client_add.html", {"form": form})


@login_required
@clinician_required
@audited_read("client_overview")
def client_overview(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client, access = client_for(request.user, client_id)
    context = {
        "client": client,
        "access": access,
        "current_plan": client.plans.current().first(),
        "earlier_plans": client.plans.completed(),
        "care_team": client.care_team.select_related("clinician"),
        "pending_invitation": client.invitations.pending().first(),
        "open_agenda": client.agenda_items.open().count(),
    }
    return render(request, "planning/client_overview.html", context)


@login_required
@clinician_required
def client_edit(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client, _access = client_for(request.user, client_id, write=True)
    # Bind to a copy: a form that fails validation must not rename the client on the page.
    form = ClientProfileForm(request.POST or None, instance=copy(client))
    if request.method == "POST" and form.is_valid():
        client_update(actor=request.user, client=client, **form.cleaned_data)
        messages.success(request, "Saved.")
        return redirect("planning:client_overview", client_id=client.public_id)
    return render(request, "planning/client_edit.html", {"client": client, "form": form})


@login_required
@clinician_required
@require_POST
@rate_limit("invitation-send")
def client_reinvite(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client, _access = client_for(request.user, client_id, write=True)
    if client.user_id is not None:
        messages.info(request, f"{client.preferred_name} already has an account.")
    else:
        invitation_create(
            actor=request.user, email=client.email, role=Role.CLIENT, client=client, full_name=client.preferred_name
        )
        messages.success(request, "A new invitation is on its way. The old link no longer works.")
    return redirect("planning:client_overview", client_id=client.public_id)
