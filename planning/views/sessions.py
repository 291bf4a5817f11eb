"""The 50-minute session: the in-session view, session notes (care team only) and the agenda."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ..access import AuthedRequest, agenda_item_for, audited_read, client_for, clinician_required, session_note_for
from ..forms.sessions import AgendaItemForm, SessionNoteForm
from ..models import Client
from ..services.sessions import (
    agenda_for_session,
    agenda_item_add,
    agenda_item_delete,
    agenda_item_set_discussed,
    session_note_create,
    session_note_update,
    session_plan,
    session_summary,
)
from ..versioning import versioned_edit

NOTES_PAGE = 20
DISCUSSED_SHOWN = 10


def _in_session(client: Client) -> HttpResponse:
    return redirect("planning:in_session", client_id=client.public_id)


@login_required
@clinician_required
@require_safe
@audited_read("session")
def in_session(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    """One screen for the session: the agenda, what happened since last time, the current ladder, the note."""
    client, access = client_for(request.user, client_id)
    shown = session_plan(client=client)
    today = timezone.localdate()
    context = {
        "client": client,
        "access": access,
        "plan": shown.plan,
        "current_goal": shown.current_goal,
        "other_goals": shown.other_goals,
        "recent_practices": shown.plan.recent_practices() if shown.plan else [],
        "summary": session_summary(client=client, today=today),
        "agenda": agenda_for_session(client=client, today=today),
        "todays_note": client.session_notes.filter(held_on=today).first(),
        "note_form": SessionNoteForm() if access.can_write else None,
        "agenda_form": AgendaItemForm() if access.can_write else None,
    }
    return render(request, "planning/in_session.html", context)


@login_required
@clinician_required
@require_safe
@audited_read("session_notes")
def session_note_list(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client, access = client_for(request.user, client_id)
    notes = client.session_notes.select_related("created_by", "updated_by")
    page = Paginator(notes, NOTES_PAGE).get_page(request.GET.get("page"))
    return render(request, "planning/session_note_list.html", {"client": client, "access": access, "page": page})


@login_required
@clinician_required
def session_note_add(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client, _access = client_for(request.user, client_id, write=True)
    form = SessionNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        session_note_create(actor=request.user, client=client, **form.record_data())
        messages.success(request, "Session note saved. Only the care team can read it.")
        return _in_session(client)
    return render(request, "planning/session_note_form.html", {"client": client, "form": form})


@login_required
@require_safe
@audited_read("session_note")
def session_note_detail(request: AuthedRequest, note_id: UUID) -> HttpResponse:
    note, access = session_note_for(request.user, note_id)
    return render(request, "planning/session_note_detail.html", {"note": note, "client": note.client, "access": access})


@login_required
def session_note_edit(request: AuthedRequest, note_id: UUID) -> HttpResponse:
    note, _access = session_note_for(request.user, note_id, write=True)
    edit = versioned_edit(
        request,
        current=note,
        make_form=lambda data, row: SessionNoteForm(data, instance=row),
        save=lambda form: session_note_update(
            actor=request.user, note=note, based_on=form.based_on, **form.record_data()
        ),
    )
    if edit.saved:
        messages.success(request, "Saved.")
        return redirect("planning:session_note_detail", note_id=note.public_id)
    context = {"client": note.client, "note": note, **edit.context()}
    return render(request, "planning/session_note_form.html", context, status=edit.status)


@login_required
@require_safe
@audited_read("agenda")
def agenda(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    """The list for the next session: the client adds to it from their phone; the care team reads it."""
    client, access = client_for(request.user, client_id)
    context = {
        "client": client,
        "access": access,
        "open_items": client.agenda_items.open().select_related("added_by"),
        "discussed": client.agenda_items.filter(discussed_at__isnull=False).order_by("-discussed_at")[:DISCUSSED_SHOWN],
        "form": AgendaItemForm() if access.can_write else None,
    }
    return render(request, "planning/agenda.html", context)


@login_required
def agenda_add(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client, access = client_for(request.user, client_id, write=True)
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        agenda_item_add(actor=request.user, client=client, **form.cleaned_data)
        if access.is_care_team:
            messages.success(request, "Added to the agenda.")
            return _in_session(client)
        messages.success(request, "Added. It will be on the list when you meet.")
        return redirect("planning:agenda", client_id=client.public_id)
    return render(request, "planning/agenda_form.html", {"client": client, "access": access, "form": form})


@login_required
@require_POST
def agenda_item_discussed(request: AuthedRequest, item_id: UUID) -> HttpResponse:
    """The care team ticks an item off in session (or puts it back on the list)."""
    item, access = agenda_item_for(request.user, item_id, write=True)
    if not access.is_care_team:
        raise PermissionDenied("The care team marks what was discussed")
    discussed = request.POST.get("discussed") != "no"
    agenda_item_set_discussed(actor=request.user, item=item, discussed=discussed)
    messages.success(request, "Marked as discussed." if discussed else "Back on the list for the session.")
    return _in_session(item.client)


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_remove(request: AuthedRequest, item_id: UUID) -> HttpResponse:
    """Ask first, then take an item off the list (nothing goes with one tap)."""
    item, access = agenda_item_for(request.user, item_id, write=True)
    if request.method == "GET":
        return render(request, "planning/agenda_remove.html", {"item": item, "client": item.client, "access": access})
    if agenda_item_delete(actor=request.user, item=item):
        messages.success(request, "Taken off the list.")
    else:
        messages.info(request, "This was talked about already, so it stays on the record.")
    if access.is_care_team:
        return _in_session(item.client)
    return redirect("planning:agenda", client_id=item.client.public_id)
