"""Organisation admin pages: clinicians, care-team assignments and the audit log.

Admins manage people, never clinical content: these pages show names and access only.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from config.ratelimits import rate_limit

from ..access import (
    AuthedRequest,
    admin_of_clinic_for,
    audit_events_for,
    care_team_member_for,
    clinic_of,
    clinician_of_clinic_for,
    managed_client_for,
    managed_clients,
    org_admin_required,
    pending_clinician_invitations,
)
from ..audit_log import audit_lines, csv_rows, for_reading
from ..forms.caseload import CaseloadRulesForm
from ..forms.people import AuditFilterForm, CareTeamForm, ClinicianInviteForm, RetentionForm
from ..models import Role
from ..models.caseload import rules_for
from ..services.caseload import caseload_rules_save
from ..services.people import care_team_add, care_team_remove, clinician_deactivate, invitation_create
from ..services.retention import clinic_retention_save
from ..services.second_factor import second_factor_reset


@login_required
@org_admin_required
@rate_limit("invitation-send")
def org_home(request: AuthedRequest) -> HttpResponse:
    organization = clinic_of(request.user)
    form = ClinicianInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation_create(actor=request.user, role=Role.CLINICIAN, **form.cleaned_data)
        messages.success(request, "Invitation sent.")
        return redirect("planning:org_home")
    context = {
        "form": form,
        "clinicians": organization.users.filter(role=Role.CLINICIAN).order_by("-is_active", "full_name"),
        "other_admins": organization.users.filter(role=Role.ORG_ADMIN, is_active=True)
        .exclude(pk=request.user.pk)
        .order_by("full_name"),
        "pending": pending_clinician_invitations(request.user),
        "clients": managed_clients(request.user).with_editor_flag().prefetch_related("care_team__clinician"),
    }
    return render(request, "planning/org_home.html", context)


@login_required
@org_admin_required
def care_team(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client = managed_client_for(request.user, client_id)
    form = CareTeamForm(request.POST or None, organization=client.organization)
    if request.method == "POST" and form.is_valid():
        care_team_add(actor=request.user, client=client, **form.cleaned_data)
        messages.success(request, "Care team updated.")
        return redirect("planning:org_care_team", client_id=client.public_id)
    members = client.care_team.select_related("clinician")
    return render(request, "planning/org_care_team.html", {"client": client, "members": members, "form": form})


@login_required
@org_admin_required
@require_POST
def care_team_member_remove(request: AuthedRequest, member_id: UUID) -> HttpResponse:
    member = care_team_member_for(request.user, member_id)
    care_team_remove(actor=request.user, member=member)
    messages.success(request, f"{member.clinician} is no longer on this care team.")
    return redirect("planning:org_care_team", client_id=member.client.public_id)


@login_required
@org_admin_required
def audit_log(request: AuthedRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None, organization=clinic_of(request.user))
    events = form.filter(audit_events_for(request.user))
    page = Paginator(for_reading(events), 50).get_page(request.GET.get("page"))
    return render(request, "planning/org_audit.html", {"page": page, "lines": audit_lines(page), "form": form})


@login_required
@org_admin_required
def audit_log_csv(request: AuthedRequest) -> StreamingHttpResponse:
    """The audit log as CSV, with the page's filters: names, fixed words and dates, never free text."""
    form = AuditFilterForm(request.GET or None, organization=clinic_of(request.user))
    events = form.filter(audit_events_for(request.user))
    response = StreamingHttpResponse(csv_rows(events), content_type="text/csv; charset=utf-8")
    filename = f"audit-log-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@org_admin_required
def caseload_rules(request: AuthedRequest) -> HttpResponse:
    organization = clinic_of(request.user)
    form = CaseloadRulesForm(request.POST or None, instance=rules_for(organization))
    if request.method == "POST" and form.is_valid():
        caseload_rules_save(actor=request.user, organization=organization, **form.cleaned_data)
        messages.success(request, "Saved. Every caseload in the clinic uses these from now on.")
        return redirect("planning:org_caseload_rules")
    return render(request, "planning/org_caseload_rules.html", {"form": form})


@login_required
@org_admin_required
def retention(request: AuthedRequest) -> HttpResponse:
    """How many years the clinic keeps a closed account's records before they are erased."""
    organization = clinic_of(request.user)
    form = RetentionForm(request.POST or None, initial={"years": organization.closed_records_kept_years})
    if request.method == "POST" and form.is_valid():
        clinic_retention_save(actor=request.user, years=form.cleaned_data["years"])
        messages.success(request, "Saved.")
        return redirect("planning:org_retention")
    return render(request, "planning/org_retention.html", {"form": form, "organization": organization})


@login_required
@org_admin_required
@require_POST
def clinician_deactivate_view(request: AuthedRequest, clinician_id: UUID) -> HttpResponse:
    """Close a departing clinician's account: no more sign-in, off every care team, everything they wrote kept."""
    clinician = clinician_of_clinic_for(request.user, clinician_id)
    left = clinician_deactivate(actor=request.user, clinician=clinician)
    messages.success(
        request,
        f"{clinician} can no longer sign in and left {left} care team{'s' if left != 1 else ''}. "
        "Everything they wrote stays, under their name.",
    )
    return redirect("planning:org_home")


@login_required
@org_admin_required
@require_POST
def clinician_two_factor_reset(request: AuthedRequest, clinician_id: UUID) -> HttpResponse:
    """A clinician lost their phone and codes: clear their two-step sign-in and sign them out everywhere."""
    clinician = clinician_of_clinic_for(request.user, clinician_id)
    second_factor_reset(actor=request.user, person=clinician)
    messages.success(
        request,
        f"{clinician}'s two-step sign-in is reset and they are signed out everywhere. "
        "Next time they sign in, Stepwise helps them set up their app again.",
    )
    return redirect("planning:org_home")


@login_required
@org_admin_required
@require_POST
def admin_two_factor_reset(request: AuthedRequest, admin_id: UUID) -> HttpResponse:
    """Another admin of the clinic lost their phone and codes: the same reset as a clinician's. Never one's own."""
    admin = admin_of_clinic_for(request.user, admin_id)
    if admin.pk == request.user.pk:
        raise PermissionDenied("Another admin of the clinic resets your two-step sign-in")
    second_factor_reset(actor=request.user, person=admin)
    messages.success(
        request,
        f"{admin}'s two-step sign-in is reset and they are signed out everywhere. "
        "Next time they sign in, Stepwise helps them set up their app again.",
    )
    return redirect("planning:org_home")
