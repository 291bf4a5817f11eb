"""Load or refresh the shared library from content/data/. Safe to run again and again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from content.loader import load_library


class Command(BaseCommand):
    help = "Create or refresh the shared library from the Markdown files in content/data/."

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_library()
        self.stdout.write(
            f"Library: {result.created} created, {result.updated} updated, {result.unchanged} unchanged, "
            f"{result.kept_local_edits} kept as edited in the admin."
        )
