"""The library's writing: enough of it, plain enough to read, and free of shame words.

Reading level is checked per item with textstat's Flesch-Kincaid grade. textstat looks words up
in NLTK's CMU dictionary, which would need a download; tests never touch the network, so
syllables are counted with Pyphen (textstat's own fallback, shipped with it) instead.
"""

from __future__ import annotations

import pytest
import textstat
import textstat.backend.counts._count_syllables as syllable_counter

from content.loader import library_files, parse_item_file
from content.markdown import plain_text
from content.models import Item, Kind
from tests.test_shame_words import shame_words

MAX_GRADE = 9
REQUIRED_TERMS = {
    "hypervigilant social avoidance",
    "emotional numbing",
    "interpersonal trust erosion",
    "self-stigmatisation loop",
    "avoidant-coping spiral",
    "relational threat perception",
    "shame-driven withdrawal",
    "rejection sensitivity",
    "social pain amplification",
    "ostracism-induced rumination",
    "perceived belongingness threat",
    "emotional decompression",
    "window of tolerance",
    "suds",
    "exposure ladder",
}
FILES = library_files()
CLIENT_FACING = [f for f in FILES if parse_item_file(f).get("audience", "everyone") == "everyone"]


@pytest.fixture(autouse=True)
def _offline_syllables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(syllable_counter, "get_cmudict", lambda lang: None)


@pytest.mark.parametrize(
    ("kind", "at_least"),
    [(Kind.TOPIC, 8), (Kind.TERM, 15), (Kind.TECHNIQUE, 8), (Kind.SCRIPT, 10), (Kind.STEP_TEMPLATE, 30)],
)
def test_a_fresh_install_has_the_whole_library(db, kind, at_least):
    assert Item.objects.global_only().of_kind(kind).count() >= at_least


def test_the_glossary_has_every_term_the_clinic_asked_for(db):
    titles = {title.lower() for title in Item.objects.of_kind(Kind.TERM).values_list("title", flat=True)}
    assert titles >= REQUIRED_TERMS


def test_step_ideas_cover_every_setting_and_area(db):
    templates = Item.objects.of_kind(Kind.STEP_TEMPLATE)
    assert set(templates.values_list("setting", flat=True)) == {"online", "in_person", "blended"}
    assert len(set(templates.values_list("area", flat=True))) == 6


@pytest.mark.parametrize("path", CLIENT_FACING, ids=[f.stem for f in CLIENT_FACING])
def test_each_item_reads_at_about_a_year_8_level(path):
    item = parse_item_file(path)
    text = plain_text(item["body"])
    assert textstat.flesch_kincaid_grade(text) <= MAX_GRADE


@pytest.mark.parametrize("path", CLIENT_FACING, ids=[f.stem for f in CLIENT_FACING])
def test_no_client_facing_item_uses_shame_language(path):
    item = parse_item_file(path)
    text = " ".join(str(item.get(k, "")) for k in ("title", "summary", "body", "when_to_use", "accommodations"))
    assert not shame_words(text)


def test_the_shame_word_check_catches_a_shame_word():
    assert shame_words("You missed a step.")


def test_the_reading_level_check_catches_dense_writing():
    dense = (
        "Comprehensive psychoeducational interventions demonstrably ameliorate maladaptive interpersonal "
        "avoidance, notwithstanding considerable heterogeneity regarding methodological characteristics."
    )
    assert textstat.flesch_kincaid_grade(dense) > MAX_GRADE
