"""Comments beside the client's own words: a read-write care-team clinician writes one; only its author changes it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from ..access import AuthedRequest, comment_for, journal_entry_to_comment_for, practice_to_comment_for
from ..forms.comments import CommentForm
from ..models import JournalEntry, Practice
from ..services.comments import comment_create, comment_update
from ..versioning import versioned_edit

SAVED = "Saved beside {name}'s words."


def _back_url(record: Practice | JournalEntry) -> str:
    if isinstance(record, Practice):
        return reverse("planning:practice_detail", args=[record.public_id])
    return reverse("planning:journal_detail", args=[record.public_id])


def _add(request: AuthedRequest, **beside: Any) -> HttpResponse:
    record = beside["practice"] or beside["journal_entry"]
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        comment_create(actor=request.user, text=form.cleaned_data["text"], **beside)
        messages.success(request, SAVED.format(name=record.client.preferred_name))
        return redirect(_back_url(record))
    context = {"form": form, "client": record.client, "back_url": _back_url(record)}
    return render(request, "planning/comment_form.html", context)


@login_required
def practice_comment_add(request: AuthedRequest, practice_id: UUID) -> HttpResponse:
    practice, _access = practice_to_comment_for(request.user, practice_id)
    return _add(request, practice=practice, journal_entry=None)


@login_required
def journal_comment_add(request: AuthedRequest, entry_id: UUID) -> HttpResponse:
    entry, _access = journal_entry_to_comment_for(request.user, entry_id)
    return _add(request, practice=None, journal_entry=entry)


@login_required
def comment_edit(request: AuthedRequest, comment_id: UUID) -> HttpResponse:
    comment, _access = comment_for(request.user, comment_id, write=True)
    edit = versioned_edit(
        request,
        current=comment,
        make_form=lambda data, row: CommentForm(data, instance=row),
        save=lambda form: comment_update(
            actor=request.user, comment=comment, based_on=form.based_on, **form.record_data()
        ),
    )
    if edit.saved:
        messages.success(request, SAVED.format(name=comment.client.preferred_name))
        return redirect(_back_url(comment.beside))
    context = {"comment": comment, "client": comment.client, "back_url": _back_url(comment.beside), **edit.context()}
    return render(request, "planning/comment_form.html", context, status=edit.status)
