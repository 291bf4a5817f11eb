"""Two-step sign-in pages: the code after the password, setting up an app, recovery codes, turning it off.

planning.middleware.SecondFactorMiddleware sends a session that owes a second factor here before any
other page; these pages are open to it. The rules and writes are in services/second_factor.py.
"""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.models import Device

from config.ratelimits import rate_limit

from ..access import AuthedRequest
from ..forms.second_factor import CodeForm
from ..services.second_factor import (
    CODES_TO_SHOW,
    PAGE_TOO_OLD,
    SECOND_FACTOR_DUE,
    CodeError,
    app_of,
    pending_key_from,
    pending_key_new,
    recovery_codes_left,
    recovery_codes_renew,
    second_factor_check,
    second_factor_due,
    second_factor_enrol,
    second_factor_turn_off,
)


def _passed(request: AuthedRequest, device: Device) -> None:
    """Mark this session as past its second factor, under a new session key (as signing in does)."""
    otp_login(request, device)
    request.session.pop(SECOND_FACTOR_DUE, None)
    request.session.cycle_key()


def _qr_svg(address: str) -> SafeString:
    """The otpauth address as an inline SVG QR code: one path, no style attribute, so the strict CSP allows it."""
    image = qrcode.make(address, image_factory=qrcode.image.svg.SvgPathImage, border=4)
    svg = image.get_image()
    svg.attrib.pop("width", None)
    svg.attrib.pop("height", None)
    svg.set("class", "sw-qr")
    svg.set("role", "img")
    svg.set("aria-label", "QR code for your authenticator app")
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308 - built by qrcode from our own address


@never_cache
@login_required
@rate_limit("second-factor")
@require_http_methods(["GET", "POST"])
def two_factor(request: AuthedRequest) -> HttpResponse:
    """After the password: a code from the person's app, or one of their recovery codes."""
    if not second_factor_due(request):
        return redirect("planning:home")
    if app_of(request.user) is None:
        if request.user.second_factor_required:
            return redirect("planning:two_factor_setup")
        request.session.pop(SECOND_FACTOR_DUE, None)  # they turned it off on another device
        return redirect("planning:home")
    form = CodeForm(request.POST or None, recovery=True)
    if request.method == "POST" and form.is_valid():
        try:
            device = second_factor_check(user=request.user, code=form.cleaned_data["code"])
        except CodeError as error:
            form.add_error("code", error.message)
        else:
            _passed(request, device)
            return redirect("planning:home")
    return render(request, "registration/two_factor.html", {"form": form})


@never_cache
@login_required
@rate_limit("second-factor")
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: AuthedRequest) -> HttpResponse:
    """Set up an authenticator app (or move to a new one): a QR code and the key in words, then one code."""
    has_app = app_of(request.user) is not None
    if has_app and not request.user.is_verified():  # type: ignore[attr-defined]
        return redirect("planning:two_factor")  # a new app only after passing the current one
    posted = pending_key_from(request.POST.get("secret", "")) if request.method == "POST" else None
    pending = posted or pending_key_new()
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if posted is None:
            form.add_error("code", PAGE_TOO_OLD)
        else:
            try:
                device, codes = second_factor_enrol(user=request.user, key=posted.key, code=form.cleaned_data["code"])
            except CodeError as error:
                form.add_error("code", error.message)
            else:
                _passed(request, device)
                request.session[CODES_TO_SHOW] = codes
                return redirect("planning:two_factor_codes")
    context = {
        "form": form,
        "pending": pending,
        "qr": _qr_svg(pending.config_url(request.user)),
        "has_app": has_app,
    }
    return render(request, "registration/two_factor_setup.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_codes(request: AuthedRequest) -> HttpResponse:
    """Show recovery codes once, right after they are made; a POST makes a new set (the old ones stop working)."""
    if app_of(request.user) is None:
        if request.method == "POST":
            raise Http404("No two-step sign-in to make codes for")
        return redirect("planning:two_factor_setup")
    if not request.user.is_verified():  # type: ignore[attr-defined]
        return redirect("planning:two_factor")
    if request.method == "POST":
        request.session[CODES_TO_SHOW] = recovery_codes_renew(user=request.user)
        return redirect("planning:two_factor_codes")
    codes = request.session.pop(CODES_TO_SHOW, None)
    context = {"codes": codes, "left": None if codes else recovery_codes_left(request.user)}
    return render(request, "registration/two_factor_codes.html", context)


@login_required
@require_POST
def two_factor_off(request: AuthedRequest) -> HttpResponse:
    """Turn two-step sign-in off, for people who chose it; for clinicians and admins it is part of the role."""
    if request.user.second_factor_required:
        raise PermissionDenied("Two-step sign-in is part of this role")
    if app_of(request.user) is None:
        raise Http404("Two-step sign-in is already off")
    second_factor_turn_off(user=request.user)
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    messages.success(request, "Two-step sign-in is off. You can turn it on again here whenever you like.")
    return redirect("planning:account")
