"""The one field of two-step sign-in: a code from the person's app, or one of their recovery codes."""

from __future__ import annotations

from django import forms

from .base import KindForm


class CodeForm(KindForm):
    """A 6-digit code from an authenticator app, or (`recovery=True`) one of the recovery codes as well."""

    code = forms.CharField(
        label="Code from your app",
        max_length=32,
        strip=True,
        error_messages={"required": "Please type the 6-digit code your app shows."},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )

    def __init__(self, *args: object, recovery: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if recovery:
            self.fields[
                "code"
            ].help_text = "No phone to hand? Type one of your recovery codes instead (each works once)."
        else:
            self.fields["code"].help_text = "Six digits, from the Stepwise entry in your app."
            self.fields["code"].widget.attrs["inputmode"] = "numeric"
