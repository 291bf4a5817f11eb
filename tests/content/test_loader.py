"""The version-controlled library loads idempotently and never overwrites an admin's edit."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from content.loader import LibraryFileError, load_library, parse_item_file
from content.models import Item


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    _write(tmp_path / "techniques", "humming.md", "---\ntitle: Humming\nsummary: Hum a tune.\n---\nHum slowly.\n")
    return tmp_path


def test_loading_twice_creates_nothing_new(db):
    result = load_library()
    assert result.created == 0
    assert result.updated == 0


def test_the_command_reports_what_it_did(db, capsys):
    call_command("load_library")
    assert "0 created" in capsys.readouterr().out


def test_a_new_file_becomes_a_new_item(db, data_dir):
    load_library(data_dir=data_dir)
    assert Item.objects.get(slug="humming").kind == "technique"


def test_a_changed_file_updates_its_item(db, data_dir):
    load_library(data_dir=data_dir)
    _write(data_dir / "techniques", "humming.md", "---\ntitle: Humming\nsummary: Hum.\n---\nHum very slowly.\n")
    load_library(data_dir=data_dir)
    assert Item.objects.get(slug="humming").body == "Hum very slowly."


def test_an_item_edited_in_the_admin_keeps_its_edit(db, data_dir):
    load_library(data_dir=data_dir)
    Item.objects.filter(slug="humming").update(body="Staff wording.", locally_edited=True)
    _write(data_dir / "techniques", "humming.md", "---\ntitle: Humming\nsummary: Hum.\n---\nNew file wording.\n")
    load_library(data_dir=data_dir)
    assert Item.objects.get(slug="humming").body == "Staff wording."


def test_a_file_without_a_title_is_reported_by_name(tmp_path):
    path = _write(tmp_path / "topics", "broken.md", "---\nsummary: No title here.\n---\nText.\n")
    with pytest.raises(LibraryFileError, match=r"broken\.md: title is missing"):
        parse_item_file(path)
