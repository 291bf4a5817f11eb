"""Charts of a client's weeks and months: practices, contacts, rest, and the widening social world."""

from __future__ import annotations

from datetime import date
from typing import Any

from planning.charts.base import (
    CALM,
    CALM_DARK,
    CALM_LIGHT,
    MUTED,
    PALE,
    REST,
    REST_EDGE,
    REST_WORD,
    Audience,
    Cell,
    Chart,
    check_audience,
    day_label,
    empty_chart,
    month_label,
    plural,
    render,
    short_day_labels,
)

Week = tuple[date, int, int | None, int | None, bool]
Month = tuple[date, int, int]

# Beyond this many weeks a band is too narrow for the word "rest" inside it.
WORDS_FIT = 20
WEEK_SERIES = ("Practices", "Contacts in person", "Contacts online")


def _week_cell(value: int | None, rest: bool) -> Cell:
    """Return a week's count for the table; in a rest week nothing done reads as rest, never as a zero."""
    if rest and not value:
        return REST_WORD
    return "not noted" if value is None else value


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def weekly_activity(weeks: list[Week], *, audience: Audience) -> Chart:
    """Chart practices and social contacts per week, with rest weeks drawn as rest rather than as nothing."""
    check_audience(audience)
    client = audience == "client"
    weeks = sorted(weeks, key=lambda week: week[0])
    title = "Your weeks" if client else "Practices and contacts per week"
    headers = ("Week of", *WEEK_SERIES)
    if not weeks:
        return empty_chart(title, "No weeks noted yet.", headers)

    count = len(weeks)
    rests = sum(1 for week in weeks if week[4])
    rest_clause = f", with {plural(rests, 'rest week')} shown as rest" if rests else ""
    if client:
        summary = f"Your practices and contacts with people each week over {plural(count, 'week')}{rest_clause}."
    else:
        practices = sum(week[1] for week in weeks)
        summary = (
            f"Practices and social contacts (in person and online) per week over {plural(count, 'week')}, "
            f"{plural(practices, 'practice')} in all{rest_clause}."
        )

    labels = short_day_labels([week[0] for week in weeks])
    bars: list[dict[str, Any]] = []
    rest_weeks: list[dict[str, Any]] = []
    for label, (_, practices, in_person, online, rest) in zip(labels, weeks, strict=True):
        if rest:
            rest_weeks.append({"week": label, "note": REST_WORD})
        for name, value in zip(WEEK_SERIES, (practices, in_person, online), strict=True):
            # A rest week draws only what the client chose to do; its empty counts are the rest band, not zeros.
            if value is not None and (value or not rest):
                bars.append({"week": label, "series": name, "value": value})
    top = max([1, *(bar["value"] for bar in bars)])
    axis = {"labelAngle": 0, "labelOverlap": "greedy", "labelSeparation": 6}
    x = {"field": "week", "type": "ordinal", "sort": labels, "title": "Week of", "axis": axis}
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": rest_weeks},
            "mark": {"type": "bar", "color": REST, "stroke": REST_EDGE, "strokeWidth": 1},
            "encoding": {"x": x, "y": {"datum": 0}, "y2": {"datum": top}},
        },
        {
            "data": {"values": rest_weeks},
            "mark": {"type": "text", "baseline": "top", "dy": 4, "fontSize": 12},
            "encoding": {"x": x, "y": {"datum": top}, "text": {"field": "note"}},
        },
        {
            "data": {"values": bars},
            "mark": {"type": "bar", "strokeWidth": 1},
            "encoding": {
                "x": x,
                "xOffset": {"field": "series", "sort": list(WEEK_SERIES)},
                "y": {
                    "field": "value",
                    "type": "quantitative",
                    "title": "How many",
                    "scale": {"domain": [0, top]},
                    "axis": {"tickMinStep": 1, "format": "d"},
                },
                "fill": {
                    "field": "series",
                    "type": "nominal",
                    "sort": list(WEEK_SERIES),
                    "scale": {"domain": list(WEEK_SERIES), "range": [CALM, CALM_LIGHT, PALE]},
                    "title": None,
                },
                # Light bars get a dark edge so every bar stands out from the page by 3:1 or more.
                "stroke": {
                    "field": "series",
                    "type": "nominal",
                    "scale": {"domain": list(WEEK_SERIES), "range": [CALM, CALM_DARK, MUTED]},
                    "title": None,
                },
            },
        },
    ]
    rows = [
        (day_label(start), _week_cell(practices, rest), _week_cell(in_person, rest), _week_cell(online, rest))
        for start, practices, in_person, online, rest in weeks
    ]
    spec: dict[str, Any] = {"layer": layers}
    if len(weeks) > WORDS_FIT:
        # Too narrow to write "rest" in each band: drop the words and say once, above the plot, what they mean.
        del layers[1]
        spec["title"] = {
            "text": "Pale green bands are rest weeks",
            "anchor": "start",
            "color": MUTED,
            "fontSize": 12,
            "fontWeight": "normal",
        }
    svg = render(spec, title=title, summary=summary)
    return Chart(title=title, summary=summary, headers=headers, rows=list(rows), svg=svg)


def widening_world(months: list[Month], *, audience: Audience) -> Chart:
    """Chart how many distinct settings and people a client practised with in each month."""
    check_audience(audience)
    client = audience == "client"
    months = sorted(months, key=lambda month: month[0])
    if client:
        title = "Your widening world"
        names = ("Different places", "Different people")
    else:
        title = "Distinct settings and people per month"
        names = ("Distinct settings", "Distinct people")
    headers = ("Month", *names)
    if not months:
        return empty_chart(title, "No practices noted yet.", headers)

    count = len(months)
    (first, first_settings, first_people), (last, last_settings, last_people) = months[0], months[-1]
    if client:
        summary = f"How many different places and people you practised with each month, over {plural(count, 'month')}"
        if count > 1 and last_settings + last_people > first_settings + first_people:
            summary += f", from {plural(first_settings, 'place')} and {_people(first_people)} in {month_label(first)}"
            summary += f" to {plural(last_settings, 'place')} and {_people(last_people)} in {month_label(last)}"
        summary += "."
    else:
        summary = (
            f"Distinct settings and people practised with per month over {plural(count, 'month')}: "
            f"{plural(first_settings, 'setting')} and {_people(first_people)} in {month_label(first)}, "
            f"{plural(last_settings, 'setting')} and {_people(last_people)} in {month_label(last)}."
        )

    labels = [month_label(start) for start, _, _ in months]
    values = [
        {"month": label, "series": name, "value": value}
        for label, (_, settings, people) in zip(labels, months, strict=True)
        for name, value in zip(names, (settings, people), strict=True)
    ]
    series = {"field": "series", "type": "nominal"}
    spec = {
        "data": {"values": values},
        "encoding": {
            "x": {"field": "month", "type": "ordinal", "sort": labels, "title": None, "axis": {"labelAngle": 0}},
            "y": {
                "field": "value",
                "type": "quantitative",
                "title": "How many",
                "axis": {"tickMinStep": 1, "format": "d"},
            },
            "color": {**series, "scale": {"domain": list(names), "range": [CALM, MUTED]}, "title": None},
            "shape": {**series, "scale": {"domain": list(names), "range": ["circle", "square"]}, "title": None},
        },
        "layer": [
            {
                "mark": {"type": "line", "strokeWidth": 2},
                "encoding": {
                    "strokeDash": {
                        **series,
                        "scale": {"domain": list(names), "range": [[1, 0], [6, 4]]},
                        "legend": None,
                    }
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 70, "opacity": 1},
            },
        ],
    }
    rows: list[tuple[Cell, ...]] = [(month_label(start), settings, people) for start, settings, people in months]
    return Chart(
        title=title, summary=summary, headers=headers, rows=rows, svg=render(spec, title=title, summary=summary)
    )
