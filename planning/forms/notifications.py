"""The clinician's weekly digest setting."""

from __future__ import annotations

from django import forms

from ..models import DigestSetting
from .base import KindForm

DAY_MESSAGE = "Please choose a day from Monday to Sunday."


class DigestSettingForm(KindForm):
    enabled = forms.BooleanField(label="Send me a weekly summary by email", required=False)
    weekday = forms.TypedChoiceField(
        label="On",
        choices=DigestSetting.Weekday.choices,
        coerce=int,
        error_messages={"invalid_choice": DAY_MESSAGE, "required": DAY_MESSAGE},
        help_text="It gives counts only, never a client's name.",
    )
