"""The printed safety plan and wallet card kept beside their version, so a repeat download renders nothing."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from .records import NestedClientRecord
from .safety import SafetyPlanVersion


class SafetyPlanPdf(NestedClientRecord, models.Model):
    """The full plan's PDF as last drawn for one version, with the digest of the HTML it was drawn from.

    A version never changes, but what prints beside it can: the clinic's crisis lines, the client's
    name, the printed date, the stylesheet. A download whose HTML differs draws the PDF again and
    replaces these bytes; one whose HTML is the same is served them. Database only, like the plan.
    """

    client_path = "version__plan__client"

    version = models.OneToOneField(SafetyPlanVersion, on_delete=models.CASCADE, related_name="stored_pdf")
    html_sha256 = models.CharField(max_length=64)
    body = models.BinaryField()
    rendered_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"PDF of safety plan version {self.version_id}"


class WalletCardPdf(NestedClientRecord, models.Model):
    """The wallet card's PDF as last drawn for one version, with the digest of the HTML the card was fitted from.

    That HTML holds everything the card can print: the lines the client chose (so a new choice draws
    anew), the clinic's number and crisis lines, the client's name, the paper and the stylesheet.
    Fitting the card to its size is worked out from it alone, so the same HTML always gives the same card.
    """

    client_path = "version__plan__client"

    version = models.OneToOneField(SafetyPlanVersion, on_delete=models.CASCADE, related_name="stored_card_pdf")
    html_sha256 = models.CharField(max_length=64)
    body = models.BinaryField()
    rendered_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Wallet card PDF of safety plan version {self.version_id}"
