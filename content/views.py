"""Library pages. The library knows nothing of clients: anyone signed in may read it.

Clients see items written for everyone; clinicians also see clinician-only items; each
clinic sees the shared library plus its own items. Organisation admins manage their own
clinic's items here; staff edit the shared library in the Django admin.
"""

from __future__ import annotations

from copy import copy
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from config.kept_pages import kept_page
from config.ratelimits import rate_limit

from .access import item_for, managed_item_for, require_org_admin, require_reader
from .forms import ItemForm
from .glossary import terms_used_in
from .guided import GUIDED_TOOLS
from .models import Audience, Item, Kind
from .search import MAX_QUERY_LENGTH
from .services import item_create, item_delete, item_update


def _is_client(user: Any) -> bool:
    """Say whether the signed-in reader is a client, through the User's role property (content does not import it)."""
    return user.is_client


@login_required
@rate_limit("library-search")
def index(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    # Kept until the library or anything in the header changes: a search repeated by many is drawn once.
    return kept_page(request, "library", lambda: _index(request))


def _index(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    audience = request.GET.get("audience", "")
    typed = request.GET.get("q", "").strip()
    query = typed[:MAX_QUERY_LENGTH]  # the box's maxlength; a longer one comes from an edited address
    items = Item.objects.visible_to(request.user)
    if not query:
        items = items.exclude(kind=Kind.TERM)  # browsing lists the glossary on its own page; search includes it
    if kind in Kind.values:
        items = items.of_kind(kind)
    if audience in Audience.values and not _is_client(request.user):
        items = items.for_audience(audience)
    if query:
        items = items.search(query)
    context = {
        "items": items.order_by("kind", "sort_order", "title") if not query else items,
        "kinds": [(k, label) for k, label in Kind.choices if k != Kind.TERM],
        "audiences": Audience.choices,
        "kind": kind,
        "audience": audience,
        "query": query,
        "typed": typed,
        "query_trimmed": len(typed) > MAX_QUERY_LENGTH,
        "max_query_length": MAX_QUERY_LENGTH,
        "show_audience": not _is_client(request.user),
        "kind_labels": dict(Kind.choices),
    }
    return render(request, "content/index.html", context)


@login_required
def glossary(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    terms = Item.objects.visible_to(request.user).of_kind(Kind.TERM).order_by("title")
    return render(request, "content/glossary.html", {"terms": terms})


@login_required
def item_detail(request: HttpRequest, item_id: UUID) -> HttpResponse:
    item = item_for(request.user, item_id)
    context = {
        "item": item,
        "terms": [t for t in terms_used_in(item.body) if t.slug != item.slug],
        "show_clinician_note": bool(item.clinician_note) and not _is_client(request.user),
        "guided": item.tool in GUIDED_TOOLS,
    }
    return render(request, "content/item_detail.html", context)


# A clinic's own items, managed by its organisation admin.


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    require_org_admin(request.user)
    items = Item.objects.filter(organization=request.user.organization)  # type: ignore[union-attr,misc]
    return render(request, "content/manage.html", {"items": items})


@login_required
def item_add(request: HttpRequest) -> HttpResponse:
    require_org_admin(request.user)
    form = ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = item_create(organization=request.user.organization, data=form.cleaned_data)  # type: ignore[union-attr]
        messages.success(request, f"“{item.title}” was added. Only people in your clinic can see it.")
        return redirect("content:manage")
    return render(request, "content/item_form.html", {"form": form})


@login_required
def item_edit(request: HttpRequest, item_id: UUID) -> HttpResponse:
    item = managed_item_for(request.user, item_id)
    # Bind to a copy: a form that fails validation must not change the item shown on the page.
    form = ItemForm(request.POST or None, instance=copy(item))
    if request.method == "POST" and form.is_valid():
        item_update(item=item, data=form.cleaned_data)
        messages.success(request, "Saved.")
        return redirect("content:manage")
    return render(request, "content/item_form.html", {"form": form, "item": item})


@login_required
@require_POST
def item_remove(request: HttpRequest, item_id: UUID) -> HttpResponse:
    item = managed_item_for(request.user, item_id)
    item_delete(item=item)
    messages.success(request, f"“{item.title}” was removed from your clinic's library.")
    return redirect("content:manage")
