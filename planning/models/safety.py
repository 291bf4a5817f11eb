"""Safety plans (versioned), crisis lines per clinic, triggers and the social-experience journal."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from .people import Client, Organization, Role, User
from .records import ClientRecord, NestedClientRecord


@dataclass(frozen=True)
class SectionSpec:
    """One section of a safety plan: our own label and prompt, and whether it holds contacts."""

    key: str
    label: str
    prompt: str
    contacts: bool = False


# The components follow the Stanley-Brown Safety Planning Intervention
# (https://suicidesafetyplan.com/), written in our own words: its template is copyrighted.
SAFETY_SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "warning_signs",
        "Signs a hard time is building",
        "What do you notice first when things start to slide? Thoughts, feelings, body signals or habits.",
    ),
    SectionSpec(
        "coping",
        "Things I can do on my own to settle",
        "Small things that steady you without needing anyone else: a skill, a walk, music, a shower.",
    ),
    SectionSpec(
        "distraction",
        "People and places that help me shift focus",
        "Where can you go, or who can you be around, to change the channel for a while? "
        "You don't have to talk about how you feel.",
    ),
    SectionSpec(
        "help_contacts",
        "People I can reach out to",
        "People you trust enough to tell that you are struggling, and how to reach them.",
        contacts=True,
    ),
    SectionSpec(
        "professional_contacts",
        "Professionals and services I can contact",
        "Your clinician, your doctor, or a service you know. Your clinic's crisis lines are always added below.",
        contacts=True,
    ),
    SectionSpec(
        "safe_environment",
        "Making my surroundings safer",
        "What could you put away, hand to someone you trust, or change so a hard moment stays safer?",
    ),
    SectionSpec(
        "reasons",
        "What matters most to me",
        "The people, hopes, plans and reasons that keep you going.",
    ),
    SectionSpec(
        "exit_plans",
        "My ways out of a busy social setting",
        "If a gathering gets too much: how you'll leave, where you'll go next, and who you'll let know.",
    ),
)
SECTION_KEYS = tuple(spec.key for spec in SAFETY_SECTIONS)


def empty_content() -> dict[str, list[Any]]:
    """A plan with every section present and empty."""
    return {key: [] for key in SECTION_KEYS}


def item_key(item: Any) -> str:
    """One line of a section as text; a contact reads as name, relationship and phone."""
    if isinstance(item, dict):
        return " · ".join(str(item[part]) for part in ("name", "relationship", "phone") if item.get(part))
    return str(item)


# What a wallet card can hold, in card order: its own label and where the lines come from in the plan.
CARD_SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("warning_signs", "Signs a hard time is building", ("warning_signs",)),
    ("coping", "Things I can do on my own", ("coping",)),
    ("contacts", "People and professionals", ("help_contacts", "professional_contacts")),
)


@dataclass(frozen=True)
class CardChoice:
    """What goes on a client's wallet card: every line except those left off, the clinic's number, the crisis lines."""

    left_off: dict[str, tuple[str, ...]]
    clinic: bool = True
    crisis: bool = True

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> CardChoice:
        """Read a stored choice; nothing stored means everything on the card (the clinic's number too)."""
        data = data or {}
        stored = data.get("left_off") or {}
        left_off = {key: tuple(str(text) for text in stored.get(key, [])) for key, _label, _parts in CARD_SECTIONS}
        return cls(left_off=left_off, clinic=bool(data.get("clinic", True)), crisis=bool(data.get("crisis", True)))

    def as_json(self) -> dict[str, Any]:
        return {
            "left_off": {key: list(texts) for key, texts in self.left_off.items()},
            "clinic": self.clinic,
            "crisis": self.crisis,
        }

    def includes(self, section: str, item: Any) -> bool:
        """Say whether a line of the plan goes on the card (a line added after the choice does)."""
        return item_key(item) not in self.left_off.get(section, ())


class SafetyPlan(ClientRecord, models.Model):
    """A client's one safety plan. Its words live in numbered versions; the newest is current."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="safety_plan")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reviewed_number = models.PositiveIntegerField(null=True, blank=True, help_text="The version that was reviewed.")
    # The number of the current version (0 before the first save): what a stale save is checked against.
    version = models.PositiveIntegerField(default=0)
    # What the client left off their wallet card (lines by their text, per section) and whether the clinic's
    # number and the crisis lines go on it. Lines added later are on the card until someone takes them off.
    card = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"Safety plan {self.public_id}"

    @property
    def updated_by(self) -> User | None:
        """Who saved the current version (shown when someone else's save meets a stale one)."""
        current = self.current_version()
        return current.author if current else None

    def pinned_skills(self) -> list[Any]:
        """Return the library coping skills kept on the plan: what the "get support now" screen offers first."""
        return [link.item for link in self.library_links.select_related("item") if link.item.kind == "technique"]

    def current_version(self) -> SafetyPlanVersion | None:
        """Return the newest version: it is what the client sees and what prints."""
        return self.versions.select_related("author").order_by("-number").first()

    def version_numbered(self, number: Any) -> SafetyPlanVersion | None:
        """Return the version with this number (as posted by a form), or None."""
        if not str(number).isdigit():
            return None
        return self.versions.select_related("author").filter(number=int(number)).first()

    def card_choice(self) -> CardChoice:
        """Return what the client chose for their wallet card (everything, until they choose)."""
        return CardChoice.from_json(self.card)


class SafetyPlanVersion(NestedClientRecord, models.Model):
    """One saved state of a safety plan. Never changed after it is written; restoring makes a new one."""

    client_path = "plan__client"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField(default=empty_content)
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    restored_from = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="safety_version_number_once"),
            models.CheckConstraint(name="safety_version_number_positive", condition=Q(number__gte=1)),
        ]

    def __str__(self) -> str:
        return f"Version {self.number}"

    def sections(self) -> list[tuple[SectionSpec, list[Any]]]:
        """Pair each section's label and prompt with this version's items, in plan order."""
        return [(spec, list(self.content.get(spec.key, []))) for spec in SAFETY_SECTIONS]

    def items(self, key: str) -> list[Any]:
        """Return one section's items (empty when the section was never filled)."""
        return list(self.content.get(key, []))

    def people_to_call(self) -> list[dict[str, Any]]:
        """Return the people and services in the plan's contact sections, in plan order, those with a phone first."""
        people = [p for spec in SAFETY_SECTIONS if spec.contacts for p in self.items(spec.key) if isinstance(p, dict)]
        return sorted(people, key=lambda p: not p.get("phone"))

    def card_lines(self) -> list[tuple[str, str, list[Any]]]:
        """Return each wallet-card section (key, label, the plan's lines for it), people and professionals together."""
        return [
            (key, label, [item for part in parts for item in self.items(part)]) for key, label, parts in CARD_SECTIONS
        ]

    def compare_with(self, newer: SafetyPlanVersion) -> list[dict[str, Any]]:
        """Per section: what the newer version added and what it no longer has, compared with this one."""
        rows = []
        for spec, old_items in self.sections():
            old_keys = [item_key(i) for i in old_items]
            new_keys = [item_key(i) for i in newer.items(spec.key)]
            rows.append(
                {
                    "spec": spec,
                    "old": old_keys,
                    "new": new_keys,
                    "only_old": [k for k in old_keys if k not in new_keys],
                    "only_new": [k for k in new_keys if k not in old_keys],
                }
            )
        return rows


# "Text HOME" in a line's instructions: the word the service wants as the first message.
TEXT_KEYWORD = re.compile(r"\btext\s+([A-Za-z0-9]{2,20})\b", re.IGNORECASE)
# A chat line's web address, with or without https:// (nothing else becomes a link).
CHAT_ADDRESS = re.compile(r"(https://)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(/[A-Za-z0-9._~/-]*)?")


class CrisisLine(models.Model):
    """A crisis line or emergency number a clinic prints on every plan, with when it was last checked."""

    class Channel(models.TextChoices):
        CALL = "call", "Call"
        TEXT = "text", "Text"
        CHAT = "chat", "Chat online"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="crisis_lines")
    country = models.CharField(max_length=60)
    name = models.CharField(max_length=120)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.CALL)
    number = models.CharField(max_length=40, help_text="The number to call or text, or the web address to chat.")
    instructions = models.CharField(max_length=160, blank=True, help_text='For example: "Text HOME".')
    is_emergency = models.BooleanField(default=False, help_text="The emergency services number.")
    position = models.PositiveSmallIntegerField(default=0)
    last_checked = models.DateField()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_channel_display()}) {self.number}"

    def tel_href(self) -> str:
        """Give the link a phone opens: tel: to call, sms: with the keyword typed in, the web address to chat."""
        digits = "".join(ch for ch in self.number if ch.isdigit() or ch == "+")
        if self.channel == self.Channel.CALL:
            return f"tel:{digits}"
        if self.channel == self.Channel.TEXT:
            keyword = TEXT_KEYWORD.search(self.instructions)
            # "?&body=" is the form both iOS and Android read (iOS wants "&", Android "?").
            return f"sms:{digits}?&body={keyword.group(1)}" if keyword else f"sms:{digits}"
        address = self.number.strip()
        if CHAT_ADDRESS.fullmatch(address):
            return address if address.startswith("https://") else f"https://{address}"
        return ""


class TriggerKind(models.TextChoices):
    PLACE = "place", "A place"
    SOUND = "sound", "A sound"
    SITUATION = "situation", "A situation"
    PERSON = "person", "A person"
    DATE = "date", "A date or anniversary"
    BODY = "body", "A body sensation"
    THOUGHT = "thought", "A thought"


class Trigger(ClientRecord, models.Model):
    """Something that sets off distress or the urge to withdraw, and what helps with it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="triggers")
    name = models.CharField(max_length=160)
    kind = models.CharField(max_length=16, choices=TriggerKind.choices)
    strength = models.PositiveSmallIntegerField(default=50)
    warning_signs = models.TextField(max_length=1000, blank=True)
    what_helps = models.TextField(max_length=1000, blank=True)
    # Coping strategies from the safety plan, copied as text so an edited plan keeps old links readable.
    helpful_strategies = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey("planning.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-strength", "name"]
        constraints = [
            models.CheckConstraint(name="trigger_strength_0_100", condition=Q(strength__gte=0, strength__lte=100)),
        ]

    def __str__(self) -> str:
        return self.name


class ThinkingTrap(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", "All-or-nothing thinking"
    MIND_READING = "mind_reading", "Mind reading"
    FORTUNE_TELLING = "fortune_telling", "Fortune telling"
    CATASTROPHISING = "catastrophising", "Catastrophising"
    DISCOUNTING = "discounting", "Discounting the positive"
    LABELLING = "labelling", "Labelling"
    SHOULD = "should", "Should statements"
    PERSONALISING = "personalising", "Personalising"


def _month_starts(today: date, count: int) -> list[date]:
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


class JournalEntryQuerySet(models.QuerySet["JournalEntry"]):
    def trigger_patterns(self, *, months: int = 6) -> dict[str, Any]:
        """Count how often each trigger was noted in these entries, in total and per month (one query)."""
        links = JournalEntry.triggers.through.objects.filter(journalentry__in=self).values_list(
            "trigger__public_id", "trigger__name", "journalentry__happened_on"
        )
        starts = _month_starts(timezone.localdate(), months)
        rows: dict[Any, dict[str, Any]] = {}
        for trigger_id, name, happened_on in links:
            row = rows.setdefault(trigger_id, {"name": name, "total": 0, "counts": [0] * months})
            row["total"] += 1
            key = date(happened_on.year, happened_on.month, 1)
            if key in starts:
                row["counts"][starts.index(key)] += 1
        ordered = sorted(rows.values(), key=lambda r: (-r["total"], r["name"]))
        top = max((r["total"] for r in ordered), default=0)
        return {"months": starts, "pattern_rows": ordered, "top": top}

    def visible_to(self, user: Any) -> JournalEntryQuerySet:
        """Entries this user may read: all of a client's own; only shared ones for their care team."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.role == Role.CLIENT:
            return self.filter(client__user=user)
        return self.filter(shared_with_care_team=True, client__in=Client.objects.visible_to(user))


class JournalEntry(ClientRecord, models.Model):
    """A note on one social experience, in the client's words. Private unless the client shares it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="journal_entries")
    happened_on = models.DateField(default=timezone.localdate)
    situation = models.TextField(max_length=2000)
    # [{"name": "nervous", "intensity": 70}, ...]
    feelings = models.JSONField(default=list, blank=True)
    thoughts = models.TextField(max_length=2000, blank=True)
    triggers = models.ManyToManyField(Trigger, blank=True, related_name="journal_entries")
    thinking_trap = models.CharField(max_length=20, choices=ThinkingTrap.choices, blank=True)
    evidence_for = models.TextField(max_length=2000, blank=True)
    evidence_against = models.TextField(max_length=2000, blank=True)
    balanced_thought = models.TextField(max_length=2000, blank=True)
    shared_with_care_team = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = JournalEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_on", "-created_at"]
        verbose_name_plural = "journal entries"

    def __str__(self) -> str:
        return f"Journal entry {self.public_id}"
