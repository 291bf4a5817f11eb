"""Validated measures: the instruments as data, and the one way to score them.

from planning.measures import score, reliable_change, get

score("PHQ-9", [1, 2, 0, 3, 1, 0, 2, 1, 0])   # Score(total=10, band="moderate", risk=False, ...)
reliable_change("PCL-5", 52, 38)             # "improved"
"""

from __future__ import annotations

from .registry import (
    Band,
    DiagnosticRule,
    Instrument,
    Item,
    Loinc,
    MeasureError,
    Option,
    ReliableChange,
    RiskRule,
    StepwiseText,
    UnscoredItem,
    all_instruments,
    codes,
    get,
)
from .scoring import Change, Score, reliable_change, score, score_instrument

__all__ = [
    "Band",
    "Change",
    "DiagnosticRule",
    "Instrument",
    "Item",
    "Loinc",
    "MeasureError",
    "Option",
    "ReliableChange",
    "RiskRule",
    "Score",
    "StepwiseText",
    "UnscoredItem",
    "all_instruments",
    "codes",
    "get",
    "reliable_change",
    "score",
    "score_instrument",
]
