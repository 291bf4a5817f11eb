"""One scoring function for every measure, and the reliable-change reading between two totals.

Scores follow each instrument's manual: the total is the sum of the item values (reversed
first where an item is reverse-scored), the band comes from the registry's published
cut-offs, and the risk and diagnostic rules are read from the instrument's data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .registry import Instrument, MeasureError, get

Change = Literal["improved", "deteriorated", "no reliable change"]


@dataclass(frozen=True)
class Score:
    code: str
    total: int
    min_total: int
    max_total: int
    band: str
    risk: bool
    risk_items: tuple[int, ...]
    above_cutoff: bool | None
    dsm5_pattern: bool | None


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _checked_answers(instrument: Instrument, answers: Sequence[int]) -> tuple[int, ...]:
    """Return the answers as a tuple, or raise a MeasureError that says what is wrong."""
    code = instrument.code
    if isinstance(answers, str | bytes) or not isinstance(answers, Sequence):
        raise MeasureError(f"{code} answers must be a list of whole numbers, one per question.")
    expected = len(instrument.items)
    if len(answers) != expected:
        given = _plural(len(answers), "answer")
        verb = "was" if len(answers) == 1 else "were"
        raise MeasureError(f"{code} has {_plural(expected, 'question')}; {given} {verb} given.")
    low, high = instrument.min_answer, instrument.max_answer
    for number, answer in enumerate(answers, start=1):
        # bool is a subclass of int, but True is not an answer to any questionnaire.
        if isinstance(answer, bool) or not isinstance(answer, int):
            raise MeasureError(f"{code} question {number}: the answer must be a whole number, not {answer!r}.")
        if not low <= answer <= high:
            raise MeasureError(f"{code} question {number}: {answer} is out of range; answers run from {low} to {high}.")
    return tuple(answers)


def _dsm5_pattern(instrument: Instrument, answers: tuple[int, ...]) -> bool | None:
    """Say whether the answers meet the instrument's DSM-5 cluster rule, if it has one."""
    rule = instrument.diagnostic_rule
    if rule is None:
        return None
    endorsed: dict[str, int] = {}
    for item, answer in zip(instrument.items, answers, strict=True):
        if item.cluster is not None and answer >= rule.endorsed_at:
            endorsed[item.cluster] = endorsed.get(item.cluster, 0) + 1
    return all(endorsed.get(cluster, 0) >= need for cluster, need in rule.clusters)


def score_instrument(instrument: Instrument, answers: Sequence[int]) -> Score:
    """Score answers, in item order, against an instrument."""
    values = _checked_answers(instrument, answers)
    low, high = instrument.min_answer, instrument.max_answer
    total = sum(
        low + high - value if item.reverse_scored else value
        for item, value in zip(instrument.items, values, strict=True)
    )
    rule = instrument.risk_rule
    risk_items = tuple(
        number for number in rule.items if rule.trips_at is not None and values[number - 1] >= rule.trips_at
    )
    return Score(
        code=instrument.code,
        total=total,
        min_total=instrument.min_total,
        max_total=instrument.max_total,
        band=instrument.band_for(total).key,
        risk=bool(risk_items),
        risk_items=risk_items,
        above_cutoff=None if instrument.cutoff is None else total >= instrument.cutoff,
        dsm5_pattern=_dsm5_pattern(instrument, values),
    )


def score(code: str, answers: Sequence[int]) -> Score:
    """Score a completed measure: `answers` are the item values in item order."""
    return score_instrument(get(code), answers)


def _checked_total(instrument: Instrument, total: int) -> int:
    if isinstance(total, bool) or not isinstance(total, int):
        raise MeasureError(f"A {instrument.code} total must be a whole number, not {total!r}.")
    if not instrument.min_total <= total <= instrument.max_total:
        raise MeasureError(
            f"{instrument.code} totals run from {instrument.min_total} to {instrument.max_total}; {total} is outside."
        )
    return total


def reliable_change(code: str, first_total: int, latest_total: int) -> Change:
    """Compare the latest total with the first by the instrument's reliable-change threshold."""
    instrument = get(code)
    change = _checked_total(instrument, latest_total) - _checked_total(instrument, first_total)
    if abs(change) < instrument.reliable_change.threshold:
        return "no reliable change"
    got_worse = change > 0 if instrument.higher_is_worse else change < 0
    return "deteriorated" if got_worse else "improved"
