"""Root URLs: the health check, sign-in and password reset, the two apps, Django admin for staff, error pages."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from planning.views.accounts import ResetPasswordView, SignInView, SignOutView
from planning.views.health import healthz

accounts = [
    path("login/", SignInView.as_view(), name="login"),
    path("logout/", SignOutView.as_view(), name="logout"),
    path("password-reset/", ResetPasswordView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include(accounts)),
    path("library/", include("content.urls")),
    path("", include("planning.urls")),
]

handler400 = "planning.views.errors.bad_request"
handler403 = "planning.views.errors.permission_denied"
handler404 = "planning.views.errors.page_not_found"
handler500 = "planning.views.errors.server_error"
