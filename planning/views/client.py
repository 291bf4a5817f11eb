"""Pages a client sees about their own plan."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ..access import AuthedRequest, client_required, own_client


@login_required
@client_required
def client_home(request: AuthedRequest) -> HttpResponse:
    client, access = own_client(request.user)
    context = {
        "client": client,
        "access": access,
        "current_plan": client.plans.current().prefetch_related("rest_weeks").first(),
        "earlier_plans": client.plans.completed(),
        "ready_measures": client.measure_assignments.ready(timezone.localdate()),
        "last_check_in": client.check_ins.first(),
        "open_agenda": client.agenda_items.open().count(),
    }
    return render(request, "planning/client_home.html", context)
