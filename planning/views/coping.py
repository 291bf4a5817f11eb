"""Support in a hard moment: the "get support now" screen and coping skills done step by step.

Both are the client's own: the screen is their crisis screen, so other roles are refused by role
(as the risk support page is). Nothing here uses the cache or Celery: they must load with only the
database up.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from ..access import AuthedRequest, client_required, own_client
from ..services.crisis_lines import crisis_lines_for


@login_required
@client_required
def support_now(request: AuthedRequest) -> HttpResponse:
    """One tap from every client page: pinned skills, people to call, crisis lines, leave quickly."""
    client, access = own_client(request.user)
    plan, version = client.current_safety_plan()
    context = {
        "client": client,
        "access": access,
        "version": version,
        "skills": plan.pinned_skills() if plan else [],
        "people": version.people_to_call() if version else [],
        "crisis_lines": crisis_lines_for(client.organization),
    }
    return render(request, "planning/support_now.html", context)
