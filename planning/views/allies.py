"""Allies: the client's pages to invite, preview, change and end an ally; the ally's one page; steps together.

The ally's page and the client's preview draw the same partial (`planning/_ally_page.html`), so the
client sees exactly what their ally sees. An ally reaches nothing else: every other page refuses
them by role (403) or by id (404).
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.ratelimits import rate_limit

from ..access import (
    AuthedRequest,
    ally_for,
    ally_required,
    ally_step_for,
    client_required,
    own_client,
    own_practice_for,
    own_step_for,
    supported_by,
)
from ..forms.allies import AllyForm, AllyInviteForm, AllyThanksForm, StepAllyForm
from ..models import Ally, Step
from ..services.allies import (
    AllyNotAvailable,
    ally_end,
    ally_invite,
    ally_thanks_send,
    ally_update,
    step_ally_coming,
    step_ally_set,
)
from ..versioning import versioned_edit

ALLY_ENDED_MEANWHILE = (
    "That person can't be named here any more: their access ended while this page was open. "
    "You can choose someone else, or no one this time."
)


def ally_page(ally: Ally) -> dict[str, object]:
    """What one ally sees of one client: the same dictionary for the ally's page and the client's preview."""
    people, lines = ally.safety_contacts()
    return {"link": ally, "steps": list(ally.shown_steps()), "people": people, "crisis_lines": lines}


@login_required
@client_required
@require_http_methods(["GET", "POST"])
@rate_limit("invitation-send")
def ally_list(request: AuthedRequest) -> HttpResponse:
    """The client's allies, and a form to invite one (refusing their own email and a clinician's)."""
    client, _access = own_client(request.user)
    form = AllyInviteForm(request.POST or None, client=client, user=request.user)
    if request.method == "POST" and form.is_valid():
        ally = ally_invite(actor=request.user, client=client, **form.cleaned_data)
        messages.success(request, f"Invitation sent to {ally.name}. Choose what they'll see below.")
        return redirect("planning:ally_detail", ally_id=ally.public_id)
    context = {"client": client, "form": form, "allies": client.allies.order_by("status", "created_at")}
    return render(request, "planning/ally_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def ally_detail(request: AuthedRequest, ally_id: UUID) -> HttpResponse:
    """Choose what one ally sees, with a preview drawn by the ally's own template."""
    ally, _access = ally_for(request.user, ally_id, write=request.method == "POST")
    if ally.status == Ally.Status.ENDED and request.method == "POST":
        messages.info(request, f"{ally.name}'s access has ended, so there is nothing to change.")
        return redirect("planning:ally_detail", ally_id=ally.public_id)
    edit = versioned_edit(
        request,
        current=ally,
        make_form=lambda data, row: AllyForm(data, instance=row),
        save=lambda form: ally_update(actor=request.user, ally=ally, based_on=form.based_on, **form.record_data()),
    )
    if edit.saved:
        messages.success(request, f"Saved. This is what {ally.name} sees now.")
        return redirect("planning:ally_detail", ally_id=ally.public_id)
    context = {"ally": ally, "preview": ally_page(ally), **edit.context()}
    return render(request, "planning/ally_detail.html", context, status=edit.status)


@login_required
@require_POST
def ally_end_view(request: AuthedRequest, ally_id: UUID) -> HttpResponse:
    """End an ally's access at once: from their next page load they see nothing of the client."""
    ally, _access = ally_for(request.user, ally_id, write=True)
    ally_end(actor=request.user, ally=ally)
    messages.success(request, f"{ally.name} can no longer see your page. You can invite them again whenever you like.")
    return redirect("planning:ally_list")


@login_required
@ally_required
@require_GET
def ally_home(request: AuthedRequest) -> HttpResponse:
    """The ally's only page: for each person they support, what that person picked for them."""
    pages = [ally_page(link) for link in supported_by(request.user)]
    return render(request, "planning/ally_home.html", {"pages": pages})


@login_required
@require_POST
def step_ally_coming_view(request: AuthedRequest, step_id: UUID) -> HttpResponse:
    """The ally says "I'll be there" on a step they were named on."""
    step = ally_step_for(request.user, step_id)
    step_ally_coming(actor=request.user, step=step)
    messages.success(request, "Thank you. They'll see that you're coming.")
    return redirect("planning:ally_home")


@login_required
@require_http_methods(["GET", "POST"])
def step_ally(request: AuthedRequest, step_id: UUID) -> HttpResponse:
    """Who comes along on a step, and when: the client's choice, from their own active allies."""
    step, _access = own_step_for(request.user, step_id)

    def save(form: StepAllyForm) -> Step | None:
        try:
            return step_ally_set(actor=request.user, step=step, based_on=form.based_on, **form.record_data())
        except AllyNotAvailable:  # their access ended after the form was checked: say so, keep the rest as typed
            form.add_error("ally", ALLY_ENDED_MEANWHILE)
            return None

    edit = versioned_edit(
        request, current=step, make_form=lambda data, row: StepAllyForm(data, instance=row), save=save
    )
    if edit.saved:
        messages.success(request, "Saved who comes along.")
        return redirect("planning:step_detail", step_id=step.public_id)
    context = {"step": step, "plan": step.goal.plan, **edit.context()}
    return render(request, "planning/step_ally_form.html", context, status=edit.status)


@login_required
@require_http_methods(["GET", "POST"])
@rate_limit("ally-thanks")
def practice_thank_ally(request: AuthedRequest, practice_id: UUID) -> HttpResponse:
    """After a practice, offer the client a thank-you line to edit and send to the ally who came along."""
    practice, _access = own_practice_for(request.user, practice_id)
    ally = practice.step.ally
    if ally is None or not ally.is_active or not practice.is_finished:
        raise Http404
    if practice.ally_thanks.filter(ally=ally).exists():
        messages.info(request, f"You've already sent {ally.name} a thank-you for this practice.")
        return redirect("planning:practice_detail", practice_id=practice.public_id)
    name = practice.step.client.preferred_name
    suggested = f"Thank you for coming along with me. It helped to have you there. {name}"
    form = AllyThanksForm(request.POST or None, initial={"text": suggested})
    if request.method == "POST" and form.is_valid():
        ally_thanks_send(actor=request.user, practice=practice, ally=ally, text=form.cleaned_data["text"])
        messages.success(request, f"Sent to {ally.name}.")
        return redirect("planning:practice_detail", practice_id=practice.public_id)
    context = {"practice": practice, "ally": ally, "form": form}
    return render(request, "planning/ally_thanks_form.html", context)
