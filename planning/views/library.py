"""Linking the library into a client's plan: "add from the library" on a ladder, and attaching
coping skills and conversation ideas to a step, a trigger or the safety plan's coping list.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from content.models import Area, Setting

from ..access import client_for, goal_for, step_for, trigger_for
from ..forms.library import LibraryLinksForm, StepTemplateForm
from ..services.library import attachable_for, library_links_set, step_add_from_template, step_templates_for
from ..services.safety import safety_plan_current


@login_required
def step_from_library(request: HttpRequest, goal_id: UUID) -> HttpResponse:
    goal = goal_for(request.user, goal_id, write=True)
    client = goal.plan.client
    templates = step_templates_for(client)
    form = StepTemplateForm(request.POST or None, choices=templates)
    if request.method == "POST" and form.is_valid():
        step = step_add_from_template(actor=request.user, goal=goal, template=form.cleaned_data["template"])  # type: ignore[arg-type]
        messages.success(request, "Added to the ladder. Change anything you like so it fits.")
        return redirect("planning:step_edit", step_id=step.public_id)
    setting, area = request.GET.get("setting", ""), request.GET.get("area", "")
    if setting in Setting.values:
        templates = templates.filter(setting=setting)
    if area in Area.values:
        templates = templates.filter(area=area)
    context = {"goal": goal, "client": client, "templates": templates, "form": form, "setting": setting,
               "area": area, "settings": Setting.choices, "areas": Area.choices}  # fmt: skip
    return render(request, "planning/library_step_templates.html", context)


def _links_page(request: HttpRequest, *, client: Any, target: Any, heading: str, back: str) -> HttpResponse:
    choices = attachable_for(client)
    initial = [link.item.public_id for link in target.library_links.select_related("item")]
    form = LibraryLinksForm(request.POST or None, choices=choices, initial={"items": initial})
    if request.method == "POST" and form.is_valid():
        library_links_set(actor=request.user, client=client, target=target, items=form.cleaned_data["items"])  # type: ignore[arg-type]
        messages.success(request, "Saved. The chosen skills and ideas now show there, one tap away.")
        return redirect(back)
    context = {"client": client, "form": form, "heading": heading, "back": back}
    return render(request, "planning/library_links_form.html", context)


@login_required
def step_library(request: HttpRequest, step_id: UUID) -> HttpResponse:
    step = step_for(request.user, step_id, write=True)
    back = reverse("planning:step_detail", args=[step.public_id])
    return _links_page(request, client=step.goal.plan.client, target=step, heading=step.activity, back=back)


@login_required
def trigger_library(request: HttpRequest, client_id: UUID, trigger_id: UUID) -> HttpResponse:
    client = client_for(request.user, client_id, write=True)
    trigger = trigger_for(request.user, client, trigger_id, write=True)
    back = reverse("planning:trigger_list", args=[client.public_id])
    return _links_page(request, client=client, target=trigger, heading=trigger.name, back=back)


@login_required
def safety_plan_library(request: HttpRequest, client_id: UUID) -> HttpResponse:
    client = client_for(request.user, client_id, write=True)
    plan, _version = safety_plan_current(client)
    if plan is None:
        messages.info(request, "Start the plan first, then you can add skills from the library to it.")
        return redirect("planning:safety_plan_edit", client_id=client.public_id)
    back = reverse("planning:safety_plan", args=[client.public_id])
    return _links_page(request, client=client, target=plan, heading="Things I can do on my own to settle", back=back)
