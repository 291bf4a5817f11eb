"""Outgoing email. Emails say "sign in to see an update", never anything clinical."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import AllyThanks, Invitation, RiskFlag, Role, User


def send_invitation(invitation: Invitation) -> None:
    """Email the one-time link to set a password. The subject names no clinic or care."""
    link = settings.SITE_URL.rstrip("/") + reverse("planning:accept_invitation", args=[invitation.token()])
    context = {"link": link, "expires_at": invitation.expires_at()}
    template = "emails/ally_invitation.txt" if invitation.role == Role.ALLY else "emails/invitation.txt"
    send_mail(
        subject="Your Stepwise sign-in link",
        message=render_to_string(template, context),
        from_email=None,
        recipient_list=[invitation.email],
    )
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())


def send_password_reset(user: User) -> None:
    """Email the one-time link to choose a new password; it is made here, in the worker, and never logged."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = settings.SITE_URL.rstrip("/") + reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    send_mail(
        subject=render_to_string("registration/password_reset_subject.txt").strip(),
        message=render_to_string("registration/password_reset_email.txt", {"link": link}),
        from_email=None,
        recipient_list=[user.email],
    )


def send_risk_flag(flag: RiskFlag) -> None:
    """Tell each clinician on the client's care team to sign in. No name, nothing clinical."""
    recipients = list(
        flag.client.care_team.filter(clinician__is_active=True).values_list("clinician__email", flat=True)
    )
    link = settings.SITE_URL.rstrip("/") + reverse("planning:caseload")
    message = render_to_string("emails/risk_flag.txt", {"link": link})
    for recipient in recipients:  # one message each: no one's address is shown to anyone else
        send_mail(subject="Stepwise: please sign in", message=message, from_email=None, recipient_list=[recipient])


def send_digest(*, to: str, new_clients: int, open_flags: int) -> None:
    """Send a clinician their weekly digest: two counts and a link, never a client's name."""
    link = settings.SITE_URL.rstrip("/") + reverse("planning:caseload")
    context = {"link": link, "new_clients": new_clients, "open_flags": open_flags}
    message = render_to_string("emails/digest.txt", context)
    send_mail(subject="Stepwise: your weekly summary", message=message, from_email=None, recipient_list=[to])


def send_ally_thanks(thanks: AllyThanks) -> None:
    """Send the client's own thank-you line to their ally: their words as they wrote them, and nothing the app adds."""
    assert thanks.ally.user is not None  # an active ally has an account
    link = settings.SITE_URL.rstrip("/") + reverse("planning:home")
    message = render_to_string("emails/ally_thanks.txt", {"text": thanks.text, "link": link})
    send_mail(subject="A thank-you for you", message=message, from_email=None, recipient_list=[thanks.ally.user.email])
    AllyThanks.objects.filter(pk=thanks.pk).update(sent_at=timezone.now())
