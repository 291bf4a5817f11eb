"""Charts of one step's practices: distress expected against distress felt, and the feared outcome's likelihood."""

from __future__ import annotations

from datetime import date
from typing import Any

from planning.charts.base import (
    CALM,
    CALM_LIGHT,
    MUTED,
    Audience,
    Cell,
    Chart,
    cell,
    check_audience,
    day_label,
    empty_chart,
    plural,
    render,
    short_day_labels,
)

DistressPoint = tuple[date, int, int | None]
LikelihoodPoint = tuple[date, int, int | None]


def _two_series_encoding(names: tuple[str, str], labels: list[str], y_title: str) -> dict[str, Any]:
    """Return the encoding of two series told apart by colour, shape and dash, on a 0-100 scale."""
    return {
        "x": {
            "field": "practice",
            "type": "ordinal",
            "sort": labels,
            "title": None,
            "axis": {"labelAngle": 0, "labelOverlap": True},
        },
        "y": {"field": "value", "type": "quantitative", "scale": {"domain": [0, 100]}, "title": y_title},
        "color": {"field": "series", "type": "nominal", "scale": {"domain": list(names), "range": [MUTED, CALM]}},
        "shape": {
            "field": "series",
            "type": "nominal",
            "scale": {"domain": list(names), "range": ["square", "circle"]},
        },
    }


def distress_by_practice(step_label: str, points: list[DistressPoint], *, audience: Audience) -> Chart:
    """Chart the distress a client expected before each practice of a step against the peak they felt."""
    check_audience(audience)
    client = audience == "client"
    points = sorted(points, key=lambda point: point[0])
    if client:
        title = f"“{step_label}”: how it felt"
        names = ("What you expected", "At its most intense")
        headers = ("Practice", "Expected (0-100)", "At its most intense (0-100)")
    else:
        title = f"“{step_label}”: expected and peak distress"
        names = ("Expected distress", "Peak distress")
        headers = ("Practice", "Expected SUDS", "Peak SUDS")
    if not points:
        return empty_chart(title, f"No practices of “{step_label}” noted yet.", headers)

    count = len(points)
    peaks = [peak for _, _, peak in points if peak is not None]
    if client:
        summary = (
            f"How intense you expected “{step_label}” to feel and how intense it felt at its most, "
            f"across your {plural(count, 'practice')}"
        )
        if len(peaks) >= 2 and peaks[-1] < peaks[0]:
            summary += ", and your latest practice felt less intense than your first"
        summary += "."
    else:
        last_date, last_expected, last_peak = points[-1]
        summary = (
            f"Expected and peak distress (SUDS 0-100) for “{step_label}” across {plural(count, 'practice')} "
            f"from {day_label(points[0][0])} to {day_label(last_date)}; latest expected {last_expected}, "
            f"peak {cell(last_peak)}."
        )

    labels = short_day_labels([day for day, _, _ in points])
    values: list[dict[str, Any]] = []
    for label, (_, expected, peak) in zip(labels, points, strict=True):
        values.append({"practice": label, "series": names[0], "value": expected})
        if peak is not None:
            values.append({"practice": label, "series": names[1], "value": peak})
    encoding = _two_series_encoding(names, labels, "How intense (0-100)" if client else "SUDS (0-100)")
    spec = {
        "data": {"values": values},
        "encoding": encoding,
        "layer": [
            {
                "mark": {"type": "line", "strokeWidth": 2},
                "encoding": {
                    "strokeDash": {
                        "field": "series",
                        "type": "nominal",
                        "sort": list(names),
                        "scale": {"range": [[6, 4], [1, 0]]},
                        "legend": None,
                    },
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 70, "opacity": 1},
                "encoding": {
                    "color": {**encoding["color"], "title": None},
                    "shape": {**encoding["shape"], "title": None},
                },
            },
        ],
    }
    rows: list[tuple[Cell, ...]] = [(day_label(day), expected, cell(peak)) for day, expected, peak in points]
    return Chart(
        title=title, summary=summary, headers=headers, rows=rows, svg=render(spec, title=title, summary=summary)
    )


def expectancy_gap(points: list[LikelihoodPoint], *, audience: Audience) -> Chart:
    """Chart how likely the feared outcome felt before each practice against how likely it felt after."""
    check_audience(audience)
    client = audience == "client"
    points = sorted(points, key=lambda point: point[0])
    if client:
        title = "What you feared, before and after"
        names = ("Before", "After")
        headers = ("Practice", "Before (%)", "After (%)")
    else:
        title = "Feared outcome: likelihood before and after"
        names = ("Before", "After")
        headers = ("Practice", "Likelihood before (%)", "Likelihood after (%)")
    if not points:
        return empty_chart(title, "No practices noted yet.", headers)

    count = len(points)
    pairs = [(before, after) for _, before, after in points if after is not None]
    mean_change = round(sum(after - before for before, after in pairs) / len(pairs)) if pairs else None
    if client:
        summary = (
            f"How likely the outcome you feared felt before each of your {plural(count, 'practice')}, "
            "and how likely it felt afterwards"
        )
        if mean_change is not None and mean_change < 0:
            summary += f"; on average it felt {-mean_change} points less likely once you had done it"
        summary += "."
    else:
        summary = f"Feared-outcome likelihood before and after across {plural(count, 'practice')}"
        if mean_change is not None:
            summary += f"; mean change {mean_change:+d} points over the {len(pairs)} with an after rating"
        summary += "."

    labels = short_day_labels([day for day, _, _ in points])
    gaps = [
        {"practice": label, "before": before, "after": after}
        for label, (_, before, after) in zip(labels, points, strict=True)
        if after is not None
    ]
    values: list[dict[str, Any]] = []
    for label, (_, before, after) in zip(labels, points, strict=True):
        values.append({"practice": label, "series": names[0], "value": before})
        if after is not None:
            values.append({"practice": label, "series": names[1], "value": after})
    encoding = _two_series_encoding(names, labels, "How likely (%)")
    x = encoding["x"]
    spec = {
        "layer": [
            {
                # The gap itself: a soft bar from before to after, the thing the practice taught.
                "data": {"values": gaps},
                "mark": {"type": "rule", "strokeWidth": 4, "color": CALM_LIGHT},
                "encoding": {
                    "x": x,
                    "y": {"field": "before", "type": "quantitative", "scale": {"domain": [0, 100]}},
                    "y2": {"field": "after"},
                },
            },
            {
                "data": {"values": values},
                "mark": {"type": "point", "filled": True, "size": 80, "opacity": 1},
                "encoding": {
                    "x": x,
                    "y": encoding["y"],
                    "color": {**encoding["color"], "title": None},
                    "shape": {**encoding["shape"], "title": None},
                },
            },
        ],
    }
    rows: list[tuple[Cell, ...]] = [(day_label(day), before, cell(after)) for day, before, after in points]
    return Chart(
        title=title, summary=summary, headers=headers, rows=rows, svg=render(spec, title=title, summary=summary)
    )
