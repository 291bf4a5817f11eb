"""The safety plan: read, co-edit with versions, review, and print (HTML print sheet and PDFs).

Nothing on these pages uses the cache or Celery: they must load with only the database up.
"""

from __future__ import annotations

from copy import copy
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import pdf
from ..access import (
    AuthedRequest,
    can_write,
    client_for,
    client_required,
    clinician_required,
    crisis_line_for,
    org_admin_required,
    own_client,
    safety_plan_version_for,
)
from ..forms.safety import CrisisLineForm, SafetyItemForm, SafetyPlanForm
from ..models import Client
from ..models.safety import SAFETY_SECTIONS
from ..services.safety import (
    StaleSafetyPlan,
    compare_versions,
    crisis_line_delete,
    crisis_line_save,
    crisis_lines_for,
    crisis_lines_seed,
    safety_plan_add_line,
    safety_plan_current,
    safety_plan_mark_reviewed,
    safety_plan_restore,
    safety_plan_save,
)


def _plan_page(request: AuthedRequest, client: Client, **extra: Any) -> HttpResponse:
    plan, version = safety_plan_current(client)
    context = {
        "client": client,
        "plan": plan,
        "version": version,
        "sections": version.sections() if version else [(spec, []) for spec in SAFETY_SECTIONS],
        "crisis_lines": crisis_lines_for(client.organization),
        "can_write": can_write(request.user, client),
        "is_own": client.user_id == request.user.pk,
        "review_outdated": bool(plan and version and plan.reviewed_number != version.number),
        **extra,
    }
    return render(request, "planning/safety_plan.html", context)


@login_required
@client_required
def my_safety_plan(request: AuthedRequest) -> HttpResponse:
    """The client's one-click link from every page header."""
    return _plan_page(request, own_client(request.user))


@login_required
def safety_plan(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    return _plan_page(request, client_for(request.user, client_id))


@login_required
def safety_plan_edit(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client = client_for(request.user, client_id, write=True)
    _plan, current = safety_plan_current(client)
    form = SafetyPlanForm(request.POST or None, version=current)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            version = safety_plan_save(
                actor=request.user,
                client=client,
                content=form.content(),
                base_number=form.cleaned_data["base_number"],
            )
        except StaleSafetyPlan as stale:
            conflict = stale.current
            # Keep every word typed; saving again now is a deliberate choice over the newer version.
            data = request.POST.copy()
            data["base_number"] = str(conflict.number)
            form = SafetyPlanForm(data, version=current)
        else:
            messages.success(request, f"Saved. This is version {version.number} of the plan.")
            return redirect("planning:safety_plan", client_id=client.public_id)
    context = {"client": client, "form": form, "current": current, "conflict": conflict}
    return render(request, "planning/safety_plan_edit.html", context, status=409 if conflict else 200)


@login_required
@require_POST
def safety_plan_add_item(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    """Add one line to one section; with htmx only that section is redrawn."""
    client = client_for(request.user, client_id, write=True)
    _plan, current = safety_plan_current(client)
    form = SafetyItemForm(request.POST, version=current)
    if form.is_valid():
        section = form.cleaned_data["section"]
        safety_plan_add_line(actor=request.user, client=client, section=section, text=form.cleaned_data["text"])
        if not request.htmx:  # type: ignore[attr-defined]
            messages.success(request, "Added to your plan.")
            return redirect("planning:safety_plan", client_id=client.public_id)
        return _section(request, client, section, added=True)
    if "section" in form.errors:
        raise Http404  # not a list section of the plan
    quick_add = {"section": form.data.get("section"), "text": form.data.get("text", ""), "error": form.first_error()}
    if not request.htmx:  # type: ignore[attr-defined]
        return _plan_page(request, client, quick_add=quick_add)
    return _section(request, client, str(quick_add["section"]), quick_add=quick_add)


def _section(request: AuthedRequest, client: Client, key: str, **extra: Any) -> HttpResponse:
    plan, version = safety_plan_current(client)
    number, spec = next((n, s) for n, s in enumerate(SAFETY_SECTIONS, 1) if s.key == key)
    context = {
        "client": client,
        "plan": plan,
        "version": version,
        "spec": spec,
        "items": version.items(key) if version else [],
        "number": number,
        "can_write": True,
        **extra,
    }
    return render(request, "planning/_safety_section.html", context)


@login_required
def safety_plan_versions(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    plan, current = safety_plan_current(client)
    versions = plan.versions.select_related("author") if plan else []
    context = {"client": client, "plan": plan, "current": current, "versions": versions}
    return render(request, "planning/safety_versions.html", context)


@login_required
def safety_plan_version(request: AuthedRequest, client_id: UUID, version_id: UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    version = safety_plan_version_for(request.user, client, version_id)
    _plan, current = safety_plan_current(client)
    context = {
        "client": client,
        "version": version,
        "current": current,
        "comparison": compare_versions(version, current) if current else [],
        "can_write": can_write(request.user, client),
    }
    return render(request, "planning/safety_version.html", context)


@login_required
@require_POST
def safety_plan_version_restore(request: AuthedRequest, client_id: UUID, version_id: UUID) -> HttpResponse:
    client = client_for(request.user, client_id, write=True)
    version = safety_plan_version_for(request.user, client, version_id)
    restored = safety_plan_restore(actor=request.user, client=client, version=version)
    messages.success(request, f"Version {version.number} is back, saved as version {restored.number}.")
    return redirect("planning:safety_plan", client_id=client.public_id)


@login_required
@clinician_required
@require_POST
def safety_plan_review(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client = client_for(request.user, client_id, write=True)
    plan, _version = safety_plan_current(client)
    if plan is None:
        raise Http404
    safety_plan_mark_reviewed(actor=request.user, client=client, plan=plan)
    messages.success(request, "Marked as reviewed today.")
    return redirect("planning:safety_plan", client_id=client.public_id)


@login_required
def safety_plan_pdf(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    _plan, version = safety_plan_current(client)
    body = pdf.safety_plan_pdf(client=client, version=version, crisis_lines=crisis_lines_for(client.organization))
    return pdf.pdf_response(body, "stepwise-plan.pdf")


@login_required
def safety_plan_card_pdf(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    _plan, version = safety_plan_current(client)
    body = pdf.wallet_card_pdf(client=client, version=version, crisis_lines=crisis_lines_for(client.organization))
    return pdf.pdf_response(body, "stepwise-card.pdf")


# The clinic's crisis lines, kept by its organisation admin.


@login_required
@org_admin_required
def org_crisis_lines(request: AuthedRequest) -> HttpResponse:
    organization = request.user.organization
    if request.method == "POST" and "adopt" in request.POST:
        crisis_lines_seed(organization=organization, actor=request.user)  # type: ignore[arg-type]
        messages.success(request, "The standard lines are now your clinic's own to check and change.")
        return redirect("planning:org_crisis_lines")
    form = CrisisLineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        crisis_line_save(actor=request.user, line=form.instance, changed=form.changed_data)
        messages.success(request, "Added. It now prints on every plan.")
        return redirect("planning:org_crisis_lines")
    context = {
        "form": form,
        "lines": crisis_lines_for(organization),  # type: ignore[arg-type]
        "using_defaults": not organization.crisis_lines.exists(),  # type: ignore[union-attr]
    }
    return render(request, "planning/safety_crisis_lines.html", context)


@login_required
@org_admin_required
def org_crisis_line_edit(request: AuthedRequest, line_id: UUID) -> HttpResponse:
    line = crisis_line_for(request.user, line_id)
    form = CrisisLineForm(request.POST or None, instance=copy(line))
    if request.method == "POST" and form.is_valid():
        crisis_line_save(actor=request.user, line=form.instance, changed=form.changed_data)
        messages.success(request, "Saved.")
        return redirect("planning:org_crisis_lines")
    return render(request, "planning/safety_crisis_line_edit.html", {"form": form, "line": line})


@login_required
@org_admin_required
@require_POST
def org_crisis_line_remove(request: AuthedRequest, line_id: UUID) -> HttpResponse:
    line = crisis_line_for(request.user, line_id)
    crisis_line_delete(actor=request.user, line=line)
    messages.success(request, "Removed from the plans.")
    return redirect("planning:org_crisis_lines")
