"""The library: psychoeducation, glossary, coping techniques, scripts and step templates.

One table holds every kind of item so that browsing and search work across the whole
library. Fields that belong to one kind only (a technique's duration, a step template's
distress range) are blank for the others; named constraints keep them consistent.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .markdown import validate_markdown
from .search import weighted_document

BODY_MAX_LENGTH = 20_000


class Kind(models.TextChoices):
    TOPIC = "topic", "Guide"
    TERM = "term", "Word explained"
    TECHNIQUE = "technique", "Coping skill"
    SCRIPT = "script", "Conversation idea"
    STEP_TEMPLATE = "step_template", "Step idea"


class Audience(models.TextChoices):
    EVERYONE = "everyone", "Clients and clinicians"
    CLINICIANS = "clinicians", "Clinicians only"


class Setting(models.TextChoices):
    # Same values as a plan step's setting, so a template can be copied onto a ladder.
    ONLINE = "online", "Online"
    IN_PERSON = "in_person", "In person"
    BLENDED = "blended", "Blended"


class Area(models.TextChoices):
    FAMILY = "family", "Family"
    FRIENDS = "friends", "Friends"
    NEIGHBOURHOOD = "neighbourhood", "Neighbourhood"
    HOBBY = "hobby", "Hobby groups"
    COMMUNITY = "community", "Faith or community groups"
    WORK_STUDY = "work_study", "Work or study"


class Tool(models.TextChoices):
    NONE = "", "None"
    BREATHING_PACER = "breathing_pacer", "Paced-breathing pacer"
    # Done step by step on the screen; the steps are data in content/data/guided/ (content/guided.py).
    GROUNDING = "grounding", "Guided 5-4-3-2-1 grounding"
    TENSE_RELEASE = "tense_release", "Guided tense and release"
    SELF_COMPASSION = "self_compassion", "Guided kind pause"
    OPPOSITE_ACTION = "opposite_action", "Guided opposite action"


class ItemQuerySet(models.QuerySet["Item"]):
    def visible_to(self, user: Any) -> ItemQuerySet:
        """Items this person may read: the global library plus their own clinic's items.

        Clients see only items written for everyone; clinicians and admins also see
        clinician-only items. Other clinics' items are never visible.
        """
        if not getattr(user, "is_authenticated", False) or getattr(user, "is_ally", False):
            return self.none()
        qs = self.in_library_of(user.organization_id)
        return qs.for_audience(Audience.EVERYONE) if user.is_client else qs

    def linkable_for(self, organization_id: int) -> ItemQuerySet:
        """Items a clinic may link into its clients' records: its library's items written for everyone."""
        return self.in_library_of(organization_id).for_audience(Audience.EVERYONE)

    def in_library_of(self, organization_id: int | None) -> ItemQuerySet:
        """The shared library plus the clinic's own items; only the shared library without a clinic."""
        if organization_id is None:
            return self.global_only()
        return self.filter(Q(organization__isnull=True) | Q(organization_id=organization_id))

    def global_only(self) -> ItemQuerySet:
        return self.filter(organization__isnull=True)

    def of_kind(self, kind: str) -> ItemQuerySet:
        return self.filter(kind=kind)

    def for_audience(self, audience: str) -> ItemQuerySet:
        return self.filter(audience=audience)

    def attachable(self) -> ItemQuerySet:
        """Coping skills and conversation ideas: what a clinician can attach to a step, trigger or safety plan."""
        return self.filter(kind__in=[Kind.TECHNIQUE, Kind.SCRIPT]).order_by("kind", "title")

    def step_templates(self) -> ItemQuerySet:
        """Step templates a ladder can be built from, gentlest first."""
        return self.of_kind(Kind.STEP_TEMPLATE).order_by("distress_low", "title")

    def search(self, query: str) -> ItemQuerySet:
        """Match titles and bodies: PostgreSQL full-text search there, a plain substring match elsewhere."""
        from .search import search_items

        return search_items(self, query)


class Item(models.Model):
    """One library item: a guide, a word explained, a coping skill, a conversation idea or a step idea."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    slug = models.SlugField(max_length=80, help_text="Short name used in links, such as paced-breathing.")
    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=300, help_text="One or two sentences shown in lists.")
    body = models.TextField(
        max_length=BODY_MAX_LENGTH, validators=[validate_markdown], help_text="Markdown. Raw HTML is removed."
    )
    clinician_note = models.TextField(
        max_length=4000, blank=True, validators=[validate_markdown], help_text="Shown to clinicians only. Markdown."
    )
    aliases = models.CharField(
        max_length=300, blank=True, help_text="Other words for a glossary term, separated by commas."
    )
    audience = models.CharField(max_length=16, choices=Audience.choices, default=Audience.EVERYONE)
    organization = models.ForeignKey(
        "planning.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="library_items",
        help_text="Empty for the shared library; set for items only one clinic sees.",
    )
    # Coping techniques
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    when_to_use = models.TextField(max_length=1000, blank=True)
    tool = models.CharField(max_length=32, choices=Tool.choices, blank=True, default=Tool.NONE)
    # Step templates
    setting = models.CharField(max_length=16, choices=Setting.choices, blank=True)
    area = models.CharField(max_length=16, choices=Area.choices, blank=True)
    distress_low = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Typical distress, 0-100.")
    distress_high = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Typical distress, 0-100.")
    accommodations = models.TextField(max_length=2000, blank=True, help_text="One per line.")
    # Bookkeeping for the loader: which file version this row came from, and whether staff changed it since.
    sort_order = models.PositiveSmallIntegerField(default=100)
    source_checksum = models.CharField(max_length=64, blank=True, editable=False)
    locally_edited = models.BooleanField(default=False, help_text="Edited here; the loader leaves it alone.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    # What PostgreSQL's full-text search matches, kept by the database on every insert and update (so the
    # loader, the admin and clinics' own items need do nothing); a GIN index (migration 0004) serves it.
    search_document = models.GeneratedField(
        expression=weighted_document(), output_field=SearchVectorField(null=True), db_persist=True
    )

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "sort_order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], condition=Q(organization__isnull=True), name="item_global_slug_unique"
            ),
            models.UniqueConstraint(fields=["organization", "slug"], name="item_org_slug_unique"),
            models.CheckConstraint(
                name="item_distress_range_0_100",
                violation_error_message="Distress runs from 0 to 100, and the range must not run backwards.",
                condition=(Q(distress_low__isnull=True) & Q(distress_high__isnull=True))
                | (Q(distress_low__gte=0) & Q(distress_high__lte=100) & Q(distress_low__lte=models.F("distress_high"))),
            ),
            models.CheckConstraint(
                name="item_step_template_has_setting_and_range",
                violation_error_message="A step idea needs a setting and a typical distress range.",
                condition=~Q(kind="step_template") | (~Q(setting="") & Q(distress_low__isnull=False)),
            ),
            models.CheckConstraint(
                name="item_duration_1_120",
                violation_error_message="Please give a time between 1 and 120 minutes.",
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__gte=1, duration_minutes__lte=120),
            ),
        ]
        indexes = [models.Index(fields=["kind", "audience"], name="item_kind_audience")]

    def __str__(self) -> str:
        return self.title

    def body_html(self) -> str:
        """Render the Markdown body as sanitised HTML, safe to put in a page."""
        from .markdown import render_markdown

        return render_markdown(self.body)

    def clinician_note_html(self) -> str:
        """Render the clinician note as sanitised HTML."""
        from .markdown import render_markdown

        return render_markdown(self.clinician_note)

    def accommodation_list(self) -> list[str]:
        """Split the accommodations into a list, one per line, for display and for copying onto a step."""
        return [line.strip(" -*\t") for line in self.accommodations.splitlines() if line.strip(" -*\t")]

    def distress_range(self) -> str:
        """Say the typical distress range the way the ladder shows it, such as "20-35"."""
        if self.distress_low is None:
            return ""
        return f"{self.distress_low}-{self.distress_high}"

    def alias_list(self) -> list[str]:
        """List the other words a glossary term goes by, so they link to it too."""
        return [alias.strip() for alias in self.aliases.split(",") if alias.strip()]
