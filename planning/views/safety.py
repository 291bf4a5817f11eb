"""The safety plan: read, co-edit with versions, review, and print (HTML print sheet and PDFs).

These pages must load with only the database up: the cache only serves kept copies of the page and
its PDFs (config/kept_pages.py), drawn as usual while it is down, and nothing here waits on Celery.
"""

from __future__ import annotations

from copy import copy
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config.kept_pages import OWN, kept_download, kept_page, stamp_read_with
from config.ratelimits import rate_limit

from .. import pdf
from ..access import (
    Access,
    AuthedRequest,
    audited_read,
    client_for,
    client_required,
    clinic_of,
    clinician_required,
    crisis_line_for,
    org_admin_required,
    own_client,
    safety_plan_version_for,
)
from ..forms.safety import (
    CardChoiceForm,
    ClinicDetailsForm,
    CrisisLineForm,
    SafetyItemForm,
    SafetyLineForm,
    SafetyPlanForm,
)
from ..models import Client, CrisisLine
from ..models.safety import SAFETY_SECTIONS, CardChoice
from ..services.crisis_lines import (
    clinic_details_save,
    crisis_line_delete,
    crisis_line_save,
    crisis_lines_for,
    crisis_lines_seed,
)
from ..services.removals import safety_plan_line_remove
from ..services.safety_plan import (
    safety_plan_add_line,
    safety_plan_choose_card,
    safety_plan_mark_reviewed,
    safety_plan_restore,
    safety_plan_save,
)
from ..versioning import StaleEdit, versioned_edit
from .removals import removed


def _plan_page(request: AuthedRequest, client: Client, access: Access) -> HttpResponse:
    """The safety plan page, kept until the clinic records a change (config/kept_pages.py); drawn with Redis down."""
    draw = lambda: _draw_plan_page(request, client, access)  # noqa: E731
    return kept_page(request, "safety_plan", draw, about=client.pk, stamp=stamp_read_with(client))


def _draw_plan_page(request: AuthedRequest, client: Client, access: Access, **extra: Any) -> HttpResponse:
    plan, version = client.current_safety_plan()
    context = {
        "client": client,
        "access": access,
        "plan": plan,
        "version": version,
        "sections": version.sections() if version else [(spec, []) for spec in SAFETY_SECTIONS],
        "crisis_lines": crisis_lines_for(client.organization),
        "review_outdated": bool(plan and version and plan.reviewed_number != version.number),
        **extra,
    }
    return render(request, "planning/safety_plan.html", context)


@login_required
@client_required
def my_safety_plan(request: AuthedRequest) -> HttpResponse:
    """The client's one-click link from every page header (kept like client_home, own_client when drawn)."""
    draw = lambda: _draw_plan_page(request, *own_client(request.user))  # noqa: E731
    return kept_page(request, "safety_plan", draw, about=OWN)


@login_required
@audited_read("safety_plan", at_access=True)
def safety_plan(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    return _plan_page(request, *client_for(request.user, client_id, with_stamp=True))


@login_required
def safety_plan_edit(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client, _access = client_for(request.user, client_id, write=True)
    plan, current = client.current_safety_plan()
    edit = versioned_edit(
        request,
        current=plan,
        make_form=lambda data, row: SafetyPlanForm(data, plan=row),
        save=lambda form: safety_plan_save(
            actor=request.user, client=client, based_on=form.based_on, content=form.content()
        ),
    )
    if edit.saved:
        messages.success(request, f"Saved. This is version {edit.saved.number} of the plan.")
        return redirect("planning:safety_plan", client_id=client.public_id)
    context = {"client": client, "current": current, **edit.context()}
    return render(request, "planning/safety_plan_edit.html", context, status=edit.status)


@login_required
@require_POST
def safety_plan_add_item(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    """Add one line to one section; with htmx only that section is redrawn."""
    client, access = client_for(request.user, client_id, write=True)
    _plan, current = client.current_safety_plan()
    form = SafetyItemForm(request.POST, version=current)
    if form.is_valid():
        section = form.cleaned_data["section"]
        safety_plan_add_line(actor=request.user, client=client, section=section, text=form.cleaned_data["text"])
        if not request.htmx:  # type: ignore[attr-defined]
            messages.success(request, "Added to your plan.")
            return redirect("planning:safety_plan", client_id=client.public_id)
        return _section(request, client, access, section, added=True)
    if "section" in form.errors:
        raise Http404  # not a list section of the plan
    quick_add = {"section": form.data.get("section"), "text": form.data.get("text", ""), "error": form.first_error()}
    if not request.htmx:  # type: ignore[attr-defined]
        return _draw_plan_page(request, client, access, quick_add=quick_add)
    return _section(request, client, access, str(quick_add["section"]), quick_add=quick_add)


@login_required
@require_POST
def safety_plan_remove_item(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    """Take one line off the plan (a new version), with an undo; a plan changed since the page opened is left alone."""
    client, _access = client_for(request.user, client_id, write=True)
    form = SafetyLineForm(request.POST)
    if not form.is_valid():
        raise Http404  # not a line of this plan's sections
    try:
        removal = safety_plan_line_remove(actor=request.user, client=client, **form.cleaned_data)
    except (StaleEdit, IndexError):
        messages.info(
            request, "The plan changed since this page opened, so nothing was removed. Here is the newest version."
        )
        return redirect("planning:safety_plan", client_id=client.public_id)
    return removed(request, removal, "The line is off the safety plan.")


def _section(request: AuthedRequest, client: Client, access: Access, key: str, **extra: Any) -> HttpResponse:
    plan, version = client.current_safety_plan()
    number, spec = next((n, s) for n, s in enumerate(SAFETY_SECTIONS, 1) if s.key == key)
    context = {
        "client": client,
        "access": access,
        "plan": plan,
        "version": version,
        "spec": spec,
        "items": version.items(key) if version else [],
        "number": number,
        **extra,
    }
    return render(request, "planning/_safety_section.html", context)


@login_required
@audited_read("safety_plan_versions")
def safety_plan_versions(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client, _access = client_for(request.user, client_id)
    plan, current = client.current_safety_plan()
    versions = plan.versions.select_related("author") if plan else []
    context = {"client": client, "plan": plan, "current": current, "versions": versions}
    return render(request, "planning/safety_versions.html", context)


@login_required
@audited_read("safety_plan_version")
def safety_plan_version(request: AuthedRequest, version_id: UUID) -> HttpResponse:
    version, access = safety_plan_version_for(request.user, version_id)
    client = version.client
    _plan, current = client.current_safety_plan()
    context = {
        "client": client,
        "access": access,
        "version": version,
        "current": current,
        "comparison": version.compare_with(current) if current else [],
    }
    return render(request, "planning/safety_version.html", context)


@login_required
@require_POST
def safety_plan_version_restore(request: AuthedRequest, version_id: UUID) -> HttpResponse:
    version, _access = safety_plan_version_for(request.user, version_id, write=True)
    restored = safety_plan_restore(actor=request.user, version=version)
    messages.success(request, f"Version {version.number} is back, saved as version {restored.number}.")
    return redirect("planning:safety_plan", client_id=version.client.public_id)


@login_required
@clinician_required
@require_POST
def safety_plan_review(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client, _access = client_for(request.user, client_id, write=True)
    plan, _version = client.current_safety_plan()
    if plan is None:
        raise Http404
    safety_plan_mark_reviewed(actor=request.user, plan=plan)
    messages.success(request, "Marked as reviewed today.")
    return redirect("planning:safety_plan", client_id=client.public_id)


@login_required
@require_safe  # a download; the plan's PDF is kept on first GET, never by a post
@rate_limit("pdf")
@audited_read("safety_plan_pdf")
def safety_plan_pdf(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    """The whole plan as a PDF: kept in the cache until the clinic records a change or the day ends."""
    client, _access = client_for(request.user, client_id)
    return kept_download(request, "plan_pdf", lambda: _draw_plan_pdf(client), about=client.pk)


def _draw_plan_pdf(client: Client) -> HttpResponse:
    _plan, version = client.current_safety_plan()
    body = pdf.kept_safety_plan_pdf(client=client, version=version, crisis_lines=crisis_lines_for(client.organization))
    return pdf.pdf_response(body, "stepwise-plan.pdf")


@login_required
@require_safe
@rate_limit("pdf")
@audited_read("wallet_card_pdf")
def safety_plan_card_pdf(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    """The wallet card as the client chose it (everything, until they choose), on an A4 or Letter sheet.

    Kept like the plan's PDF: a new choice of lines is a recorded change too (safety_plan_choose_card).
    """
    client, _access = client_for(request.user, client_id)
    return kept_download(request, "card_pdf", lambda: _draw_card_pdf(client), about=client.pk)


def _draw_card_pdf(client: Client) -> HttpResponse:
    plan, version = client.current_safety_plan()
    choice = plan.card_choice() if plan else CardChoice.from_json(None)
    lines = crisis_lines_for(client.organization)
    body = pdf.kept_wallet_card_pdf(client=client, version=version, crisis_lines=lines, choice=choice)
    return pdf.pdf_response(body, "stepwise-card.pdf")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@audited_read("wallet_card")
def safety_plan_card(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    """Choose what goes on the wallet card, with a preview of the card as it will print.

    A GET with choices (htmx on every tick, or the "Show the preview" button) previews them and saves
    nothing; a POST keeps them for every later download.
    """
    client, access = client_for(request.user, client_id, write=request.method == "POST")
    plan, current = client.current_safety_plan()
    data = request.POST if request.method == "POST" else request.GET if "version" in request.GET else None
    shown = (plan.version_numbered(data["version"]) if plan and data else None) or current
    stored = plan.card_choice() if plan else CardChoice.from_json(None)
    lines = crisis_lines_for(client.organization)
    form = CardChoiceForm(data, version=shown, choice=stored, **_card_offer(client, lines))
    choice = form.choice() if form.is_valid() else stored
    if request.method == "POST" and form.is_valid():
        safety_plan_choose_card(actor=request.user, client=client, choice=choice)
        messages.success(request, "Saved. Your wallet card will print like the preview.")
        return redirect("planning:safety_plan_card", client_id=client.public_id)
    card, _document = pdf.wallet_card_layout(client=client, version=shown, crisis_lines=lines, choice=choice)
    context = {"client": client, "access": access, "form": form, "card": card, "version": shown, "saved": data is None}
    context["paper"] = pdf.paper_for(card.country)
    template = "planning/_wallet_card_preview.html" if request.htmx else "planning/safety_plan_card.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _card_offer(client: Client, lines: list[CrisisLine]) -> dict[str, Any]:
    """What the card form offers beyond the plan's lines: the clinic's number and the crisis lines of its country."""
    organization = client.organization
    country = pdf.clinic_country(organization, lines)
    return {
        "clinic": f"{organization.name}: {organization.phone}" if organization.phone else "",
        "country": country,
        "has_crisis_line": bool(pdf.lines_of_country(lines, country)),
    }


# The clinic's crisis lines, kept by its organisation admin.


@login_required
@org_admin_required
def org_crisis_lines(request: AuthedRequest) -> HttpResponse:
    organization = clinic_of(request.user)
    if request.method == "POST" and "adopt" in request.POST:
        crisis_lines_seed(organization=organization, actor=request.user)
        messages.success(request, "The standard lines are now your clinic's own to check and change.")
        return redirect("planning:org_crisis_lines")
    form = CrisisLineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        crisis_line_save(actor=request.user, line=None, **form.cleaned_data)
        messages.success(request, "Added. It now prints on every plan.")
        return redirect("planning:org_crisis_lines")
    context = {
        "form": form,
        "lines": crisis_lines_for(organization),
        "using_defaults": not organization.crisis_lines.exists(),
        "clinic_form": ClinicDetailsForm(initial={"country": organization.country, "phone": organization.phone}),
    }
    return render(request, "planning/safety_crisis_lines.html", context)


@login_required
@org_admin_required
def org_clinic_details(request: AuthedRequest) -> HttpResponse:
    """The clinic's country and number, which decide what its clients' wallet cards print."""
    organization = clinic_of(request.user)
    initial = {"country": organization.country, "phone": organization.phone}
    form = ClinicDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        clinic_details_save(actor=request.user, **form.cleaned_data)
        messages.success(request, "Saved. Wallet cards now print with these.")
        return redirect("planning:org_crisis_lines")
    return render(request, "planning/org_clinic_details.html", {"form": form})


@login_required
@org_admin_required
def org_crisis_line_edit(request: AuthedRequest, line_id: UUID) -> HttpResponse:
    line = crisis_line_for(request.user, line_id)
    form = CrisisLineForm(request.POST or None, instance=copy(line))
    if request.method == "POST" and form.is_valid():
        crisis_line_save(actor=request.user, line=line, **form.cleaned_data)
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
