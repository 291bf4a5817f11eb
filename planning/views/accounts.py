"""Signing in and out, invitations, the role-based home redirect and leaving quickly.

Leaving quickly and signing out are POSTs: another site cannot sign a person out by linking
or embedding either address. Sign-in never carries `?next=`: an address in it would sit in the
browser's history where a clinical page was (planning.middleware.SignInWithoutNextMiddleware).
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.ratelimits import rate_limit

from ..access import AuthedRequest, client_required, own_client
from ..forms.allies import AllySignInForm
from ..forms.people import AcceptInvitationForm, ResetRequestForm, SignInForm
from ..models import Invitation, Role, User
from ..services.allies import ally_accept
from ..services.crisis_lines import crisis_lines_for
from ..services.people import (
    InvitationError,
    client_account_close,
    invitation_accept,
    invitation_from_token,
    user_sign_out_everywhere,
)
from ..services.second_factor import (
    SECOND_FACTOR_DUE,
    app_of,
    has_second_factor,
    recovery_codes_left,
    second_factor_due,
)

HOME_BY_ROLE: dict[str, str] = {
    Role.CLINICIAN: "planning:caseload",
    Role.CLIENT: "planning:client_home",
    Role.ORG_ADMIN: "planning:org_home",
    Role.ALLY: "planning:ally_home",
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
@rate_limit("invitation-accept")
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = invitation_from_token(token)
    except InvitationError as error:
        return render(request, "registration/invitation_invalid.html", {"message": error.message}, status=error.status)
    if invitation.role == Role.ALLY:
        return _accept_ally_invitation(request, invitation)
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(invitation=invitation, password=form.cleaned_data["password1"])
        except InvitationError as error:
            return render(
                request, "registration/invitation_invalid.html", {"message": error.message}, status=error.status
            )
        logout(request)
        login(request, user, backend="planning.user_cache.CachedModelBackend")
        messages.success(request, "Welcome to Stepwise. Your password is set.")
        return redirect("planning:home")
    return render(request, "registration/accept_invitation.html", {"form": form, "invitation": invitation})


def _accept_ally_invitation(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    """An ally makes their own account, or signs in with the ally account they have, and lands on their page."""
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing is not None and not existing.is_ally:
        message = (
            "This email already belongs to a Stepwise account that can't be an ally. Please ask for a new invitation."
        )
        return render(request, "registration/invitation_invalid.html", {"message": message}, status=400)
    if existing is not None and has_second_factor(existing):
        return _accept_as_signed_in_ally(request, invitation, existing)
    form: AllySignInForm | AcceptInvitationForm
    if existing is not None:
        form = AllySignInForm(request.POST or None, request=request, email=invitation.email)
    else:
        form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            if isinstance(form, AllySignInForm):
                user = cast(User, form.user)
                ally_accept(invitation=invitation, user=user)
            else:
                user = invitation_accept(invitation=invitation, password=form.cleaned_data["password1"])
        except InvitationError as error:
            refused = {"message": error.message}
            return render(request, "registration/invitation_invalid.html", refused, status=error.status)
        logout(request)
        login(request, user, backend="planning.user_cache.CachedModelBackend")
        messages.success(request, "Welcome. This is the page they chose to share with you.")
        return redirect("planning:ally_home")
    context = {"form": form, "invitation": invitation, "existing": existing is not None}
    return render(request, "registration/accept_ally_invitation.html", context)


def _accept_as_signed_in_ally(request: HttpRequest, invitation: Invitation, ally_user: User) -> HttpResponse:
    """An ally with two-step sign-in accepts from a session past both steps: a password and the link are not enough."""
    signed_in = request.user.pk == ally_user.pk and not second_factor_due(request)
    if signed_in and request.method == "POST":
        try:
            ally_accept(invitation=invitation, user=ally_user)
        except InvitationError as error:
            refused = {"message": error.message}
            return render(request, "registration/invitation_invalid.html", refused, status=error.status)
        messages.success(request, "Welcome. This is the page they chose to share with you.")
        return redirect("planning:ally_home")
    context = {"invitation": invitation, "existing": True, "sign_in_first": not signed_in}
    return render(request, "registration/accept_ally_invitation.html", context)


@method_decorator(rate_limit("sign-in"), name="dispatch")
class SignInView(auth_views.LoginView):
    """Sign in and go to one's own home page, whatever `next` a link carries."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_redirect_url(self) -> str:
        return ""

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        """Sign in with the password; whoever has or needs a second factor goes on to it (SecondFactorMiddleware)."""
        response = super().form_valid(form)
        user = form.get_user()
        if user.second_factor_required or has_second_factor(user):
            self.request.session[SECOND_FACTOR_DUE] = True
            return redirect("planning:two_factor")
        return response


@method_decorator(rate_limit("password-reset"), name="dispatch")
class ResetPasswordView(auth_views.PasswordResetView):
    """Ask for a reset link: the same message and redirect whether or not the email has an account."""

    form_class = ResetRequestForm


class SignOutView(auth_views.LogoutView):
    """Sign out on a POST only; a GET (a link, or another site) asks first and changes nothing."""

    http_method_names = ["get", "post", "options"]

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "registration/sign_out.html")


@login_required
@require_GET
def account(request: AuthedRequest) -> HttpResponse:
    """The person's own account: two-step sign-in, and where to sign out on every device at once."""
    has_app = app_of(request.user) is not None
    context = {"has_app": has_app, "codes_left": recovery_codes_left(request.user) if has_app else 0}
    return render(request, "registration/account.html", context)


@login_required
@require_POST
def sign_out_everywhere(request: AuthedRequest) -> HttpResponse:
    """End this person's sessions on every device, this one included, and go to sign-in."""
    user_sign_out_everywhere(user=request.user)
    logout(request)
    messages.success(request, "You're signed out everywhere, on this device too. Sign in again whenever you like.")
    return redirect("login")


@login_required
@client_required
@require_http_methods(["GET", "POST"])
def account_close(request: AuthedRequest) -> HttpResponse:
    """Ask first (GET); on the POST close the client's own account, sign them out and say what happens next.

    The answer to the POST is the closing page itself rather than a redirect: the person is signed
    out by then, and the page still has to show their clinic's crisis lines.
    """
    client, _ = own_client(request.user)
    context = {"client": client, "crisis_lines": crisis_lines_for(client.organization)}
    if request.method == "GET":
        return render(request, "registration/account_close.html", context)
    client_account_close(user=request.user)
    logout(request)
    return render(request, "registration/account_closed.html", context)


@login_required
@require_POST
def stay_signed_in(request: AuthedRequest) -> HttpResponse:
    """Keep the session alive from the idle dialog: SessionRefreshMiddleware saves it with a new expiry."""
    request.session.modified = True
    return HttpResponse(status=204)


@require_POST
def leave_quickly(request: HttpRequest) -> HttpResponse:
    """Sign out and go to the neutral page; the no-JavaScript path of the "Leave quickly" control."""
    logout(request)
    return redirect("planning:neutral_page")


@require_GET
def neutral_page(request: HttpRequest) -> HttpResponse:
    """Show a plain recipe whose address and title say nothing about Stepwise or care."""
    return render(request, "neutral_page.html")
