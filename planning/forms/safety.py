"""Forms for the safety plan, triggers and the journal. They validate and normalise; nothing typed is lost."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone

from ..models import CrisisLine, JournalEntry, SafetyPlan, SafetyPlanVersion, ThinkingTrap, Trigger
from ..models.safety import CARD_SECTIONS, SAFETY_SECTIONS, CardChoice, item_key
from ..versioning import VersionedForm, VersionedModelForm
from .base import KindForm, KindModelForm, kind_messages

MAX_ITEMS = 12
MAX_ITEM_LENGTH = 300
CONTACT_ROWS = 4
PHONE_ALLOWED = re.compile(r"^[0-9+()\-.\s]*$")


def validate_phone(value: str) -> None:
    """Accept digits with the usual separators; say plainly what is wrong otherwise."""
    value = value.strip()
    if not value:
        return
    if not PHONE_ALLOWED.match(value):
        raise forms.ValidationError(
            "A phone number can only have digits, spaces, +, - and brackets. "
            "Letters can't be dialled, so please write the number as digits."
        )
    if sum(ch.isdigit() for ch in value) < 3:
        raise forms.ValidationError("This number looks too short to dial. Please check it.")


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class SafetyPlanForm(VersionedForm, KindForm):
    """Every section of the plan on one page: lists are one item per line; contacts are rows."""

    def __init__(self, *args: Any, plan: SafetyPlan | None, **kwargs: Any) -> None:
        self.plan = plan
        version = plan.current_version() if plan is not None else None
        if version is not None:
            kwargs.setdefault("initial", self.initial_from(version))
        super().__init__(*args, **kwargs)
        for spec in SAFETY_SECTIONS:
            if spec.contacts:
                for row in range(CONTACT_ROWS):
                    prefix = f"{spec.key}_{row}"
                    self.fields[f"{prefix}_name"] = forms.CharField(label="Name", max_length=80, required=False)
                    self.fields[f"{prefix}_relationship"] = forms.CharField(
                        label="Who they are to you", max_length=80, required=False
                    )
                    self.fields[f"{prefix}_phone"] = forms.CharField(
                        label="Phone",
                        max_length=30,
                        required=False,
                        validators=[validate_phone],
                        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
                    )
            else:
                self.fields[spec.key] = forms.CharField(
                    label=spec.label,
                    help_text=f"{spec.prompt} One per line.",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )
        kind_messages(self)

    def current_version(self) -> int:
        return self.plan.version if self.plan is not None else 0

    @staticmethod
    def initial_from(version: SafetyPlanVersion) -> dict[str, Any]:
        """Turn a saved version into the form's starting values."""
        initial: dict[str, Any] = {}
        for spec in SAFETY_SECTIONS:
            items = version.items(spec.key)
            if spec.contacts:
                for row, contact in enumerate(items[:CONTACT_ROWS]):
                    for part in ("name", "relationship", "phone"):
                        initial[f"{spec.key}_{row}_{part}"] = contact.get(part, "")
            else:
                initial[spec.key] = "\n".join(items)
        return initial

    def contact_rows(self, key: str) -> list[list[forms.BoundField]]:
        """The bound fields of one contact section, grouped by row, for the template."""
        return [
            [self[f"{key}_{row}_{part}"] for part in ("name", "relationship", "phone")] for row in range(CONTACT_ROWS)
        ]

    def sections(self) -> list[dict[str, Any]]:
        """Each section with its label, prompt and bound fields, in plan order, for the template."""
        return [
            {
                "key": spec.key,
                "label": spec.label,
                "prompt": spec.prompt,
                "contacts": spec.contacts,
                "rows": self.contact_rows(spec.key) if spec.contacts else [],
                "field": None if spec.contacts else self[spec.key],
            }
            for spec in SAFETY_SECTIONS
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for spec in SAFETY_SECTIONS:
            if spec.contacts:
                for row in range(CONTACT_ROWS):
                    prefix = f"{spec.key}_{row}"
                    if cleaned.get(f"{prefix}_phone") and not cleaned.get(f"{prefix}_name", "").strip():
                        self.add_error(f"{prefix}_name", "Add a name, so you know whose number this is.")
                continue
            items = _lines(cleaned.get(spec.key, ""))
            if len(items) > MAX_ITEMS:
                self.add_error(
                    spec.key, f"Please keep this to {MAX_ITEMS} lines or fewer; short lists are easier to use."
                )
            long = [n for n, item in enumerate(items, 1) if len(item) > MAX_ITEM_LENGTH]
            if long:
                self.add_error(
                    spec.key,
                    f"Line {long[0]} is longer than {MAX_ITEM_LENGTH} characters. Could you split it in two?",
                )
        return cleaned

    def content(self) -> dict[str, list[Any]]:
        """The plan's words as a version stores them."""
        data = self.cleaned_data
        content: dict[str, list[Any]] = {}
        for spec in SAFETY_SECTIONS:
            if spec.contacts:
                content[spec.key] = [
                    {
                        part: data.get(f"{spec.key}_{row}_{part}", "").strip()
                        for part in ("name", "relationship", "phone")
                    }
                    for row in range(CONTACT_ROWS)
                    if data.get(f"{spec.key}_{row}_name", "").strip()
                ]
            else:
                content[spec.key] = _lines(data.get(spec.key, ""))
        return content


class TriggerForm(VersionedModelForm):
    """A trigger in the client's words, with the plan's coping strategies to link to."""

    # The ticked strategies are a list: a stale save keeps this person's ticks rather than merging them.
    keep_as_typed = ("helpful_strategies",)

    helpful_strategies = forms.MultipleChoiceField(
        label="Coping strategies from the safety plan that help",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Trigger
        fields = ["name", "kind", "strength", "warning_signs", "what_helps", "helpful_strategies"]
        labels = {
            "name": "What sets it off",
            "kind": "What kind of thing is it?",
            "strength": "How strong is it, from 0 (barely) to 100 (overwhelming)?",
            "warning_signs": "Early signs it is happening",
            "what_helps": "What helps",
        }
        help_texts = {
            "name": "In your own words, for example: a crowded bus at rush hour.",
            "warning_signs": "What you notice in your body, thoughts or behaviour.",
        }
        widgets = {
            "strength": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
            "warning_signs": forms.Textarea(attrs={"rows": 3}),
            "what_helps": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, strategies: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Keep strategies linked earlier even if the plan no longer lists them.
        known = list(dict.fromkeys([*strategies, *(self.instance.helpful_strategies or [])]))
        self.fields["helpful_strategies"].choices = [(s, s) for s in known]  # type: ignore[attr-defined]
        if not known:
            self.fields[
                "helpful_strategies"
            ].help_text = "Coping strategies you add to your safety plan will show here."

    def clean_strength(self) -> int:
        strength = self.cleaned_data["strength"]
        if strength is None or not 0 <= strength <= 100:
            raise forms.ValidationError("Please choose a number from 0 to 100.")
        return strength


FEELING_ROWS = 3


class JournalEntryForm(KindModelForm):
    """A note on one social experience. Private unless the client ticks the sharing box."""

    triggers = forms.ModelMultipleChoiceField(
        queryset=Trigger.objects.none(),
        required=False,
        label="Triggers you noticed",
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = JournalEntry
        fields = [
            "happened_on",
            "situation",
            "thoughts",
            "triggers",
            "thinking_trap",
            "evidence_for",
            "evidence_against",
            "balanced_thought",
            "shared_with_care_team",
        ]
        labels = {
            "happened_on": "When did it happen?",
            "situation": "What happened?",
            "thoughts": "What went through your mind?",
            "thinking_trap": "Was there a thinking trap? (It's fine if not.)",
            "evidence_for": "What supports that thought?",
            "evidence_against": "What doesn't fit with it?",
            "balanced_thought": "A fairer way to see it",
            "shared_with_care_team": "Let my care team read this entry",
        }
        help_texts = {
            "situation": "Where you were, who was there, what you were doing.",
            "shared_with_care_team": "Unticked, this entry is yours alone: your care team can't see it or count it.",
            "thinking_trap": "Thinking traps are common habits of the mind that make things look worse than they are. "
            "Everyone falls into them sometimes.",
        }
        widgets = {
            "happened_on": forms.DateInput(attrs={"type": "date"}),
            "situation": forms.Textarea(attrs={"rows": 3}),
            "thoughts": forms.Textarea(attrs={"rows": 3}),
            "thinking_trap": forms.RadioSelect,
            "evidence_for": forms.Textarea(attrs={"rows": 2}),
            "evidence_against": forms.Textarea(attrs={"rows": 2}),
            "balanced_thought": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, triggers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["triggers"].queryset = triggers  # type: ignore[attr-defined]
        self.fields["thinking_trap"].choices = [("", "None, or not sure"), *ThinkingTrap.choices]  # type: ignore[attr-defined]
        feelings = list(self.instance.feelings or [])
        for row in range(FEELING_ROWS):
            current = feelings[row] if row < len(feelings) else {}
            self.fields[f"feeling_{row}"] = forms.CharField(
                label="Feeling", max_length=60, required=False, initial=current.get("name", "")
            )
            self.fields[f"intensity_{row}"] = forms.IntegerField(
                label="How strong (0-100)",
                min_value=0,
                max_value=100,
                required=False,
                initial=current.get("intensity"),
                error_messages={
                    "min_value": "Please choose a number from 0 to 100.",
                    "max_value": "Please choose a number from 0 to 100.",
                },
            )
        kind_messages(self)

    def clean_happened_on(self) -> Any:
        happened_on = self.cleaned_data["happened_on"]
        if happened_on and happened_on > timezone.localdate():
            raise forms.ValidationError("This date is in the future. Please pick the day it happened.")
        return happened_on

    def feeling_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """Pairs of feeling and intensity fields, for the template."""
        return [(self[f"feeling_{row}"], self[f"intensity_{row}"]) for row in range(FEELING_ROWS)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        feelings = []
        for row in range(FEELING_ROWS):
            name = (cleaned.get(f"feeling_{row}") or "").strip()
            intensity = cleaned.get(f"intensity_{row}")
            if intensity is not None and not name:
                self.add_error(f"feeling_{row}", "Name the feeling this number is for.")
            elif name:
                feelings.append({"name": name, "intensity": intensity})
        self.instance.feelings = feelings
        return cleaned


class CrisisLineForm(KindModelForm):
    """One crisis line or emergency number a clinic prints on every plan."""

    class Meta:
        model = CrisisLine
        fields = ["country", "name", "channel", "number", "instructions", "is_emergency", "position", "last_checked"]
        labels = {
            "channel": "How to reach it",
            "number": "Number, or web address for chat",
            "is_emergency": "This is the emergency services number",
            "position": "Order on the plan (lower comes first)",
            "last_checked": "Last checked that it works",
        }
        widgets = {"last_checked": forms.DateInput(attrs={"type": "date"})}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        number = cleaned.get("number", "")
        if number and cleaned.get("channel") in (CrisisLine.Channel.CALL, CrisisLine.Channel.TEXT):
            try:
                validate_phone(number)
            except forms.ValidationError as error:
                self.add_error("number", error)
        return cleaned


class SafetyItemForm(forms.Form):
    """One new line for one list section of the plan (the quick "Add" box under each section)."""

    section = forms.ChoiceField(choices=[(spec.key, spec.label) for spec in SAFETY_SECTIONS if not spec.contacts])
    text = forms.CharField(
        max_length=MAX_ITEM_LENGTH,
        error_messages={
            "required": "Type a few words first, then choose Add.",
            "max_length": f"Please keep a line under {MAX_ITEM_LENGTH} characters. Could you split it in two?",
        },
    )

    def __init__(self, *args: Any, version: SafetyPlanVersion | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version = version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        section = cleaned.get("section")
        if section and self.version is not None and len(self.version.items(section)) >= MAX_ITEMS:
            self.add_error("text", f"This part already has {MAX_ITEMS} lines. Edit the plan to swap one out.")
        return cleaned

    def first_error(self) -> str:
        """The one message to show beside the box."""
        for errors in self.errors.values():
            return str(errors[0])
        return ""


class SafetyLineForm(forms.Form):
    """Which line to take off the plan: its section, its place, and the version the page showed."""

    section = forms.ChoiceField(choices=[(spec.key, spec.label) for spec in SAFETY_SECTIONS])
    index = forms.IntegerField(min_value=0, max_value=50)
    based_on = forms.IntegerField(min_value=0)


class ClinicDetailsForm(KindForm):
    """The clinic's country and phone number, as they print on wallet cards."""

    country = forms.CharField(
        label="Your clinic's country",
        max_length=60,
        required=False,
        help_text="Written as on your crisis lines, for example United Kingdom. Wallet cards print that country's "
        "lines, and the United States and Canada print on Letter paper (A4 elsewhere).",
    )
    phone = forms.CharField(
        label="Your clinic's phone number",
        max_length=30,
        required=False,
        validators=[validate_phone],
        help_text="Offered on every client's wallet card, ticked to start with.",
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )

    def clean_country(self) -> str:
        return " ".join(self.cleaned_data["country"].split())

    def clean_phone(self) -> str:
        return self.cleaned_data["phone"].strip()


def _contact_label(contact: dict[str, str]) -> str:
    relationship = f" ({contact['relationship']})" if contact.get("relationship") else ""
    phone = f": {contact['phone']}" if contact.get("phone") else ""
    return f"{contact.get('name', '')}{relationship}{phone}"


class CardChoiceForm(KindForm):
    """Tick what goes on the wallet card. Lines are numbered within the plan version the form showed."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(
        self,
        *args: Any,
        version: SafetyPlanVersion | None,
        choice: CardChoice,
        clinic: str,
        country: str,
        has_crisis_line: bool,
        **kwargs: Any,
    ) -> None:
        self.plan_version = version
        lines = version.card_lines() if version is not None else [(key, label, []) for key, label, _ in CARD_SECTIONS]
        self.lines = {key: items for key, _label, items in lines}
        initial: dict[str, Any] = {
            "version": version.number if version is not None else 0,
            "clinic": choice.clinic,
            "crisis": choice.crisis,
        }
        for key, _label, items in lines:
            initial[key] = [str(i) for i, item in enumerate(items) if choice.includes(key, item)]
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        invalid = "That line is no longer on the plan. Please have another look and tick again."
        for key, label, items in lines:
            self.fields[key] = forms.MultipleChoiceField(
                label=label,
                required=False,
                choices=[
                    (str(i), _contact_label(item) if isinstance(item, dict) else item) for i, item in enumerate(items)
                ],
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": invalid},
            )
        if clinic:
            self.fields["clinic"] = forms.BooleanField(label=f"{clinic} (your clinic)", required=False)
        self.fields["crisis"] = forms.BooleanField(
            label=f"Crisis lines for {country}" if has_crisis_line else "Crisis support",
            required=False,
            help_text=""
            if has_crisis_line
            else "Your clinic has no crisis line for its country yet, so the card "
            "says to call your local emergency number. Your clinic can add one.",
        )

    def line_fields(self) -> list[forms.BoundField]:
        """The plan's sections that have lines to tick, in card order."""
        return [self[key] for key, items in self.lines.items() if items]

    def switch_fields(self) -> list[forms.BoundField]:
        """The clinic's number (when it has one) and the crisis lines."""
        return [self[name] for name in ("clinic", "crisis") if name in self.fields]

    def clean_version(self) -> int:
        number = self.cleaned_data["version"]
        if number != (self.plan_version.number if self.plan_version is not None else 0):
            raise forms.ValidationError(
                "The plan changed while you were choosing. Here it is again; please tick again."
            )
        return number

    def choice(self) -> CardChoice:
        """The choice as stored: the text of each line left unticked, and the two switches."""
        left_off = {}
        for key, items in self.lines.items():
            ticked = {int(i) for i in self.cleaned_data.get(key, [])}
            left_off[key] = tuple(item_key(item) for i, item in enumerate(items) if i not in ticked)
        return CardChoice(
            left_off=left_off,
            clinic=self.cleaned_data.get("clinic", True),
            crisis=self.cleaned_data.get("crisis", False),
        )
