"""In-app notifications, for every signed-in person, and the clinician's weekly digest setting."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..access import AuthedRequest, clinician_required, not_ally_required, notification_for, notifications_for
from ..forms.notifications import DigestSettingForm
from ..services.notifications import (
    digest_setting_for,
    digest_setting_save,
    notification_mark_read,
    notifications_mark_all_read,
)

LIST_LENGTH = 50  # older notifications stay in the database but off the page


@login_required
@not_ally_required
def notification_list(request: AuthedRequest) -> HttpResponse:
    notifications = notifications_for(request.user)[:LIST_LENGTH]
    return render(request, "planning/notifications.html", {"notifications": notifications})


@login_required
def notification_open(request: AuthedRequest, notification_id: UUID) -> HttpResponse:
    """Mark the notification read and follow its link (a read receipt, like a plan visit)."""
    notification = notification_mark_read(notification=notification_for(request.user, notification_id))
    return redirect(notification.target_url())


@login_required
@not_ally_required
@require_POST
def notifications_read_all(request: AuthedRequest) -> HttpResponse:
    notifications_mark_all_read(user=request.user)
    if request.htmx:  # type: ignore[attr-defined]
        notifications = notifications_for(request.user)[:LIST_LENGTH]
        return render(request, "planning/_notification_list.html", {"notifications": notifications, "cleared": True})
    messages.success(request, "All marked as read.")
    return redirect("planning:notifications")


@login_required
@clinician_required
def digest_settings(request: AuthedRequest) -> HttpResponse:
    setting = digest_setting_for(request.user)
    form = DigestSettingForm(request.POST or None, initial={"enabled": setting.enabled, "weekday": setting.weekday})
    if request.method == "POST" and form.is_valid():
        digest_setting_save(actor=request.user, **form.cleaned_data)
        messages.success(request, "Saved.")
        return redirect("planning:digest_settings")
    return render(request, "planning/digest_settings.html", {"form": form})
