"""Django admin for staff. Clinical records are read in the app, not here."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.http import HttpRequest

from .models import AuditEvent, CareTeamMember, Client, Invitation, Organization, User
from .services.audit import audit_record


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]

    # The clinic's name, country and number print on its safety plans and wallet cards, which are kept under the
    # clinic's newest recorded change (config/kept_pages.py): a staff edit is recorded like clinic_details_save's.
    def save_model(self, request: HttpRequest, obj: Organization, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        action = "clinic.updated" if change else "clinic.created"
        audit_record(actor=_staff(request), action=action, organization=obj, changed_fields=form.changed_data)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "organization", "role", "is_active", "is_staff"]
    list_filter = ["role", "is_staff", "is_active", "organization"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "organization", "role")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("email", "full_name", "organization", "role", "password1", "password2")},
        ),
    )

    # A person's name or email shows on their clinic's kept pages (comments' authors, the caseload's colleagues), and
    # their role, clinic or being active decides what those pages list: a staff edit is recorded (field names only)
    # in every clinic it touches, so those pages are drawn again at once (config/kept_pages.py).
    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        before = form.initial.get("organization") if change else None
        super().save_model(request, obj, form, change)
        fields = [
            name for name in form.changed_data if not name.startswith("password") and not _same_second(form, name)
        ]
        if change and not fields:
            return
        clinics = {pk for pk in (getattr(before, "pk", before), obj.organization_id) if pk is not None}
        for clinic in Organization.objects.filter(pk__in=clinics).order_by("pk"):
            action = "account.updated_by_staff" if change else "account.created_by_staff"
            audit_record(actor=_staff(request), action=action, target=obj, organization=clinic, changed_fields=fields)

    # Deleting goes only where nothing refers to the person (the trail protects anyone who ever acted), yet it takes
    # them off care teams and colleague lists: recorded in their clinic, like a deactivation.
    def delete_model(self, request: HttpRequest, obj: User) -> None:
        with transaction.atomic():
            _record_account_deleted(request, obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for person in queryset.select_related("organization"):
                _record_account_deleted(request, person)
            super().delete_queryset(request, queryset)


def _record_account_deleted(request: HttpRequest, person: User) -> None:
    if person.organization is not None:  # Django staff without a clinic have no trail
        audit_record(
            actor=_staff(request), action="account.deleted_by_staff", target=person, organization=person.organization
        )


class CareTeamInline(admin.TabularInline):
    model = CareTeamMember
    extra = 0
    raw_id_fields = ["clinician", "added_by"]


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["preferred_name", "organization", "is_active", "created_at"]
    list_filter = ["organization", "is_active"]
    search_fields = ["preferred_name", "email"]
    raw_id_fields = ["user", "created_by"]
    inlines = [CareTeamInline]

    # A staff edit is audited like one made in the app (field names only), inside the admin's own transaction:
    # the trail stays whole, and a caseload kept under the clinic's newest change is ranked again.
    def save_model(self, request: HttpRequest, obj: Client, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        action = "client.updated" if change else "client.created"
        audit_record(actor=_staff(request), action=action, target=obj, changed_fields=form.changed_data)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            audit_record(
                actor=_staff(request), action="client.updated", target=form.instance, changed_fields=["care_team"]
            )


def _same_second(form: Any, name: str) -> bool:
    """The admin's date boxes drop a time's fraction of a second, so an untouched date reads as changed: it was not."""
    was, now = form.initial.get(name), form.cleaned_data.get(name)
    return isinstance(was, datetime) and isinstance(now, datetime) and was.replace(microsecond=0) == now


def _staff(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "role", "organization", "created_at", "accepted_at", "revoked_at"]
    list_filter = ["role", "organization"]
    raw_id_fields = ["client", "invited_by"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "organization", "action", "target_type", "actor"]
    list_filter = ["action", "organization"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False  # the trail is append-only (docs/architecture.md)


# Crisis lines are clinic settings, not clinical content: staff may correct them here.
# Safety plans, triggers and journal entries stay out of the admin on purpose.
from .models import CrisisLine  # noqa: E402


@admin.register(CrisisLine)
class CrisisLineAdmin(admin.ModelAdmin):
    list_display = ["name", "channel", "number", "country", "organization", "last_checked"]
    list_filter = ["organization", "country", "channel"]
    ordering = ["organization", "position"]

    # A staff correction is recorded like one by the clinic's admin (services/crisis_lines.py), so every kept
    # safety plan and PDF showing the line is drawn again at once (config/kept_pages.py).
    def get_readonly_fields(self, request: HttpRequest, obj: CrisisLine | None = None) -> list[str]:
        return ["organization"] if obj is not None else []  # a line never moves to another clinic's plans

    def save_model(self, request: HttpRequest, obj: CrisisLine, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        action = "crisis_line.updated" if change else "crisis_line.added"
        audit_record(
            actor=_staff(request),
            action=action,
            target=obj,
            organization=obj.organization,
            changed_fields=form.changed_data,
        )

    def delete_model(self, request: HttpRequest, obj: CrisisLine) -> None:
        audit_record(actor=_staff(request), action="crisis_line.removed", target=obj, organization=obj.organization)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for line in queryset.select_related("organization"):
            audit_record(
                actor=_staff(request), action="crisis_line.removed", target=line, organization=line.organization
            )
        super().delete_queryset(request, queryset)
