"""Forms for check-ins, questionnaires and the risk safety net. Nothing typed is lost on an error."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone

from .. import measures
from ..models import CheckIn, MeasureResponse, RiskFlag, RiskRules
from .base import KindForm, KindModelForm, date_within

ZERO_TO_TEN = [(n, str(n)) for n in range(11)]
ZERO_TO_TEN_MESSAGE = "Please choose a number from 0 to 10."


def _count_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=500,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 500}),
        error_messages={
            "required": "Please give a number (0 is fine).",
            "invalid": "Please give a whole number, such as 0, 2 or 5.",
            "min_value": "Please give a number from 0 up.",
            "max_value": "That is more than we can count here. Please give a number up to 500.",
        },
    )


class CheckInForm(KindModelForm):
    """A check-in that takes under a minute on a phone."""

    comfort = forms.TypedChoiceField(
        label="How comfortable did you feel with people this week?",
        help_text="0 is not at all, 10 is completely at ease.",
        choices=ZERO_TO_TEN,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "scale-choice"}),
        error_messages={"required": ZERO_TO_TEN_MESSAGE, "invalid_choice": ZERO_TO_TEN_MESSAGE},
    )
    connection = forms.TypedChoiceField(
        label="How connected to others did you feel?",
        help_text="0 is not at all, 10 is very connected.",
        choices=ZERO_TO_TEN,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "scale-choice"}),
        error_messages={"required": ZERO_TO_TEN_MESSAGE, "invalid_choice": ZERO_TO_TEN_MESSAGE},
    )
    contacts_in_person = _count_field("People you spent time with in person")
    contacts_online = _count_field("People you were in touch with online or by phone")

    class Meta:
        model = CheckIn
        fields = [
            "day",
            "comfort",
            "connection",
            "contacts_in_person",
            "contacts_online",
            "is_rest_week",
            "note",
            "note_shared",
            "note_urgent",
        ]
        labels = {
            "day": "Which day is this for?",
            "is_rest_week": "This is a rest week",
            "note": "Anything you'd like to add (optional)",
            "note_shared": "Let my care team read this note",
            "note_urgent": "I'd like my care team to see this note soon",
        }
        help_texts = {
            "is_rest_week": "Rest is part of the plan. Nothing counts against you this week.",
            "note": "Only you can read it unless you tick the box below.",
            "note_urgent": "This shares the note with your care team and asks them to look soon. "
            "Stepwise is not a crisis service: if you are in danger now, use the numbers on your safety plan.",
        }
        widgets = {"day": forms.DateInput(attrs={"type": "date"}), "note": forms.Textarea(attrs={"rows": 3})}

    def clean_day(self) -> Any:
        day = self.cleaned_data["day"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("This day hasn't happened yet. Please pick today or an earlier day.")
        return date_within(day, past_days=62, future_days=0, what="That day")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("note_urgent"):
            if not (cleaned.get("note") or "").strip():
                self.add_error("note", "Please write a few words, so your care team knows what to look at.")
            cleaned["note_shared"] = True  # an urgent note is one the client wants read
        return cleaned


class MeasureAssignForm(KindForm):
    """Which questionnaire to ask for, and how often."""

    code = forms.ChoiceField(label="Questionnaire")
    every_days = forms.TypedChoiceField(
        label="How often",
        coerce=int,
        choices=[(7, "Every week"), (14, "Every 2 weeks"), (28, "Every 4 weeks"), (56, "Every 8 weeks")],
        initial=14,
    )
    starts_on = forms.DateField(
        label="First ready on", widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [  # type: ignore[attr-defined]
            (instrument.code, f"{instrument.code}: {instrument.title}") for instrument in measures.all_instruments()
        ]

    def clean_starts_on(self) -> Any:
        starts_on = self.cleaned_data["starts_on"]
        today = timezone.localdate()
        if starts_on < today - timedelta(days=1) or starts_on > today + timedelta(days=365):
            raise forms.ValidationError("Please choose a day from today to a year ahead.")
        return starts_on


class MeasureAnswerForm(forms.Form):
    """One questionnaire on one page, in the instrument's own words; answers may be saved and finished later."""

    def __init__(self, *args: Any, response: MeasureResponse, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = response.instrument
        for index, item in enumerate(self.instrument.items):
            self.fields[f"item_{item.number}"] = forms.TypedChoiceField(
                label=f"{item.number}. {item.text}",
                choices=[(option.value, option.label or str(option.value)) for option in self.instrument.options],
                coerce=int,
                required=False,
                empty_value=None,  # an open question is saved as None, not "" (MeasureResponse.answers)
                initial=response.answer_for(index),
                widget=forms.RadioSelect(attrs={"class": "answer-choice"}),
            )

    @property
    def submitting(self) -> bool:
        return self.data.get("action") == "submit"

    def answers(self) -> list[int | None]:
        """The answers in item order, None where a question is still open."""
        return [self.cleaned_data.get(f"item_{item.number}") for item in self.instrument.items]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.submitting:
            for item in self.instrument.items:
                if cleaned.get(f"item_{item.number}") in (None, ""):
                    self.add_error(f"item_{item.number}", "Please choose an answer for this one too.")
        return cleaned


class MeasureWithdrawForm(KindForm):
    reason = forms.CharField(
        label="Why it is withdrawn",
        max_length=500,
        help_text="For example: answered for the wrong week. The client sees that it was withdrawn, not why.",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Please say briefly why, for the record."},
    )


class RiskFlagAcknowledgeForm(KindModelForm):
    class Meta:
        model = RiskFlag
        fields = ["action", "action_note"]
        labels = {"action": "What you did", "action_note": "A few words for the team (optional)"}
        widgets = {"action": forms.RadioSelect}
        error_messages = {"action": {"required": "Please choose what you did."}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].required = True
        self.fields["action"].choices = RiskFlag.Action.choices  # type: ignore[attr-defined]


class RiskRulesForm(KindModelForm):
    class Meta:
        model = RiskRules
        fields = ["practice_peak_at_least", "urgent_check_in_notes"]
        labels = {
            "practice_peak_at_least": "Flag a practice whose peak distress reaches (0-100; empty turns this off)",
            "urgent_check_in_notes": "Flag a check-in note the client marks as urgent",
        }
        error_messages = {"practice_peak_at_least": {"max_value": "Please choose a number from 0 to 100."}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["practice_peak_at_least"].validators.append(MaxValueValidator(100))
