"""The social-experience journal and its patterns.

Only the client writes their journal. Their care team reads the entries the client shared;
private entries are a 404 for them and never counted.
"""

from __future__ import annotations

from copy import copy
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..access import AuthedRequest, audited_read, client_for, journal_entry_for, own_client_for
from ..forms.safety import JournalEntryForm
from ..models import Client, JournalEntry, Removal
from ..services.journal import journal_entry_save
from ..services.removals import record_remove
from .removals import removed


@login_required
@audited_read("journal")
def journal_list(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client, access = client_for(request.user, client_id)
    entries = client.journal_entries.visible_to(request.user).prefetch_related("triggers")
    return render(request, "planning/journal_list.html", {"client": client, "entries": entries, "access": access})


@login_required
@audited_read("journal_entry")
def journal_detail(request: AuthedRequest, entry_id: UUID) -> HttpResponse:
    entry, access = journal_entry_for(request.user, entry_id)
    context = {
        "client": entry.client,
        "entry": entry,
        "access": access,
        "comments": entry.comments.select_related("author"),
    }
    return render(request, "planning/journal_detail.html", context)


def _edit(request: AuthedRequest, client: Client, entry: JournalEntry) -> HttpResponse:
    form = JournalEntryForm(request.POST or None, instance=entry, triggers=client.triggers.all())
    if request.method == "POST" and form.is_valid():
        saved = journal_entry_save(
            actor=request.user, entry=form.instance, triggers=form.cleaned_data["triggers"], changed=form.changed_data
        )
        messages.success(
            request, "Saved to your journal." + ("" if saved.shared_with_care_team else " Only you can see it.")
        )
        return redirect("planning:journal_detail", entry_id=saved.public_id)
    return render(request, "planning/journal_form.html", {"client": client, "form": form, "entry": entry})


@login_required
def journal_add(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client, _access = own_client_for(request.user, client_id)
    return _edit(request, client, JournalEntry(client=client))


@login_required
def journal_edit(request: AuthedRequest, entry_id: UUID) -> HttpResponse:
    entry, _access = journal_entry_for(request.user, entry_id, write=True)
    # Bind to a copy so a form with errors does not change what the page shows of the saved entry.
    return _edit(request, entry.client, copy(entry))


@login_required
@require_POST
def journal_remove(request: AuthedRequest, entry_id: UUID) -> HttpResponse:
    entry, _access = journal_entry_for(request.user, entry_id, write=True)
    removal = record_remove(
        actor=request.user,
        record=entry,
        kind=Removal.Kind.JOURNAL_ENTRY,
        back_name="planning:journal_list",
        back_id=entry.client.public_id,
    )
    return removed(request, removal, "The entry is deleted.")


@login_required
@audited_read("journal_patterns")
def journal_patterns(request: AuthedRequest, client_id: UUID) -> HttpResponse:
    client, access = client_for(request.user, client_id)
    patterns = client.journal_entries.visible_to(request.user).trigger_patterns()
    return render(request, "planning/journal_patterns.html", {"client": client, "access": access, **patterns})
