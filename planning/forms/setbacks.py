"""Forms for looking back at a hard practice. Every field but "what next" is optional; nothing typed is lost."""

from __future__ import annotations

from typing import Any

from django import forms

from ..models import SetbackReview
from ..versioning import VersionedForm
from .base import SUDS_HELP, KindForm, rating_field

PICK_FROM_LIST = "Please choose from the options shown. Everything you wrote is still here."


class SetbackReviewForm(KindForm):
    harder = forms.MultipleChoiceField(
        label="What made it harder? Tick any that fit (optional)",
        choices=SetbackReview.Harder.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": PICK_FROM_LIST},
    )
    harder_words = forms.CharField(
        label="Anything else that made it harder, in your own words (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    went_all_right = forms.CharField(
        label="What still went all right? (optional)",
        help_text="However small: you got there, you used your exit plan, you noticed something new.",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    next_choice = forms.ChoiceField(
        label="What would you like next?",
        choices=SetbackReview.Next.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Please choose what you'd like next. Any of these is a good choice.",
            "invalid_choice": PICK_FROM_LIST,
        },
    )


class SmallerRungForm(VersionedForm, KindForm):
    """The smaller rung as the client words it: its distress must be lower than the hard step's."""

    activity = forms.CharField(
        label="The smaller rung, in your words",
        help_text="Change it to whatever would feel like a smaller version for you.",
        max_length=200,
        error_messages={"required": "Please say what the smaller rung is, in a few words."},
    )
    expected_distress = rating_field("Distress you expect (0-100)", SUDS_HELP)

    def __init__(self, *args: Any, review: SetbackReview, **kwargs: Any) -> None:
        self.review = review
        self.hard_distress = review.practice.step.expected_distress
        kwargs.setdefault(
            "initial", {"activity": review.smaller_activity, "expected_distress": review.smaller_expected_distress}
        )
        super().__init__(*args, **kwargs)

    def current_version(self) -> int:
        return int(self.review.version)

    def clean_activity(self) -> str:
        return str(self.cleaned_data["activity"]).strip()

    def clean_expected_distress(self) -> int:
        value = int(self.cleaned_data["expected_distress"])
        below = max(self.hard_distress, 1)  # a step expected at 0 can only have a 0 below it
        if value >= below:
            raise forms.ValidationError(
                f"A smaller rung sits below the step you found hard, which you expected at {self.hard_distress}. "
                f"Please choose a number under {below}."
            )
        return value
