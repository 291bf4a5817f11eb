"""The form under a guided coping skill: distress before and after in one tap each, and whether to share."""

from __future__ import annotations

from typing import Any

from django import forms

from content.guided import GuidedExercise

from .base import KindForm, kind_messages, rating_field

# One tap each: 0, 10, ... 100. Any whole number from 0 to 100 is accepted from a typed post.
SUDS_TAPS = [(n, str(n)) for n in range(0, 101, 10)]
NOTE_MAX_LENGTH = 500


def _tap_rating(label: str) -> forms.IntegerField:
    field = rating_field(label, "0 is calm, 100 is the worst you can imagine. One tap, or skip it.", required=False)
    field.widget = forms.RadioSelect(choices=SUDS_TAPS, attrs={"class": "btn-check"})
    return field


class CopingRunForm(KindForm):
    """Before and after ratings (each optional) and the share choice; the step notes are only carried back.

    A step's typed words come back with the post so a page shown again keeps them, and go no further:
    `rating()` is all a view passes on.
    """

    distress_before = _tap_rating("Before you start: how strong is the distress right now?")
    distress_after = _tap_rating("And now: how strong is the distress?")
    shared_with_care_team = forms.BooleanField(
        label="Share this with my care team (the skill and the two numbers, never what you typed)", required=False
    )

    def __init__(self, *args: Any, exercise: GuidedExercise, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for step in exercise.steps:
            if step.prompt:
                self.fields[f"note_{step.number}"] = forms.CharField(
                    label=step.prompt,
                    required=False,
                    max_length=NOTE_MAX_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off", "class": "form-control"}),
                )
        kind_messages(self)  # again, for the note fields just added

    def note(self, number: int) -> forms.BoundField | None:
        """Return the typed-words field of a step, if the step asks for words."""
        name = f"note_{number}"
        return self[name] if name in self.fields else None

    def rating(self) -> dict[str, Any]:
        """Return what is kept: the two ratings and the share choice, never the notes."""
        return {k: self.cleaned_data[k] for k in ("distress_before", "distress_after", "shared_with_care_team")}
