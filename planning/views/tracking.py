"""Check-ins, questionnaires and the risk safety net.

Check-ins and questionnaire answers are the client's own: only they write them. The care team
reads the numbers and scores, and a check-in note only when the client shared it.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from config.ratelimits import rate_limit

from .. import measures, pdf
from ..access import (
    Access,
    AuthedRequest,
    audited_read,
    client_for,
    client_required,
    clinic_of,
    clinician_required,
    measure_assignment_for,
    measure_response_for,
    org_admin_required,
    own_client,
    own_client_for,
    risk_flag_for,
)
from ..forms.tracking import (
    CheckInForm,
    MeasureAnswerForm,
    MeasureAssignForm,
    MeasureWithdrawForm,
    RiskFlagAcknowledgeForm,
    RiskRulesForm,
)
from ..models import Client, MeasureResponse
from ..progress import progress_for
from ..services.crisis_lines import crisis_lines_for
from ..services.tracking import (
    AlreadySubmitted,
    check_in_create,
    measure_assign,
    measure_response_open,
    measure_response_save,
    measure_response_withdraw,
    measure_stop,
    risk_flag_acknowledge,
    risk_rules_for,
    risk_rules_save,
)


@login_required
@audited_read("check_ins")
def check_in_list(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client, access = client_for(request.user, client_id)
    check_ins = client.check_ins.all()[:52]
    context = {"client": client, "access": access, "check_ins": check_ins}
    return render(request, "planning/check_in_list.html", context)


@login_required
def check_in_add(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client, _access = own_client_for(request.user, client_id)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _check_in, flag = check_in_create(actor=request.user, client=client, **form.cleaned_data)
        if flag is not None:
            return redirect("planning:support")
        messages.success(request, "Thank you for checking in. Every week you note counts, rest weeks too.")
        return redirect("planning:client_home")
    return render(request, "planning/check_in_form.html", {"client": client, "form": form})


def _measures_page(request: AuthedRequest, client: Client, access: Access, form: MeasureAssignForm) -> HttpResponse:
    responses = client.measure_responses.exclude(status=MeasureResponse.Status.DRAFT).select_related("assignment")
    context = {
        "client": client,
        "access": access,
        "form": form,
        "assignments": client.measure_assignments.filter(is_active=True),
        "responses": responses,
        "instruments": measures.all_instruments(),
    }
    return render(request, "planning/measures.html", context)


@login_required
@clinician_required
@audited_read("measures")
def measure_list(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client, access = client_for(request.user, client_id)
    return _measures_page(request, client, access, MeasureAssignForm())


@login_required
@clinician_required
@require_POST
def measure_add(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client, access = client_for(request.user, client_id, write=True)
    form = MeasureAssignForm(request.POST)
    if not form.is_valid():
        return _measures_page(request, client, access, form)
    measure_assign(actor=request.user, client=client, **form.cleaned_data)
    messages.success(request, "Saved. The client will see it on their home page when it is ready.")
    return redirect("planning:measure_list", client_id=client.public_id)


@login_required
@clinician_required
@require_POST
def measure_assignment_stop(request: AuthedRequest, assignment_id: UUID) -> HttpResponse:
    assignment, _access = measure_assignment_for(request.user, assignment_id, write=True)
    measure_stop(actor=request.user, assignment=assignment)
    messages.success(request, "No longer asked for. Earlier answers are kept.")
    return redirect("planning:measure_list", client_id=assignment.client.public_id)


@login_required
@client_required
@require_POST
def measure_start(request: AuthedRequest, assignment_id: UUID) -> HttpResponse:
    assignment, _access = measure_assignment_for(request.user, assignment_id, write=True)
    if not assignment.is_active:
        raise Http404
    response = measure_response_open(actor=request.user, assignment=assignment)
    return redirect("planning:measure_response", response_id=response.public_id)


@login_required
@audited_read("measure_response")
def measure_response(request: AuthedRequest, response_id: UUID) -> HttpResponse:
    response, access = measure_response_for(request.user, response_id, write=request.method == "POST")
    if response.status != MeasureResponse.Status.DRAFT or not access.is_own:
        if request.method == "POST":
            messages.info(request, "This questionnaire was already sent, so it stays as it is.")
            return redirect("planning:measure_response", response_id=response.public_id)
        return render(request, "planning/measure_result.html", {"response": response, "access": access})
    form = MeasureAnswerForm(request.POST or None, response=response)
    if request.method == "POST" and form.is_valid():
        try:
            _saved, flag = measure_response_save(
                actor=request.user, response=response, answers=form.answers(), submit=form.submitting
            )
        except AlreadySubmitted:
            messages.info(request, "This questionnaire was already sent, so it stays as it is.")
            return redirect("planning:measure_response", response_id=response.public_id)
        if flag is not None:
            return redirect("planning:support")
        messages.success(request, "Thank you. Sent to your care team." if form.submitting else "Saved for later.")
        return redirect("planning:client_home")
    return render(request, "planning/measure_form.html", {"response": response, "form": form})


@login_required
@clinician_required
def measure_withdraw(request: AuthedRequest, response_id: UUID) -> HttpResponse:
    response, _access = measure_response_for(request.user, response_id, write=True)
    form = MeasureWithdrawForm(request.POST or None)
    if response.status != MeasureResponse.Status.SUBMITTED:
        messages.info(request, "Only a sent questionnaire can be withdrawn.")
        return redirect("planning:measure_list", client_id=response.client.public_id)
    if request.method == "POST" and form.is_valid():
        measure_response_withdraw(actor=request.user, response=response, reason=form.cleaned_data["reason"])
        messages.success(request, "Withdrawn. It stays on record, out of scores and charts.")
        return redirect("planning:measure_list", client_id=response.client.public_id)
    return render(request, "planning/measure_withdraw.html", {"response": response, "form": form})


@login_required
@audited_read("progress")
def progress(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client, access = client_for(request.user, client_id)
    drawn = progress_for(client, audience="client" if access.is_own else "care_team")
    return render(request, "planning/progress.html", {"client": client, "access": access, "progress": drawn})


@login_required
@rate_limit("pdf")
@audited_read("progress_pdf")
def progress_pdf(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client, access = client_for(request.user, client_id)
    drawn = progress_for(client, audience="client" if access.is_own else "care_team")
    return pdf.pdf_response(pdf.progress_pdf(client=client, progress=drawn), "stepwise-progress.pdf")


@login_required
@client_required
def support(request: AuthedRequest) -> HttpResponse:
    """The calm page a client sees when an answer signals risk: their own plan, people and lines first."""
    client, access = own_client(request.user)
    _plan, version = client.current_safety_plan()
    context = {
        "client": client,
        "access": access,
        "version": version,
        "crisis_lines": crisis_lines_for(client.organization),
    }
    return render(request, "planning/support.html", context)


@login_required
@clinician_required
@audited_read("risk_flag")
def risk_flag_detail(request: AuthedRequest, flag_id: UUID) -> HttpResponse:
    flag, _access = risk_flag_for(request.user, flag_id, write=request.method == "POST")
    form = RiskFlagAcknowledgeForm(request.POST or None)
    if flag.acknowledged_at is None and request.method == "POST" and form.is_valid():
        risk_flag_acknowledge(actor=request.user, flag=flag, **form.cleaned_data)
        messages.success(request, "Thank you. The flag is cleared for the whole care team.")
        return redirect("planning:caseload")
    return render(request, "planning/risk_flag.html", {"flag": flag, "client": flag.client, "form": form})


@login_required
@org_admin_required
def org_risk_rules(request: AuthedRequest) -> HttpResponse:
    organization = clinic_of(request.user)
    form = RiskRulesForm(request.POST or None, instance=risk_rules_for(organization))
    if request.method == "POST" and form.is_valid():
        risk_rules_save(actor=request.user, organization=organization, **form.cleaned_data)
        messages.success(request, "Saved. The rules apply from now on.")
        return redirect("planning:org_risk_rules")
    return render(request, "planning/org_risk_rules.html", {"form": form})
