"""The client's reminder settings: one form, plain messages for times that do not exist or clash."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone

from ..models import Client, Reminder, Step
from ..models.reminders import WEEKDAYS, in_quiet_hours, missing_wall_time, time_zone_names
from .base import KindForm

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ReminderForm(KindForm):
    practice = forms.BooleanField(required=False, label="Practising my step")
    step = forms.ModelChoiceField(
        queryset=Step.objects.none(),
        required=False,
        to_field_name="public_id",
        empty_label="Whichever step is next",
        label="Which step",
        error_messages={"invalid_choice": "Choose one of your own steps, or leave it as whichever is next."},
    )
    check_in = forms.BooleanField(required=False, label="Checking in")
    measure = forms.BooleanField(required=False, label="A questionnaire that is ready")
    weekdays = forms.TypedMultipleChoiceField(
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        label="On these days",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose days from Monday to Sunday."},
    )
    at = forms.TimeField(label="At this time", widget=TIME, error_messages={"invalid": "Enter a time such as 18:30."})
    time_zone = forms.CharField(
        max_length=64,
        label="Your time zone",
        help_text="Such as Europe/London or America/New_York.",
        widget=forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off"}),
    )
    quiet_start = forms.TimeField(
        required=False, label="Quiet from", widget=TIME, help_text="Nothing is sent in your quiet hours."
    )
    quiet_end = forms.TimeField(required=False, label="Quiet until", widget=TIME)

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        steps = Step.objects.filter(goal__plan__client=client, status__in=Step.OPEN_STATUSES)
        self.fields["step"].queryset = steps.exclude(goal__plan__status="completed").order_by("goal", "position")  # type: ignore[attr-defined]

    @classmethod
    def initial_from(cls, reminder: Reminder) -> dict[str, Any]:
        """Start the form from what the client chose before."""
        initial: dict[str, Any] = {
            name: getattr(reminder, name)
            for name in ("practice", "check_in", "measure", "weekdays", "at", "time_zone", "quiet_start", "quiet_end")
        }
        initial["step"] = reminder.step.public_id if reminder.step else None
        return initial

    def clean_time_zone(self) -> str:
        name: str = self.cleaned_data["time_zone"].strip()
        if name not in time_zone_names():
            raise forms.ValidationError("We don't know that time zone. Try a city form such as Europe/Berlin.")
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = data.get("practice") or data.get("check_in") or data.get("measure")
        if chosen and not data.get("weekdays") and "weekdays" not in self.errors:
            self.add_error("weekdays", "Choose at least one day, or untick what to be reminded of.")
        start, end, at = data.get("quiet_start"), data.get("quiet_end"), data.get("at")
        if (start is None) != (end is None) and "quiet_start" not in self.errors and "quiet_end" not in self.errors:
            self.add_error("quiet_end", "Give both ends of your quiet hours, or leave both empty.")
        elif start is not None and start == end:
            self.add_error("quiet_end", "Quiet hours need to start and end at different times.")
        elif at is not None and in_quiet_hours(at, start, end):
            self.add_error("at", "That time is inside your quiet hours. Choose a time outside them.")
        if at is not None and data.get("time_zone"):
            self._check_time_exists(at, data["time_zone"])
        return data

    def _check_time_exists(self, at: Any, name: str) -> None:
        missing = missing_wall_time(at, ZoneInfo(name), start=timezone.now().astimezone(ZoneInfo(name)).date())
        if missing is not None:
            self.add_error(
                "at",
                f"{at:%H:%M} does not happen in {name} on {missing:%-d %B %Y}, when the clocks go forward. "
                "Choose a time outside that hour.",
            )
