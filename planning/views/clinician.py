"""A clinician's caseload and the clients on it."""

from __future__ import annotations

from copy import copy
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..access import AuthedRequest, caseload_for, client_for, clinician_required, open_flags_for
from ..forms.people import ClientForm, ClientProfileForm
from ..models import Role
from ..services.people import client_create, client_update, invitation_create


@login_required
@clinician_required
def caseload(request: AuthedRequest) -> HttpResponse:
    clients = caseload_for(request.user).with_last_activity().with_signals()
    clients = clients.order_by("-has_open_flag", "-has_reliable_deterioration", "preferred_name")
    memberships = {m.client_id: m for m in request.user.care_assignments.all()}
    rows = [(client, memberships.get(client.pk)) for client in clients]
    return render(request, "planning/caseload.html", {"rows": rows, "flags": open_flags_for(request.user)})


@login_required
@clinician_required
def client_add(request: AuthedRequest) -> HttpResponse:
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = client_create(actor=request.user, **form.cleaned_data)
        messages.success(request, f"{client.preferred_name} was added. We've emailed them an invitation.")
        return redirect("planning:client_overview", client_id=client.public_id)
    return render(request, "planning/client_add.html", {"form": form})


@login_required
@clinician_required
def client_overview(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client, access = client_for(request.user, client_id)
    context = {
        "client": client,
        "access": access,
        "current_plan": client.plans.current().first(),
        "earlier_plans": client.plans.completed(),
        "care_team": client.care_team.select_related("clinician"),
        "pending_invitation": client.invitations.pending().first(),
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
