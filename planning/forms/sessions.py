"""Forms for the session: the care team's session note (versioned) and an item for the agenda."""

from __future__ import annotations

from datetime import date

from django import forms

from ..models import AgendaItem, SessionNote
from ..versioning import VersionedModelForm
from .base import KindModelForm, date_within


class SessionNoteForm(VersionedModelForm):
    """The clinician's note of a session, for the care team only."""

    class Meta:
        model = SessionNote
        fields = ["held_on", "worked_on", "agreed", "next_time"]
        labels = {
            "held_on": "Date of the session",
            "worked_on": "What we worked on",
            "agreed": "What we agreed (optional)",
            "next_time": "To pick up next time (optional)",
        }
        help_texts = {
            "worked_on": "Only the care team reads session notes.",
            "agreed": "For example: a step to try, a change to the safety plan, a questionnaire to fill in.",
        }
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}),
            "worked_on": forms.Textarea(attrs={"rows": 5}),
            "agreed": forms.Textarea(attrs={"rows": 3}),
            "next_time": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "held_on": {"required": "Please give the date of the session.", "invalid": "Please give a date."},
            "worked_on": {"required": "Please write a few words about what you worked on."},
        }

    def clean_held_on(self) -> date | None:
        return date_within(self.cleaned_data["held_on"], past_days=366, future_days=1, what="The session date")


class AgendaItemForm(KindModelForm):
    """Something to talk about at the next session."""

    class Meta:
        model = AgendaItem
        fields = ["text"]
        labels = {"text": "What would you like to talk about?"}
        help_texts = {"text": "A few words are enough. Your care team sees this list."}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"text": {"required": "Please write a few words, so it can go on the list."}}
