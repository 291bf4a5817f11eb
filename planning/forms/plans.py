"""Forms for the re-entry plan. They validate and normalise; nothing typed is lost on an error."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from ..models import Goal, Plan, Practice, Step, Value
from ..versioning import VersionedModelForm
from .base import SUDS_HELP, KindModelForm, date_within, rating_field


class PlanForm(VersionedModelForm):
    class Meta:
        model = Plan
        fields = ["title"]
        labels = {"title": "Name of the plan"}
        help_texts = {"title": 'Whatever feels right, for example: "Getting back out there".'}
        error_messages = {"title": {"required": "Please give the plan a short name."}}


class ValueForm(VersionedModelForm):
    class Meta:
        model = Value
        fields = ["statement", "why"]
        labels = {"statement": "What matters to you", "why": "Why it matters"}
        widgets = {"why": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"statement": {"required": "Please write what matters, in a few words."}}


class GoalForm(VersionedModelForm):
    class Meta:
        model = Goal
        fields = ["title", "value", "horizon"]
        labels = {"title": "Goal", "value": "Which value it serves", "horizon": "By when (roughly)"}
        help_texts = {"title": 'For example: "join a weekly board-game night by spring".'}
        widgets = {"horizon": forms.DateInput(attrs={"type": "date"})}
        error_messages = {"title": {"required": "Please give the goal a short name."}}

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["value"].queryset = plan.values.all()  # type: ignore[attr-defined]
        self.fields["value"].empty_label = "Not linked yet"  # type: ignore[attr-defined]

    def clean_horizon(self) -> date | None:
        return date_within(self.cleaned_data["horizon"], past_days=31, future_days=5 * 365, what="That date")


class StepForm(VersionedModelForm):
    expected_distress = rating_field("Distress you expect (0-100)", SUDS_HELP)

    class Meta:
        model = Step
        fields = [
            "activity",
            "setting",
            "with_whom",
            "duration_minutes",
            "accommodations",
            "expected_distress",
            "practices_wanted",
            "exit_plan",
            "proposed_by",
            "status",
        ]
        labels = {
            "activity": "What you will do",
            "with_whom": "Who comes along (optional)",
            "duration_minutes": "How long, in minutes (optional)",
            "accommodations": "What makes it possible",
            "practices_wanted": "How many times to practise",
            "exit_plan": "Your exit plan",
            "proposed_by": "Who suggested it",
        }
        help_texts = {
            "accommodations": "For example: a quiet hour, a seat near the exit, a break allowed.",
            "exit_plan": 'For example: "I can leave after 20 minutes; I will text Sam."',
        }
        widgets = {
            "accommodations": forms.Textarea(attrs={"rows": 2}),
            "exit_plan": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {"activity": {"required": "Please say what you will do, in a few words."}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["duration_minutes"].min_value = 1  # type: ignore[attr-defined]
        self.fields["duration_minutes"].max_value = 1440  # type: ignore[attr-defined]
        self.fields["duration_minutes"].error_messages.update(
            {"min_value": "Please give at least 1 minute.", "max_value": "Please keep it within a day (1440 minutes)."}
        )
        self.fields["practices_wanted"].min_value = 1  # type: ignore[attr-defined]
        self.fields["practices_wanted"].max_value = 50  # type: ignore[attr-defined]
        self.fields["practices_wanted"].error_messages.update(
            {"min_value": "Please choose at least 1.", "max_value": "Please choose 50 or fewer."}
        )
        if self.instance.pk is None:
            del self.fields["status"]

    def clean_activity(self) -> str:
        return self.cleaned_data["activity"].strip()


class PracticeBeforeForm(KindModelForm):
    expected_distress = rating_field("Distress you expect (0-100)", SUDS_HELP)
    feared_likelihood = rating_field("How likely it feels (0-100 %)")

    class Meta:
        model = Practice
        fields = [
            "planned_for",
            "place",
            "expected_distress",
            "feared_outcome",
            "feared_likelihood",
            "safety_behaviours_to_drop",
            "coping_plan",
        ]
        labels = {
            "planned_for": "When",
            "place": "Where (optional)",
            "feared_outcome": "What you are afraid might happen",
            "safety_behaviours_to_drop": "Habits you will try to let go of this time (optional)",
            "coping_plan": "The skill you plan to use (optional)",
        }
        help_texts = {
            "feared_outcome": "In your own words.",
            "place": 'For example: "the café on Elm Street". Trying a step in different places helps it stick.',
            "safety_behaviours_to_drop": "For example: sitting by the door, checking your phone. "
            "These are sometimes called safety behaviours.",
        }
        widgets = {
            "planned_for": forms.DateInput(attrs={"type": "date"}),
            "feared_outcome": forms.Textarea(attrs={"rows": 2}),
            "safety_behaviours_to_drop": forms.Textarea(attrs={"rows": 2}),
            "coping_plan": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "feared_outcome": {
                "required": "Please note what you're afraid might happen, in your own words. A few words is enough."
            }
        }

    def clean_planned_for(self) -> date | None:
        return date_within(self.cleaned_data["planned_for"], past_days=60, future_days=365, what="That date")


class PracticeAfterForm(VersionedModelForm):
    peak_distress = rating_field("Highest distress (0-100)", SUDS_HELP)
    end_distress = rating_field("Distress at the end (0-100, optional)", required=False)
    surprise = rating_field("How surprised you were (0-100, optional)", required=False)
    likelihood_after = rating_field("How likely the feared outcome feels now (0-100 %, optional)", required=False)

    class Meta:
        model = Practice
        fields = [
            "outcome",
            "peak_distress",
            "end_distress",
            "what_happened",
            "feared_happened",
            "surprise",
            "likelihood_after",
            "safety_behaviours_used",
            "learned",
            "felt_hard",
        ]
        labels = {
            "felt_hard": "That was hard",
            "outcome": "How it went",
            "what_happened": "What actually happened",
            "feared_happened": "Did what you feared happen?",
            "safety_behaviours_used": "Habits you used anyway (optional, that's fine)",
            "learned": "What you learned",
        }
        widgets = {
            "outcome": forms.RadioSelect,
            "feared_happened": forms.RadioSelect,
            "what_happened": forms.Textarea(attrs={"rows": 3}),
            "safety_behaviours_used": forms.Textarea(attrs={"rows": 2}),
            "learned": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "felt_hard": "Tick this if it was hard, whatever the numbers say. "
            "You'll be offered a short look back afterwards, only if you want it.",
        }

    keep_as_typed = ("felt_hard",)  # a tick is this person's own answer: a stale save never merges it away

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        went = [(value, label) for value, label in Practice.Outcome.choices if value != Practice.Outcome.NOT_THIS_TIME]
        self.fields["outcome"].choices = went  # type: ignore[attr-defined]
        self.fields["feared_happened"].choices = Practice.FearedHappened.choices  # type: ignore[attr-defined]
        self.fields["outcome"].required = True
        self.fields["feared_happened"].required = True
        self.fields["outcome"].error_messages["required"] = "Please choose how it went. Every option is fine."
        self.fields["feared_happened"].error_messages["required"] = "Please choose no, partly or yes."
