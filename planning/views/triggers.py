"""The trigger list: what sets off distress, how strongly, its early signs and what helps."""

from __future__ import annotations

from copy import copy
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..access import AuthedRequest, can_write, client_for, trigger_for
from ..forms.plans import VersionedForm
from ..forms.safety import TriggerForm
from ..models import Client, Trigger
from ..services.plans import StaleEdit
from ..services.safety import safety_plan_current, trigger_delete, trigger_save
from .plans import differences, rebase


def _strategies(client: Client) -> list[str]:
    _plan, version = safety_plan_current(client)
    return version.items("coping") if version else []


@login_required
def trigger_list(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    context = {
        "client": client,
        "triggers": client.triggers.prefetch_related("library_links__item"),  # library links (issue #5)
        "can_write": can_write(request.user, client),
        "is_own": client.user_id == request.user.pk,
    }
    return render(request, "planning/trigger_list.html", context)


def _edit(request: AuthedRequest, client: Client, trigger: Trigger) -> HttpResponse:
    strategies = _strategies(client)
    form: VersionedForm = TriggerForm(request.POST or None, instance=trigger, strategies=strategies)
    conflict: Trigger | None = None
    if request.method == "POST" and form.is_valid():
        changed = [name for name in form.changed_data if name != "version"]
        try:
            trigger_save(
                actor=request.user,
                client=client,
                trigger=form.instance,
                changed=changed,
                based_on_version=form.cleaned_data["version"],
            )
        except StaleEdit as stale:
            conflict = stale.current  # type: ignore[assignment]
            form = rebase(TriggerForm, form, conflict, strategies=strategies)
        else:
            messages.success(request, "Saved to the trigger list.")
            return redirect("planning:trigger_list", client_id=client.public_id)
    context = {"client": client, "form": form, "trigger": trigger, "conflict": conflict}
    if conflict is not None:
        context["differences"] = differences(form, conflict)
    return render(request, "planning/trigger_form.html", context)


@login_required
def trigger_add(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client = client_for(request.user, client_id, write=True)
    return _edit(request, client, Trigger(client=client))


@login_required
def trigger_edit(request: AuthedRequest, client_id: UUID, trigger_id: UUID) -> HttpResponse:
    client = client_for(request.user, client_id, write=True)
    # Bind to a copy so a form with errors does not change the heading on the page.
    return _edit(request, client, copy(trigger_for(request.user, client, trigger_id, write=True)))


@login_required
@require_POST
def trigger_remove(request: AuthedRequest, client_id: UUID, trigger_id: UUID) -> HttpResponse:
    client = client_for(request.user, client_id, write=True)
    trigger = trigger_for(request.user, client, trigger_id, write=True)
    trigger_delete(actor=request.user, client=client, trigger=trigger)
    messages.success(request, "Taken off the list.")
    return redirect("planning:trigger_list", client_id=client.public_id)
