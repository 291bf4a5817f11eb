"""Load the version-controlled library in content/data/ into the database, idempotently.

Each item is one Markdown file under content/data/<kind>/<slug>.md with a short header:

    ---
    title: Paced breathing
    summary: Slow your breath to calm your body.
    duration_minutes: 3
    ---
    The body, in Markdown.

Header values are plain text on one line; `accommodations` lists several, split by " | ".
The loader creates missing items and updates items whose file changed, but leaves alone
any item staff have edited in the admin (locally_edited), so an edit there is not lost.
The data migration calls it with the historical model, so it sets only fields that model has.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import timezone

DATA_DIR = Path(__file__).resolve().parent / "data"
KIND_DIRS = {
    "topics": "topic",
    "glossary": "term",
    "techniques": "technique",
    "scripts": "script",
    "step_templates": "step_template",
}
INT_FIELDS = {"duration_minutes", "distress_low", "distress_high", "sort_order"}


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_local_edits: int = 0


class LibraryFileError(ValueError):
    """A library file that cannot be read, with the file named."""


def parse_item_file(path: Path) -> dict[str, Any]:
    """Read one item file into a dict of model fields."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        raise LibraryFileError(f"{path.name}: missing the --- header")
    header, _, body = text[4:].partition("\n---\n")
    fields: dict[str, Any] = {"slug": path.stem, "kind": KIND_DIRS[path.parent.name], "body": body.strip()}
    for line in header.splitlines():
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise LibraryFileError(f"{path.name}: header line without a colon: {line!r}")
        key, value = key.strip(), value.strip()
        if key in INT_FIELDS:
            fields[key] = int(value)
        elif key == "accommodations":
            fields[key] = "\n".join(part.strip() for part in value.split(" | ") if part.strip())
        else:
            fields[key] = value
    for required in ("title", "summary"):
        if not fields.get(required):
            raise LibraryFileError(f"{path.name}: {required} is missing")
    fields["source_checksum"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return fields


def library_files(data_dir: Path = DATA_DIR) -> list[Path]:
    """List every item file, in a stable order."""
    return sorted(p for folder in KIND_DIRS for p in (data_dir / folder).glob("*.md"))


def load_library(item_model: Any = None, data_dir: Path = DATA_DIR) -> LoadResult:
    """Create or refresh the shared library from the files; safe to run any number of times."""
    if item_model is None:
        from .models import Item as item_model
    known = {f.name for f in item_model._meta.get_fields()}
    result = LoadResult()
    existing = {item.slug: item for item in item_model.objects.filter(organization__isnull=True)}
    for path in library_files(data_dir):
        fields = {k: v for k, v in parse_item_file(path).items() if k in known}
        item = existing.get(fields["slug"])
        if item is None:
            item_model.objects.create(**fields)
            result.created += 1
        elif getattr(item, "locally_edited", False):
            result.kept_local_edits += 1
        elif item.source_checksum == fields["source_checksum"]:
            result.unchanged += 1
        else:
            for name, value in fields.items():
                setattr(item, name, value)
            if "updated_at" in known:
                item.updated_at = timezone.now()
            item.save()
            result.updated += 1
    if result.created or result.updated:
        from .glossary import clear_glossary_cache

        clear_glossary_cache()
    return result
