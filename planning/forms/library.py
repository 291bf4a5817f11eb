"""Forms for linking the library into a client's plan."""

from __future__ import annotations

from typing import Any

from django import forms

from content.models import Item, ItemQuerySet


class LibraryItemChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Item) -> str:
        return f"{obj.title} ({obj.get_kind_display().lower()})"


class LibraryLinksForm(forms.Form):
    """Choose the coping skills and conversation ideas to attach."""

    items = LibraryItemChoice(
        queryset=Item.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Skills and conversation ideas to keep here",
        help_text="Tick any that might help. Untick one to take it off.",
        error_messages={"invalid_choice": "That item is not in the library any more. Please choose again."},
    )

    def __init__(self, *args: Any, choices: ItemQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = choices  # type: ignore[attr-defined]


class StepTemplateForm(forms.Form):
    """Pick one step template to copy onto a ladder."""

    template = forms.ModelChoiceField(
        queryset=Item.objects.none(),
        to_field_name="public_id",
        error_messages={"invalid_choice": "That step idea is not in the library any more. Please choose another."},
    )

    def __init__(self, *args: Any, choices: ItemQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = choices  # type: ignore[attr-defined]
