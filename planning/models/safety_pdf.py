"""The printed safety plan kept beside its version, so a repeat download renders nothing."""

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
