"""Library test helpers: the shared library is loaded by a migration, so every test has it."""

from __future__ import annotations

from typing import Any

import pytest

from content.models import Item


@pytest.fixture
def library_item(db: Any) -> Any:
    """Return a shared library item by its slug."""
    return lambda slug: Item.objects.get(slug=slug, organization=None)
