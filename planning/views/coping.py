"""Support in a hard moment: the "get support now" screen and coping skills done step by step.

Both are the client's own: the screen is their crisis screen, so other roles are refused by role
(as the risk support page is). Nothing here uses the cache or Celery: they must load with only the
database up.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from content.access import item_for
from content.guided import GUIDED_TOOLS, guided_exercise

from ..access import AuthedRequest, audited_read, client_for, client_required, coping_run_for, own_client
from ..forms.coping import CopingRunForm
from ..models import CopingRun
from ..services.coping import coping_run_record
from ..services.coping import coping_run_share as coping_run_share_service
from ..services.crisis_lines import crisis_lines_for

RUNS_SHOWN = 100  # the newest; a list longer than this is history nobody scrolls on a phone


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
        "guided_tools": GUIDED_TOOLS,
        "people": version.people_to_call() if version else [],
        "crisis_lines": crisis_lines_for(client.organization),
    }
    return render(request, "planning/support_now.html", context)


@login_required
@client_required
def coping_guided(request: AuthedRequest, item_id: UUID) -> HttpResponse:
    """Do a coping skill one step at a time, with distress before and after if the client wants to give them."""
    client, access = own_client(request.user)
    item = item_for(request.user, item_id)
    exercise = guided_exercise(item.tool)
    if exercise is None:
        raise Http404("Not a guided skill")
    form = CopingRunForm(request.POST if request.method == "POST" else None, exercise=exercise)
    if request.method == "POST" and form.is_valid():
        run = coping_run_record(actor=request.user, client=client, item=item, **form.rating())
        messages.success(request, _saved_message(run))
        return redirect("planning:coping_guided", item_id=item.public_id)
    runs = client.coping_runs.of_item(item.pk)
    context = {
        "client": client,
        "access": access,
        "item": item,
        "exercise": exercise,
        "steps": [(step, form.note(step.number)) for step in exercise.steps],
        "form": form,
        "helped": runs.helped_before(),
    }
    return render(request, "planning/coping_guided.html", context)


def _saved_message(run: CopingRun) -> str:
    said = "Saved."
    if run.drop is not None:
        said += f" You went from {run.distress_before} to {run.distress_after}."
    return said + (" Your care team can see it." if run.shared_with_care_team else " Only you can see it.")


@login_required
@audited_read("coping_runs")
def coping_run_list(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    """The client's guided runs: all of them for the client, those they shared for their care team (read-only)."""
    client, access = client_for(request.user, client_id)
    runs = client.coping_runs.all() if access.is_own else client.coping_runs.seen_by_care_team()
    context = {"client": client, "access": access, "runs": runs[:RUNS_SHOWN], "runs_shown": RUNS_SHOWN}
    return render(request, "planning/coping_runs.html", context)


@login_required
@require_POST
def coping_run_share(request: AuthedRequest, run_id: UUID) -> HttpResponse:
    """Share one run with the care team, or keep it to the client again."""
    run, _access = coping_run_for(request.user, run_id, write=True)
    run = coping_run_share_service(actor=request.user, run=run, shared=request.POST.get("shared") == "on")
    said = "Shared with your care team." if run.shared_with_care_team else "Only you can see it now."
    messages.success(request, said)
    return redirect("planning:coping_run_list", client_id=run.client.public_id)
