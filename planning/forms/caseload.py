"""Forms for the caseload: finding a client, and a clinic's tuning of the reasons."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from ..models import CaseloadRules, User
from .base import KindForm, KindModelForm


class CaseloadFilterForm(KindForm):
    """Narrow the caseload to one colleague's clients, or find a client by name."""

    member = forms.ChoiceField(label="Care-team member", required=False)
    q = forms.CharField(label="Find a client by name", max_length=80, required=False)

    def __init__(self, *args: Any, colleagues: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", "Everyone on my care teams")] + [  # type: ignore[attr-defined]
            (str(user.public_id), str(user)) for user in colleagues
        ]


class CaseloadRulesForm(KindModelForm):
    class Meta:
        model = CaseloadRules
        fields = [
            "high_peak_at_least",
            "safety_review_days",
            "quiet_weeks",
            "show_mastery_ready",
            "show_new_shared",
            "mastery_likelihood_drop",
            "mastery_places_at_least",
        ]
        labels = {
            "high_peak_at_least": "A hard practice: peak distress of at least (0-100)",
            "safety_review_days": "Safety plan due a review after (days)",
            "quiet_weeks": "Quiet for a while: no activity and no rest week for (weeks)",
            "show_mastery_ready": "Show when a step may feel manageable",
            "show_new_shared": "Show when a client shared something new",
            "mastery_likelihood_drop": "Offer a step as manageable when the fear stopped coming true and its "
            "likelihood fell by at least (points, 0-100)",
            "mastery_places_at_least": "Also ask for practices in this many different places (1 asks for none)",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limits = {
            "high_peak_at_least": (0, 100),
            "safety_review_days": (7, 730),
            "quiet_weeks": (1, 26),
            "mastery_likelihood_drop": (0, 100),
            "mastery_places_at_least": (1, 10),
        }
        for name, (low, high) in limits.items():
            field = self.fields[name]
            field.widget.attrs.update({"min": low, "max": high})
            message = f"Please choose a number from {low} to {high}."
            field.validators += [MinValueValidator(low, message=message), MaxValueValidator(high, message=message)]
