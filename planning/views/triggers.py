"""The trigger list: what sets off distress, how strongly, its early signs and what helps."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..access import AuthedRequest, audited_read, client_for, trigger_for
from ..forms.safety import TriggerForm
from ..models import Client, Removal
from ..services.removals import record_remove
from ..services.triggers import trigger_create, trigger_update
from ..versioning import versioned_edit
from .removals import removed


def _strategies(client: Client) -> list[str]:
    _plan, version = client.current_safety_plan()
    return version.items("coping") if version else []


def _saved(request: AuthedRequest, client: Client) -> HttpResponse:
    messages.success(request, "Saved to the trigger list.")
    return redirect("planning:trigger_list", client_id=client.public_id)


@login_required
@audited_read("triggers")
def trigger_list(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client, access = client_for(request.user, client_id)
    context = {"client": client, "access": access, "triggers": client.triggers.prefetch_related("library_links__item")}
    return render(request, "planning/trigger_list.html", context)


@login_required
def trigger_add(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client, _access = client_for(request.user, client_id, write=True)
    form = TriggerForm(request.POST or None, strategies=_strategies(client))
    if request.method == "POST" and form.is_valid():
        trigger_create(actor=request.user, client=client, **form.record_data())
        return _saved(request, client)
    return render(request, "planning/trigger_form.html", {"client": client, "form": form})


@login_required
def trigger_edit(request: AuthedRequest, trigger_id: UUID) -> HttpResponse:
    trigger, _access = trigger_for(request.user, trigger_id, write=True)
    strategies = _strategies(trigger.client)
    edit = versioned_edit(
        request,
        current=trigger,
        make_form=lambda data, row: TriggerForm(data, instance=row, strategies=strategies),
        save=lambda form: trigger_update(
            actor=request.user, trigger=trigger, based_on=form.based_on, **form.record_data()
        ),
    )
    if edit.saved:
        return _saved(request, trigger.client)
    context = {"client": trigger.client, "trigger": trigger, **edit.context()}
    return render(request, "planning/trigger_form.html", context, status=edit.status)


@login_required
@require_POST
def trigger_remove(request: AuthedRequest, trigger_id: UUID) -> HttpResponse:
    trigger, _access = trigger_for(request.user, trigger_id, write=True)
    removal = record_remove(
        actor=request.user,
        record=trigger,
        kind=Removal.Kind.TRIGGER,
        back_name="planning:trigger_list",
        back_id=trigger.client.public_id,
    )
    return removed(request, removal, "Taken off the list.")
