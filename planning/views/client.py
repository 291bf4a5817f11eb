"""Pages a client sees about their own plan."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from config.kept_pages import OWN, kept_page

from ..access import Access, AuthedRequest, client_required, looks_at_own_record, own_client
from ..audit_log import looks
from ..models import Client


@login_required
@client_required
def client_home(request: AuthedRequest) -> HttpResponse:
    # The client's own page (no id in the address): own_client lets them in whenever it is drawn, and a kept copy
    # is only ever one drawn for this person; any change to their record, closing it too, is a recorded change.
    return kept_page(request, "client_home", lambda: _client_home(request, *own_client(request.user)), about=OWN)


def _client_home(request: AuthedRequest, client: Client, access: Access) -> HttpResponse:
    current_plan, earlier_plans = client.plans.current_and_earlier()
    context = {
        "client": client,
        "access": access,
        "current_plan": current_plan,
        "earlier_plans": earlier_plans,
        "home": current_plan.home() if current_plan else None,
        "ready_measures": client.measure_assignments.ready(timezone.localdate()),
        "last_check_in": client.check_ins.first(),
        "open_agenda": client.agenda_items.open().count(),
    }
    return render(request, "planning/client_home.html", context)


@login_required
@client_required
@require_safe
def record_looks(request: AuthedRequest) -> HttpResponse:
    """Who on the care team opened which part of the client's record, by day, newest first."""
    page = Paginator(looks_at_own_record(request.user).looks_by_day(), 50).get_page(request.GET.get("page"))
    return render(request, "planning/record_looks.html", {"page": page, "looks": looks(page)})
