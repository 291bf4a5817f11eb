"""What every form shares: kind messages, 0-100 ratings and date windows. Nothing typed is ever lost."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone

from content.forms import real_prompts

LENGTH_MESSAGE = (
    "This is longer than we can keep (%(show_value)d characters; the limit is %(limit_value)d). "
    "Please shorten it. Your text is still here."
)
SUDS_HELP = "0 is calm, 100 is the worst you can imagine."


def kind_messages(form: forms.BaseForm) -> None:
    """Give every text field the one over-length message, and every drop-down a prompt in words, not dashes."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField):
            field.error_messages["max_length"] = LENGTH_MESSAGE
    real_prompts(form)


class KindForm(forms.Form):
    """A form whose messages say plainly what to do."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind_messages(self)


class KindModelForm(forms.ModelForm):
    """A model form whose messages say plainly what to do (per-field ones go in Meta.error_messages)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind_messages(self)


def rating_field(label: str, help_text: str = "", *, required: bool = True) -> forms.IntegerField:
    """A 0-100 rating (distress on the SUDS scale, or a percentage), with kind messages."""
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=required,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 100, "step": 1}),
        error_messages={
            "required": "Please give a number from 0 to 100.",
            "invalid": "Please give a whole number from 0 to 100.",
            "min_value": "Please give a number from 0 to 100 (0 is the lowest).",
            "max_value": "Please give a number from 0 to 100 (100 is the highest).",
        },
    )


def date_within(value: date | None, *, past_days: int, future_days: int, what: str = "That date") -> date | None:
    """Keep a date within a window around today, saying kindly which window."""
    if value is None:
        return value
    today = timezone.localdate()
    if value < today - timedelta(days=past_days):
        raise forms.ValidationError(
            f"{what} is quite far in the past. Please choose a date from the last {past_days} days."
        )
    if value > today + timedelta(days=future_days):
        raise forms.ValidationError(f"{what} is far ahead. Please choose one within {future_days} days from today.")
    return value
