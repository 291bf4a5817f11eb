"""The library: psychoeducation, glossary, coping techniques, scripts and step templates."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "content"

urlpatterns = [
    path("", views.index, name="index"),
    path("words/", views.glossary, name="glossary"),
    path("items/<uuid:item_id>/", views.item_detail, name="item"),
    path("clinic/", views.manage, name="manage"),
    path("clinic/new/", views.item_add, name="item_add"),
    path("clinic/<uuid:item_id>/edit/", views.item_edit, name="item_edit"),
    path("clinic/<uuid:item_id>/remove/", views.item_remove, name="item_remove"),
]
