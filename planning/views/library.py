"""Linking the library into a client's plan: "add from the library" on a ladder, and attaching
coping skills and conversation ideas to a step, a trigger or the safety plan's coping list.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from content.models import Area, Item, Setting

from ..access import AuthedRequest, client_for, goal_for, step_for, trigger_for
from ..forms.library import LibraryLinksForm, StepTemplateForm
from ..models import Client, SafetyPlan, Step, Trigger
from ..services.library import library_links_set, step_add_from_template


@login_required
def step_from_library(request: AuthedRequest, goal_id: UUID) -> HttpResponse:
    goal, _access = goal_for(request.user, goal_id, write=True)
    client = goal.client
    templates = Item.objects.linkable_for(client.organization_id).step_templates()
    form = StepTemplateForm(request.POST or None, choices=templates)
    if request.method == "POST" and form.is_valid():
        step = step_add_from_template(actor=request.user, goal=goal, template=form.cleaned_data["template"])
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


def _links_page(
    request: AuthedRequest, *, client: Client, target: Step | Trigger | SafetyPlan, heading: str, back: str
) -> HttpResponse:
    choices = Item.objects.linkable_for(client.organization_id).attachable()
    initial = [link.item.public_id for link in target.library_links.select_related("item")]
    form = LibraryLinksForm(request.POST or None, choices=choices, initial={"items": initial})
    if request.method == "POST" and form.is_valid():
        library_links_set(actor=request.user, target=target, items=form.cleaned_data["items"])
        messages.success(request, "Saved. The chosen skills and ideas now show there, one tap away.")
        return redirect(back)
    context = {"client": client, "form": form, "heading": heading, "back": back}
    return render(request, "planning/library_links_form.html", context)


@login_required
def step_library(request: AuthedRequest, step_id: UUID) -> HttpResponse:
    step, _access = step_for(request.user, step_id, write=True)
    back = reverse("planning:step_detail", args=[step.public_id])
    return _links_page(request, client=step.client, target=step, heading=step.activity, back=back)


@login_required
def trigger_library(request: AuthedRequest, trigger_id: UUID) -> HttpResponse:
    trigger, _access = trigger_for(request.user, trigger_id, write=True)
    back = reverse("planning:trigger_list", args=[trigger.client.public_id])
    return _links_page(request, client=trigger.client, target=trigger, heading=trigger.name, back=back)


@login_required
def safety_plan_library(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client, _access = client_for(request.user, client_id, write=True)
    plan, _version = client.current_safety_plan()
    if plan is None:
        messages.info(request, "Start the plan first, then you can add skills from the library to it.")
        return redirect("planning:safety_plan_edit", client_id=client.public_id)
    back = reverse("planning:safety_plan", args=[client.public_id])
    return _links_page(request, client=client, target=plan, heading="Things I can do on my own to settle", back=back)
