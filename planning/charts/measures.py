"""A validated measure over time, on its published bands, with reliable change marked for those who need it."""

from __future__ import annotations

from datetime import date
from typing import Any

from planning.charts.base import (
    BANDS,
    CALM,
    INK,
    MUTED,
    Audience,
    Cell,
    Chart,
    check_audience,
    day_label,
    empty_chart,
    plural,
    render,
)

Band = tuple[int, int, str]
Score = tuple[date, int]

CHANGES = ("improved", "deteriorated", "no reliable change")
# What the care team reads for each result of the reliable-change comparison.
CARE_TEAM_CHANGE = {
    "improved": "reliable improvement",
    "deteriorated": "reliable deterioration",
    "no reliable change": "no reliable change",
}
# The client is told of a reliable improvement only. Anything else is left unlabelled: their own view never
# carries a "worse" badge; the care team sees it as a caseload signal instead.
CLIENT_CHANGE = {"improved": "a real improvement"}


def band_for(total: int, bands: list[Band]) -> str:
    """Return the label of the published band a total falls in, or an empty string outside every band."""
    return next((label for low, high, label in bands if low <= total <= high), "")


def _band_areas(bands: list[Band]) -> list[dict[str, Any]]:
    """Return one shaded area per band, each reaching the next band's floor so the shading has no seams."""
    ordered = sorted(bands)
    areas = []
    for index, (low, high, label) in enumerate(ordered):
        top = ordered[index + 1][0] if index + 1 < len(ordered) else high
        areas.append({"low": low, "top": top, "middle": (low + top) / 2, "label": label, "shade": index})
    return areas


def _date_ticks(points: list[Score]) -> dict[str, Any]:
    """Return date ticks that stay readable: every other week over a few months, else months."""
    if (points[-1][0] - points[0][0]).days <= 120:
        return {"format": "%-d %b", "tickCount": {"interval": "week", "step": 2}}
    return {"format": "%b %Y", "tickCount": {"interval": "month", "step": 2}}


def _padding(bands: list[Band]) -> dict[str, int]:
    """Return room on the right for the longest band name, which Vega does not count when sizing the image."""
    longest = max((len(label) for _, _, label in bands), default=0)
    return {"left": 5, "top": 5, "bottom": 5, "right": 14 + 7 * longest}


def measure_over_time(
    code: str,
    title: str,
    bands: list[Band],
    points: list[Score],
    change: str | None,
    *,
    audience: Audience,
) -> Chart:
    """Chart one instrument's totals over time on its shaded bands, marking reliable change for the audience."""
    check_audience(audience)
    if change is not None and change not in CHANGES:
        raise ValueError(f"change must be one of {CHANGES} or None, not {change!r}")
    client = audience == "client"
    points = sorted(points, key=lambda point: point[0])
    chart_title = f"{title} over time" if client else f"{title} ({code}) over time"
    headers = ("Date", "Score", "Range") if client else ("Date", "Total", "Band")
    if not points:
        return empty_chart(chart_title, f"No {title} answers yet.", headers)

    count = len(points)
    mark = (CLIENT_CHANGE if client else CARE_TEAM_CHANGE).get(change or "") if count > 1 else None
    if client:
        summary = f"Your {title} answers over time ({count} so far), with the usual score ranges shaded"
        if mark:
            summary += f"; your scores show {mark} since your first answers"
    else:
        last_total = points[-1][1]
        summary = (
            f"{code} totals over time ({plural(count, 'answer')}; latest {last_total}, "
            f"{band_for(last_total, bands) or 'outside the bands'}) with the published bands shaded"
        )
        if mark:
            summary += f"; {mark} since the first"
    summary += "."

    floor = min([low for low, _, _ in bands] + [total for _, total in points])
    ceiling = max([high for _, high, _ in bands] + [total for _, total in points])
    y_scale = {"domain": [floor, ceiling], "nice": False, "zero": False}
    x = {
        "field": "date",
        "type": "temporal",
        "scale": {"type": "utc"},
        "title": None,
        "axis": {"labelAngle": 0, "labelOverlap": True, "labelSeparation": 8, **_date_ticks(points)},
    }
    scores = [{"date": day.isoformat(), "total": total} for day, total in points]
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": _band_areas(bands)},
            "mark": {"type": "rect", "opacity": 1},
            "encoding": {
                "y": {"field": "low", "type": "quantitative", "scale": y_scale, "title": "Score"},
                "y2": {"field": "top"},
                "fill": {
                    "field": "shade",
                    "type": "ordinal",
                    "scale": {"domain": list(range(len(BANDS))), "range": list(BANDS)},
                    "legend": None,
                },
            },
        },
        {
            # Band names sit just past the plot's right edge, where no score can cover them.
            "data": {"values": _band_areas(bands)},
            "mark": {"type": "text", "align": "left", "baseline": "middle", "dx": 6, "fontSize": 11, "color": INK},
            "encoding": {
                "x": {"value": {"expr": "width"}},
                "y": {"field": "middle", "type": "quantitative"},
                "text": {"field": "label"},
            },
        },
        {
            "data": {"values": scores},
            "mark": {
                "type": "line",
                "color": CALM,
                "strokeWidth": 2,
                "point": {"filled": True, "size": 60, "color": CALM},
            },
            "encoding": {"x": x, "y": {"field": "total", "type": "quantitative"}},
        },
    ]
    spec: dict[str, Any] = {"layer": layers, "padding": _padding(bands)}
    if mark:
        # Ring the first and the latest answers and say what changed between them above the plot, where the
        # words cannot cover a score or a band name.
        ends = [scores[0], scores[-1]]
        layers.append(
            {
                "data": {"values": ends},
                "mark": {"type": "point", "size": 220, "strokeWidth": 2, "color": INK, "filled": False},
                "encoding": {"x": x, "y": {"field": "total", "type": "quantitative"}},
            }
        )
        since = "since your first answers" if client else "between the first and the latest"
        spec["title"] = {
            "text": f"{mark.capitalize()} {since}",
            "anchor": "start",
            "color": MUTED,
            "fontSize": 12,
            "fontWeight": "normal",
        }
    rows: list[tuple[Cell, ...]] = [(day_label(day), total, band_for(total, bands)) for day, total in points]
    svg = render(spec, title=chart_title, summary=summary)
    return Chart(title=chart_title, summary=summary, headers=headers, rows=rows, svg=svg)
