"""The client's reminders: one form to choose them, and one tap to pause, resume or turn them all off."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..access import AuthedRequest, client_required, own_client
from ..forms.reminders import ReminderForm
from ..models.reminders import time_zone_names
from ..services.reminders import reminder_of, reminder_save, reminder_set_paused, reminder_turn_off


@login_required
@client_required
def reminders(request: AuthedRequest) -> HttpResponse:
    client, _access = own_client(request.user)
    reminder = reminder_of(client)
    form = ReminderForm(request.POST or None, client=client, initial=ReminderForm.initial_from(reminder))
    if request.method == "POST" and form.is_valid():
        reminder = reminder_save(actor=request.user, client=client, **form.cleaned_data)
        messages.success(request, "Saved. Your reminders follow what you chose." if reminder.is_on() else "Saved.")
        return redirect("planning:reminders")
    context = {"client": client, "reminder": reminder, "form": form, "time_zones": sorted(time_zone_names())}
    return render(request, "planning/reminders.html", context)


@login_required
@client_required
@require_POST
def reminders_pause(request: AuthedRequest) -> HttpResponse:
    client, _access = own_client(request.user)
    reminder_set_paused(actor=request.user, client=client, paused=True)
    messages.success(request, "Reminders are paused. Resume them whenever you like.")
    return redirect("planning:reminders")


@login_required
@client_required
@require_POST
def reminders_resume(request: AuthedRequest) -> HttpResponse:
    client, _access = own_client(request.user)
    reminder_set_paused(actor=request.user, client=client, paused=False)
    messages.success(request, "Reminders are back on, from the next one.")
    return redirect("planning:reminders")


@login_required
@client_required
@require_POST
def reminders_off(request: AuthedRequest) -> HttpResponse:
    client, _access = own_client(request.user)
    reminder_turn_off(actor=request.user, client=client)
    messages.success(request, "All reminders are off. Nothing more will be sent.")
    return redirect("planning:reminders")
