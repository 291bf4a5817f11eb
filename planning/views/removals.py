"""Undo: what was removed from a client's record comes back, as it was, for settings.UNDO_MINUTES.

Each removal view says what it took off in a fixed sentence (never the words removed) with an Undo
button in the message after the redirect (templates/base.html). Only the person who removed it may
undo it; after the window it says so kindly.
"""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..access import AuthedRequest, removal_for
from ..models import Removal
from ..services.removals import CannotUndo, removal_undo

# Which URL argument each place to go back to takes.
_BACK_ARGUMENT = {
    "planning:plan_detail": "plan_id",
    "planning:step_detail": "step_id",
    "planning:trigger_list": "client_id",
    "planning:journal_list": "client_id",
    "planning:safety_plan": "client_id",
}
UNDO_TAG = "undo:"
CANNOT_UNDO = {
    "undone": "That is already back where it was.",
    "expired": "It has been more than {minutes} minutes, so this can't be brought back from here. "
    "Removing it was kept as you chose.",
    "parent_gone": "This can't be brought back, because what it belonged to has been removed since.",
}


def removed(request: AuthedRequest, removal: Removal, sentence: str) -> HttpResponse:
    """Say what was removed, offer Undo in the message, and go back to where it was listed."""
    minutes = settings.UNDO_MINUTES
    undo = UNDO_TAG + str(removal.public_id)
    text = f"{sentence} You can undo this for {minutes} minutes; after that it is gone for good."
    messages.success(request, text, extra_tags=undo)
    return _back(removal)


def _back(removal: Removal) -> HttpResponse:
    return redirect(reverse(removal.back_name, kwargs={_BACK_ARGUMENT[removal.back_name]: removal.back_id}))


@login_required
@require_POST
def undo_removal(request: AuthedRequest, removal_id: UUID) -> HttpResponse:
    removal, _access = removal_for(request.user, removal_id)
    try:
        removal_undo(actor=request.user, removal=removal)
    except CannotUndo as cannot:
        messages.info(request, CANNOT_UNDO[cannot.reason].format(minutes=settings.UNDO_MINUTES))
        if cannot.reason == "parent_gone":
            return redirect("planning:home")  # the page it was listed on may have gone with it
        return _back(removal)
    messages.success(request, "Brought back, just as it was.")
    return _back(removal)
