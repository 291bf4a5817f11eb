"""Writes for the caseload: marking a reason as seen, and a clinic's tuning of the rules."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..models import CaseloadRules, Client, NeedSeen, Organization, User
from .audit import audit_record


def need_mark_seen(*, actor: User, client: Client, need: str) -> NeedSeen:
    """Note that this clinician has seen a reason; it returns only when something newer happens."""
    with transaction.atomic():
        seen, _created = NeedSeen.objects.update_or_create(
            client=client, clinician=actor, need=need, defaults={"seen_at": timezone.now()}
        )
        # Kept off the client's own trail: looking is not activity, and must not end a "quiet" reason.
        audit_record(actor=actor, action="caseload.need_seen", target=client, changed_fields=[need], private=True)
    return seen


def caseload_rules_save(
    *,
    actor: User,
    organization: Organization,
    high_peak_at_least: int,
    safety_review_days: int,
    quiet_weeks: int,
    show_mastery_ready: bool,
    show_new_shared: bool,
    mastery_likelihood_drop: int,
    mastery_places_at_least: int,
) -> CaseloadRules:
    """Tune the clinic's caseload reasons."""
    fields = {
        "high_peak_at_least": high_peak_at_least,
        "safety_review_days": safety_review_days,
        "quiet_weeks": quiet_weeks,
        "show_mastery_ready": show_mastery_ready,
        "show_new_shared": show_new_shared,
        "mastery_likelihood_drop": mastery_likelihood_drop,
        "mastery_places_at_least": mastery_places_at_least,
    }
    with transaction.atomic():
        rules, _created = CaseloadRules.objects.update_or_create(organization=organization, defaults=fields)
        audit_record(actor=actor, action="caseload_rules.updated", organization=organization, changed_fields=fields)
    return rules
