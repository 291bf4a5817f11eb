"""Forms for a clinic's own library items."""

from __future__ import annotations

from typing import Any

from django import forms

from .models import BODY_MAX_LENGTH, Item, Kind

MAX_MESSAGE = "This is a bit long: please keep it under %(limit_value)d characters (it has %(show_value)d)."


CHOICE_PROMPT = "Choose…"
DASHES = "---------"


def real_prompts(form: forms.BaseForm) -> None:
    """Start every drop-down with a prompt in words ("Choose…") instead of Django's row of dashes."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.RadioSelect):
            continue  # a radio list names its empty choice itself ("None, or not sure")
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DASHES:
                field.empty_label = CHOICE_PROMPT
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)  # type: ignore[arg-type]
            if choices and tuple(choices[0]) == ("", DASHES):
                field.choices = [("", CHOICE_PROMPT), *choices[1:]]


class ItemForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = [
            "kind",
            "title",
            "summary",
            "body",
            "audience",
            "clinician_note",
            "duration_minutes",
            "when_to_use",
            "setting",
            "area",
            "distress_low",
            "distress_high",
            "accommodations",
        ]
        labels = {
            "body": "Text",
            "duration_minutes": "How long it takes (minutes)",
            "when_to_use": "When to use it",
            "distress_low": "Typical distress, from (0-100)",
            "distress_high": "Typical distress, to (0-100)",
        }
        help_texts = {
            "body": f"Plain text or Markdown, up to {BODY_MAX_LENGTH:,} characters. Any HTML is removed.",
            "duration_minutes": "For coping skills.",
            "when_to_use": "For coping skills.",
            "setting": "For step ideas.",
            "area": "For step ideas.",
        }
        widgets = {
            "body": forms.Textarea(attrs={"rows": 12}),
            "clinician_note": forms.Textarea(attrs={"rows": 3}),
            "when_to_use": forms.Textarea(attrs={"rows": 2}),
            "accommodations": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["max_length"] = MAX_MESSAGE
        for name in ("distress_low", "distress_high"):
            self.fields[name].widget.attrs.update(min=0, max=100)
        self.fields["duration_minutes"].widget.attrs.update(min=1, max=120)
        real_prompts(self)

    def clean_duration_minutes(self) -> int | None:
        value = self.cleaned_data.get("duration_minutes")
        if value is not None and not 1 <= value <= 120:
            raise forms.ValidationError("Please give a time between 1 and 120 minutes.")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("distress_low"), data.get("distress_high")
        for name, value in (("distress_low", low), ("distress_high", high)):
            if value is not None and not 0 <= value <= 100:
                self.add_error(name, "Distress is rated from 0 to 100.")
        if (low is None) != (high is None):
            self.add_error("distress_high", "Please give both ends of the distress range, or neither.")
        elif low is not None and high is not None and low > high:
            self.add_error("distress_high", "The upper end should be at least as high as the lower end.")
        if data.get("kind") == Kind.STEP_TEMPLATE:
            if not data.get("setting"):
                self.add_error("setting", "A step idea needs a setting: online, in person or blended.")
            if low is None and "distress_high" not in self.errors:
                self.add_error("distress_low", "A step idea needs a typical distress range.")
        return data
