"""Signing in, invitations, the role-based home redirect and the neutral "leave quickly" page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ..access import AuthedRequest
from ..forms.people import AcceptInvitationForm
from ..models import Role
from ..services.people import InvitationError, invitation_accept, invitation_from_token

HOME_BY_ROLE: dict[str, str] = {
    Role.CLINICIAN: "planning:caseload",
    Role.CLIENT: "planning:client_home",
    Role.ORG_ADMIN: "planning:org_home",
}


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """Send each person to their own start page."""
    destination = HOME_BY_ROLE.get(request.user.role)
    if destination is None:
        return redirect("admin:index") if request.user.is_staff else render(request, "planning/no_role.html")
    return redirect(destination)


@never_cache
@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = invitation_from_token(token)
    except InvitationError as error:
        return render(request, "registration/invitation_invalid.html", {"message": error.message}, status=error.status)
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(invitation=invitation, password=form.cleaned_data["password1"])
        except InvitationError as error:
            return render(
                request, "registration/invitation_invalid.html", {"message": error.message}, status=error.status
            )
        logout(request)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome to Stepwise. Your password is set.")
        return redirect("planning:home")
    return render(request, "registration/accept_invitation.html", {"form": form, "invitation": invitation})


def leave_quickly(request: HttpRequest) -> HttpResponse:
    """Sign out and show a plain, unrelated page; reached by the "Leave quickly" control."""
    logout(request)
    return render(request, "leave_quickly.html")
