"""The measures registry: each instrument's published content, read from its JSON file.

Clinical wording lives in `instruments/*.json`, never in code, so that it can be checked
against the published forms line by line. Text Stepwise wrote itself sits under
`stepwise_own` in each file and in `Instrument.stepwise` here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


class MeasureError(ValueError):
    """A measure was asked for, or answered, in a way the instrument does not allow."""


@dataclass(frozen=True)
class Item:
    number: int
    text: str
    cluster: str | None = None
    reverse_scored: bool = False


@dataclass(frozen=True)
class Option:
    value: int
    label: str | None


@dataclass(frozen=True)
class UnscoredItem:
    text: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class Band:
    min: int
    max: int
    label: str
    label_source: str
    description: str | None = None

    @property
    def key(self) -> str:
        """Return the band label in lower case, as scores report it."""
        return self.label.lower()

    def contains(self, total: int) -> bool:
        """Say whether a total falls in this band (both ends included)."""
        return self.min <= total <= self.max


@dataclass(frozen=True)
class RiskRule:
    items: tuple[int, ...]
    trips_at: int | None
    note: str


@dataclass(frozen=True)
class ReliableChange:
    threshold: int
    method: str
    published: bool
    source: str


@dataclass(frozen=True)
class DiagnosticRule:
    endorsed_at: int
    clusters: tuple[tuple[str, int], ...]
    source: str


@dataclass(frozen=True)
class Loinc:
    panel: str | None
    total: str | None


@dataclass(frozen=True)
class StepwiseText:
    helper: str
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Instrument:
    code: str
    title: str
    measures: str
    stem: str
    item_lead: str | None
    items: tuple[Item, ...]
    options: tuple[Option, ...]
    unscored_items: tuple[UnscoredItem, ...]
    higher_is_worse: bool
    bands: tuple[Band, ...]
    bands_source: str
    cutoff: int | None
    risk_rule: RiskRule
    reliable_change: ReliableChange
    diagnostic_rule: DiagnosticRule | None
    licence: str
    source: str
    url: str
    loinc: Loinc
    stepwise: StepwiseText

    @property
    def min_answer(self) -> int:
        """Return the lowest value an answer can take."""
        return min(option.value for option in self.options)

    @property
    def max_answer(self) -> int:
        """Return the highest value an answer can take."""
        return max(option.value for option in self.options)

    @property
    def min_total(self) -> int:
        """Return the lowest possible total."""
        return self.min_answer * len(self.items)

    @property
    def max_total(self) -> int:
        """Return the highest possible total."""
        return self.max_answer * len(self.items)

    def band_for(self, total: int) -> Band:
        """Return the band a total falls in."""
        for band in self.bands:
            if band.contains(total):
                return band
        raise MeasureError(f"{self.code} totals run from {self.min_total} to {self.max_total}; {total} is outside.")


def _optional_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


def _instrument(data: dict[str, Any]) -> Instrument:
    """Build an instrument from the dictionary of one JSON file."""
    rule = data["diagnostic_rule"]
    return Instrument(
        code=str(data["code"]),
        title=str(data["title"]),
        measures=str(data["measures"]),
        stem=str(data["stem"]),
        item_lead=_optional_str(data["item_lead"]),
        items=tuple(
            Item(
                number=int(item["number"]),
                text=str(item["text"]),
                cluster=_optional_str(item.get("cluster")),
                reverse_scored=bool(item.get("reverse_scored", False)),
            )
            for item in data["items"]
        ),
        options=tuple(Option(value=int(o["value"]), label=_optional_str(o["label"])) for o in data["options"]),
        unscored_items=tuple(
            UnscoredItem(text=str(u["text"]), options=tuple(str(label) for label in u["options"]))
            for u in data["unscored_items"]
        ),
        higher_is_worse=bool(data["higher_is_worse"]),
        bands=tuple(
            Band(
                min=int(b["min"]),
                max=int(b["max"]),
                label=str(b["label"]),
                label_source=str(b["label_source"]),
                description=_optional_str(b.get("description")),
            )
            for b in data["bands"]
        ),
        bands_source=str(data["bands_source"]),
        cutoff=_optional_int(data["cutoff"]),
        risk_rule=RiskRule(
            items=tuple(int(n) for n in data["risk_rule"]["items"]),
            trips_at=_optional_int(data["risk_rule"]["trips_at"]),
            note=str(data["risk_rule"]["note"]),
        ),
        reliable_change=ReliableChange(
            threshold=int(data["reliable_change"]["threshold"]),
            method=str(data["reliable_change"]["method"]),
            published=bool(data["reliable_change"]["published"]),
            source=str(data["reliable_change"]["source"]),
        ),
        diagnostic_rule=None
        if rule is None
        else DiagnosticRule(
            endorsed_at=int(rule["endorsed_at"]),
            clusters=tuple((str(name), int(need)) for name, need in rule["clusters"].items()),
            source=str(rule["source"]),
        ),
        licence=str(data["licence"]),
        source=str(data["source"]),
        url=str(data["url"]),
        loinc=Loinc(panel=_optional_str(data["loinc"]["panel"]), total=_optional_str(data["loinc"]["total"])),
        stepwise=StepwiseText(
            helper=str(data["stepwise_own"]["helper"]),
            notes=tuple(str(note) for note in data["stepwise_own"]["notes"]),
        ),
    )


def _check(instrument: Instrument) -> None:
    """Refuse an instrument file whose numbers do not hang together."""
    problems = []
    if [item.number for item in instrument.items] != list(range(1, len(instrument.items) + 1)):
        problems.append("items are not numbered 1, 2, 3, ... in order")
    values = [option.value for option in instrument.options]
    if values != list(range(instrument.min_answer, instrument.max_answer + 1)):
        problems.append("answer values are not contiguous and ascending")
    for total in range(instrument.min_total, instrument.max_total + 1):
        if sum(band.contains(total) for band in instrument.bands) != 1:
            problems.append(f"total {total} is not in exactly one band")
            break
    if problems:
        raise ValueError(f"{instrument.code}: " + "; ".join(problems))


@cache
def _registry() -> dict[str, Instrument]:
    """Load every instrument file once, keyed by code."""
    instruments: dict[str, Instrument] = {}
    folder = resources.files("planning.measures").joinpath("instruments")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        instrument = _instrument(json.loads(entry.read_text(encoding="utf-8")))
        _check(instrument)
        instruments[instrument.code] = instrument
    return instruments


def codes() -> tuple[str, ...]:
    """Return the code of every instrument, in a stable order."""
    return tuple(_registry())


def all_instruments() -> tuple[Instrument, ...]:
    """Return every instrument in the registry."""
    return tuple(_registry().values())


def get(code: str) -> Instrument:
    """Return one instrument by its code ("PHQ-9", "GAD-7", "PCL-5", "UCLA-3", "WSAS")."""
    try:
        return _registry()[code]
    except (KeyError, TypeError):
        known = ", ".join(codes())
        raise MeasureError(f"There is no measure called {code!r}. The measures are {known}.") from None
