"""Django admin: staff edit the shared library here. Clinics' own items are managed in the app."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone

from .glossary import clear_glossary_cache
from .models import Item


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "audience", "organization", "locally_edited", "updated_at"]
    list_filter = ["kind", "audience", "setting", "area", ("organization", admin.EmptyFieldListFilter)]
    search_fields = ["title", "summary", "body", "slug"]
    readonly_fields = ["public_id", "source_checksum", "created_at", "updated_at"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = (
        (None, {"fields": ("kind", "title", "slug", "summary", "body", "audience", "organization", "sort_order")}),
        ("For clinicians", {"fields": ("clinician_note",)}),
        ("Glossary terms", {"fields": ("aliases",)}),
        ("Coping skills", {"fields": ("duration_minutes", "when_to_use", "tool")}),
        ("Step ideas", {"fields": ("setting", "area", "distress_low", "distress_high", "accommodations")}),
        ("Loading", {"fields": ("locally_edited", "source_checksum", "public_id", "created_at", "updated_at")}),
    )

    def save_model(self, request: HttpRequest, obj: Item, form: Any, change: bool) -> None:
        # An edit here wins over the files: the loader will leave this item alone from now on.
        obj.locally_edited = True
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)
        clear_glossary_cache()

    def delete_model(self, request: HttpRequest, obj: Item) -> None:
        super().delete_model(request, obj)
        clear_glossary_cache()
