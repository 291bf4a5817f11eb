"""Forms for people and care teams. They validate and normalise; views stay short."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.formats import date_format

from ..models import CareTeamMember, Client, Role, User
from ..models.audit import AuditEventQuerySet
from .base import KindForm

EMAIL_IN_USE = (
    "An account with this email already exists. If this person already uses Stepwise, ask your organisation admin."
)


def _email_not_in_use(email: str) -> str:
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise forms.ValidationError(EMAIL_IN_USE)
    return email


CLOSED_BY_CLIENT = (
    "This account was closed on %(date)s. If you'd like to come back, please contact your clinic: "
    "they can help you start again."
)
CLOSED_BY_CLINIC = "This account is closed. If you think that's a mistake, please contact your clinic."


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with an email label and a friendlier error."""

    error_messages = {
        "invalid_login": "That email and password don't match our records. Please check them and try again.",
        "inactive": "This account is not active. Please contact your clinic.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email"
        self.fields["username"].widget = forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})

    def get_invalid_login_error(self) -> forms.ValidationError:
        """Say an account is closed only to its own password; anyone else hears the usual message."""
        closed = _closed_account(self.cleaned_data.get("username") or "", self.cleaned_data.get("password") or "")
        if closed is None:
            return super().get_invalid_login_error()
        profile = getattr(closed, "client_profile", None)
        if profile is not None and profile.closure_requested_at is not None:
            day = date_format(timezone.localtime(profile.closure_requested_at), "j F Y")
            return forms.ValidationError(CLOSED_BY_CLIENT, code="closed", params={"date": day})
        return forms.ValidationError(CLOSED_BY_CLINIC, code="closed")


def _closed_account(email: str, password: str) -> User | None:
    """The closed (inactive) account with this email, if `password` is its password.

    Django's backend refuses inactive users as if the password were wrong. Every failed sign-in runs one
    more password hash here, whether or not the email is a closed account, so timing tells nothing either.
    """
    closed = User.objects.filter(email__iexact=email.strip(), is_active=False).select_related("client_profile").first()
    if closed is None or not closed.has_usable_password():
        make_password(password)  # the same hashing work as checking a real password
        return None
    return closed if closed.check_password(password) else None


class ClientForm(forms.ModelForm):
    """A new client: how to address them and where to send the invitation."""

    class Meta:
        model = Client
        fields = ["preferred_name", "pronouns", "email", "accessibility_needs"]
        widgets = {"accessibility_needs": forms.Textarea(attrs={"rows": 3})}

    def clean_preferred_name(self) -> str:
        return self.cleaned_data["preferred_name"].strip()

    def clean_email(self) -> str:
        return _email_not_in_use(self.cleaned_data["email"])


class ClientProfileForm(forms.ModelForm):
    """An existing client's profile; the email is fixed once invited."""

    class Meta:
        model = Client
        fields = ["preferred_name", "pronouns", "accessibility_needs"]
        widgets = {"accessibility_needs": forms.Textarea(attrs={"rows": 3})}


class ClinicianInviteForm(forms.Form):
    full_name = forms.CharField(max_length=120, label="Full name")
    email = forms.EmailField(max_length=254)

    def clean_email(self) -> str:
        return _email_not_in_use(self.cleaned_data["email"])


class CareTeamForm(forms.Form):
    """Assign a clinician of the same clinic to a client's care team."""

    clinician = forms.ModelChoiceField(queryset=User.objects.none(), empty_label="Choose a clinician")
    access = forms.ChoiceField(choices=CareTeamMember.Access.choices, initial=CareTeamMember.Access.WRITE)

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clinician"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            organization=organization, role=Role.CLINICIAN, is_active=True
        )


class ResetRequestForm(PasswordResetForm):
    """Ask for a reset link; the email goes out from a Celery task whether or not the address has an account."""

    def save(self, **kwargs: Any) -> None:  # type: ignore[override]
        from ..services.people import password_reset_request

        password_reset_request(user_ids=[user.pk for user in self.get_users(self.cleaned_data["email"])])


class AcceptInvitationForm(forms.Form):
    """The invited person chooses their own password."""

    password1 = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Type it again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "The two passwords don't match. Please type them again.")
        elif password1:
            try:
                password_validation.validate_password(password1, User(email=self.email))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class RetentionForm(KindForm):
    """How long the clinic keeps a closed account's clinical records."""

    years = forms.IntegerField(
        label="Keep a closed account's records for this many years",
        required=False,
        min_value=1,
        max_value=100,
        help_text="Counted from the day the client closed their account; after that the records are erased for "
        "good. Leave it empty to keep them until you choose. Check what your local record-keeping rules ask.",
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.get_role_display().lower()})"


class AuditFilterForm(KindForm):
    """Narrow the audit log by who acted, which client it was about, and a span of days. Every field is optional."""

    person = PersonChoiceField(queryset=User.objects.none(), required=False, empty_label="Anyone", label="Done by")
    client = forms.ModelChoiceField(
        queryset=Client.objects.none(), required=False, empty_label="Any client", label="About client"
    )
    start = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(organization=organization, role__in=[Role.CLINICIAN, Role.ORG_ADMIN])
        self.fields["person"].queryset = staff  # type: ignore[attr-defined]
        self.fields["client"].queryset = Client.objects.in_organization(organization)  # type: ignore[attr-defined]
        choice_gone = "That choice is no longer in the list. Please pick again."
        self.fields["person"].error_messages["invalid_choice"] = choice_gone
        self.fields["client"].error_messages["invalid_choice"] = choice_gone
        for name in ("start", "end"):
            self.fields[name].error_messages["invalid"] = "Please give a date, such as 2026-03-14."

    def clean_end(self) -> Any:
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        if start and end and end < start:
            raise forms.ValidationError("This is before the first day. Please choose a later day, or leave it empty.")
        return end

    def filter(self, events: AuditEventQuerySet) -> AuditEventQuerySet:
        """Apply every filter that was given and makes sense; one that does not is left out and explained."""
        if not self.is_bound:
            return events
        self.is_valid()
        data = self.cleaned_data
        if data.get("person"):
            events = events.made_by(data["person"])
        if data.get("client"):
            events = events.about(data["client"])
        return events.between(data.get("start"), data.get("end"))
