"""Forms for allies: inviting one, choosing what they see, who comes along on a step, and a thank-you line."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.http import HttpRequest

from ..models import Ally, Client, Role, Step, User
from ..versioning import VersionedModelForm
from .base import KindForm

OWN_EMAIL = "That's your own email. Please give the email of the person you'd like to invite."
NOT_AN_ALLY_EMAIL = (
    "This email belongs to someone at your clinic, who can't be an ally. "
    "Please ask the person for another email address."
)
ALREADY_INVITED = "This person is already on your list. You can change what they see from there."


class AllyInviteForm(KindForm):
    name = forms.CharField(
        max_length=80, label="What you call them", help_text="For example: Jo, or my sister. Only you and they see it."
    )
    email = forms.EmailField(max_length=254, label="Their email", help_text="The invitation link goes here.")

    def __init__(self, *args: Any, client: Client, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client, self.user = client, user
        self.fields["email"].error_messages["invalid"] = "Please give an email address, like jo@example.com."
        self.fields["name"].error_messages["required"] = "Please say what you call them, in a word or two."

    def clean_name(self) -> str:
        return str(self.cleaned_data["name"]).strip()

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        if email in {self.client.email.lower(), self.user.email.lower()}:
            raise forms.ValidationError(OWN_EMAIL)
        # Only the client's own clinic's staff are refused here: saying that any other email has an account would
        # tell a client who else is in care. Anyone else with a non-ally account hears it at the link (a 400).
        staff = User.objects.filter(email__iexact=email, organization_id=self.client.organization_id)
        if staff.filter(role__in=[Role.CLINICIAN, Role.ORG_ADMIN]).exists():
            raise forms.ValidationError(NOT_AN_ALLY_EMAIL)
        if self.client.allies.current().filter(email__iexact=email).exists():
            raise forms.ValidationError(ALREADY_INVITED)
        return email


class AllyForm(VersionedModelForm):
    """What one ally sees: the client's words for them, their exit signal, the steps ticked, safety contacts or not."""

    keep_as_typed = ("steps",)

    steps = forms.ModelMultipleChoiceField(
        queryset=Step.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Steps they come along on",
        help_text="They see the activity, when you plan it, and the exit plan if you share it on the step.",
    )

    class Meta:
        model = Ally
        fields = ["support_note", "exit_signal", "share_safety_contacts", "steps"]
        labels = {
            "support_note": "How to support me this week",
            "exit_signal": "My exit signal",
            "share_safety_contacts": "Show them the people to call and the crisis lines from my safety plan",
        }
        widgets = {"support_note": forms.Textarea(attrs={"rows": 4}), "exit_signal": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        open_steps = Step.objects.filter(goal__plan__client=self.instance.client, status__in=Step.OPEN_STATUSES)
        field = self.fields["steps"]
        field.queryset = open_steps.exclude(goal__plan__status="completed").order_by(  # type: ignore[attr-defined]
            "goal__position", "position"
        )
        field.initial = [step.pk for step in field.queryset if step.ally_id == self.instance.pk]  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = (
            "One of those steps has changed since this page opened. Please tick again."
        )


class StepAllyForm(VersionedModelForm):
    """Who comes along on a step: one of the client's own active allies, when, and whether they see the exit plan."""

    class Meta:
        model = Step
        fields = ["ally", "together_on", "together_time", "ally_sees_exit_plan"]
        labels = {
            "ally": "Who comes along",
            "together_on": "Day (optional)",
            "together_time": "Time (optional)",
            "ally_sees_exit_plan": "Let them see my exit plan for this step",
        }
        widgets = {
            "together_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "together_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["ally"]
        field.queryset = self.instance.client.allies.active()  # type: ignore[attr-defined]
        field.empty_label = "No one this time"  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = (
            "Please choose one of your own allies from the list. Someone who isn't on it can't be named here."
        )
        self.fields["together_on"].error_messages["invalid"] = "Please give a day, like 2026-12-05."
        self.fields["together_time"].error_messages["invalid"] = "Please give a time, like 18:30."


class AllyThanksForm(KindForm):
    text = forms.CharField(
        max_length=500,
        label="Your thank-you",
        help_text="Change it as you like. Only these words are sent, nothing else from Stepwise.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Please write a few words to send, or go back without sending."},
    )

    def clean_text(self) -> str:
        return str(self.cleaned_data["text"]).strip()


class AllySignInForm(KindForm):
    """An ally who already has an account accepts another invitation by signing in with it."""

    password = forms.CharField(
        label="Your password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, *args: Any, request: HttpRequest, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request, self.email = request, email
        self.user: User | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("password"):
            user = authenticate(self.request, username=self.email, password=cleaned["password"])
            if user is None or not getattr(user, "is_ally", False):
                self.add_error(
                    "password", "That password doesn't match this account. Please try again, or reset it from sign-in."
                )
            self.user = user  # type: ignore[assignment]
        return cleaned
