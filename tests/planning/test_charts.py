"""Progress charts: safe under the strict CSP, accessible, printable, and kind in what they say to the client."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date, timedelta

import pytest
import weasyprint

from planning.charts import (
    Chart,
    distress_by_practice,
    expectancy_gap,
    measure_over_time,
    weekly_activity,
    widening_world,
)
from planning.charts.base import BANDS, CALM, CALM_DARK, CALM_LIGHT, INK, LINE, MUTED, PALE, REST, REST_EDGE, finish_svg

START = date(2025, 3, 3)
PRACTICES = [
    (START + timedelta(days=4 * i), e, p) for i, (e, p) in enumerate([(70, 80), (60, 55), (55, None), (45, 35)])
]
LIKELIHOODS = [(START + timedelta(days=4 * i), b, a) for i, (b, a) in enumerate([(80, 30), (70, None), (55, 15)])]
WEEKS = [
    (START, 2, 1, 3, False),
    (START + timedelta(weeks=1), 0, 0, 0, True),
    (START + timedelta(weeks=2), 0, None, 2, True),
    (START + timedelta(weeks=3), 3, 2, None, False),
]
MONTHS = [(date(2025, 1, 1), 1, 1), (date(2025, 2, 1), 2, 3), (date(2025, 3, 1), 4, 5)]
PHQ9_BANDS = [
    (0, 4, "minimal"),
    (5, 9, "mild"),
    (10, 14, "moderate"),
    (15, 19, "moderately severe"),
    (20, 27, "severe"),
]
FALLING = [(START + timedelta(weeks=2 * i), total) for i, total in enumerate([18, 15, 12, 8])]
RISING = [(START + timedelta(weeks=2 * i), total) for i, total in enumerate([6, 9, 13, 17])]

BUILDERS: dict[str, Callable[[str], Chart]] = {
    "distress": lambda audience: distress_by_practice("Coffee with Sam", PRACTICES, audience=audience),
    "expectancy": lambda audience: expectancy_gap(LIKELIHOODS, audience=audience),
    "weekly": lambda audience: weekly_activity(WEEKS, audience=audience),
    "world": lambda audience: widening_world(MONTHS, audience=audience),
    "measure": lambda audience: measure_over_time(
        "PHQ-9", "Mood", PHQ9_BANDS, RISING, "deteriorated", audience=audience
    ),
}
EMPTY_BUILDERS: dict[str, Callable[[str], Chart]] = {
    "distress": lambda audience: distress_by_practice("Coffee with Sam", [], audience=audience),
    "expectancy": lambda audience: expectancy_gap([], audience=audience),
    "weekly": lambda audience: weekly_activity([], audience=audience),
    "world": lambda audience: widening_world([], audience=audience),
    "measure": lambda audience: measure_over_time("PHQ-9", "Mood", PHQ9_BANDS, [], None, audience=audience),
}
CASES = [(name, audience) for name in BUILDERS for audience in ("client", "care_team")]
IDS = [f"{name}-{audience}" for name, audience in CASES]

SVG = "{http://www.w3.org/2000/svg}"
FORBIDDEN = {"script", "style", "foreignObject", "image", "iframe", "object", "embed"}
CLIENT_FORBIDDEN = re.compile(
    r"\b(worse\w*|deteriorat\w*|declin\w*|fail\w*|missed|overdue|streaks?|should\s+have|weak\w*|lazy|behind)\b",
    re.IGNORECASE,
)
PALETTE = {
    INK,
    MUTED,
    CALM,
    CALM_DARK,
    CALM_LIGHT,
    PALE,
    LINE,
    REST,
    REST_EDGE,
    *BANDS,
    "#ffffff",
    "none",
}


def chart_for(name: str, audience: str) -> Chart:
    return BUILDERS[name](audience)


def parse(chart: Chart) -> ET.Element:
    return ET.fromstring(str(chart.svg))  # noqa: S314 - our own output


def local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def texts(chart: Chart) -> list[str]:
    """Return everything a person can read of a chart: title, summary, table and the words drawn in the image."""
    words = [chart.title, chart.summary, *chart.headers, *(str(value) for row in chart.rows for value in row)]
    if chart.svg:
        words += [element.text or "" for element in parse(chart).iter()]
    return words


def drawn_words(chart: Chart) -> list[str]:
    return [element.text for element in parse(chart).iter(f"{SVG}text") if element.text]


def contrast(colour: str) -> float:
    """Return a colour's WCAG contrast ratio against white."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


@pytest.mark.parametrize(("name", "audience"), CASES, ids=IDS)
def test_every_chart_is_an_image_named_by_its_own_title_and_description(name, audience):
    chart = chart_for(name, audience)
    root = parse(chart)
    title_id, desc_id = root.get("aria-labelledby", "").split()
    found = {element.get("id"): element for element in root.iter()}
    assert (local(root.tag), root.get("role")) == ("svg", "img")
    assert (found[title_id].tag, found[title_id].text) == (f"{SVG}title", chart.title)
    assert (found[desc_id].tag, found[desc_id].text) == (f"{SVG}desc", chart.summary)


@pytest.mark.parametrize(("name", "audience"), CASES, ids=IDS)
def test_no_chart_holds_script_style_or_embedded_content(name, audience):
    assert not {local(element.tag) for element in parse(chart_for(name, audience)).iter()} & FORBIDDEN


@pytest.mark.parametrize(("name", "audience"), CASES, ids=IDS)
def test_no_chart_carries_a_style_or_event_attribute(name, audience):
    attributes = {local(key) for element in parse(chart_for(name, audience)).iter() for key in element.attrib}
    assert "style" not in attributes
    assert not [key for key in attributes if key.lower().startswith("on")]


@pytest.mark.parametrize(("name", "audience"), CASES, ids=IDS)
def test_no_chart_refers_to_anything_outside_itself(name, audience):
    root = parse(chart_for(name, audience))
    values = [value for element in root.iter() for key, value in element.attrib.items() if key != "xmlns"]
    hrefs = [value for element in root.iter() for key, value in element.attrib.items() if local(key) == "href"]
    assert not [value for value in values if "http" in value or ("url(" in value and "url(#" not in value)]
    assert all(href.startswith("#") for href in hrefs)


@pytest.mark.parametrize(("name", "audience"), CASES, ids=IDS)
def test_every_colour_comes_from_the_calm_palette(name, audience):
    root = parse(chart_for(name, audience))
    colours = {element.get(key) for element in root.iter() for key in ("fill", "stroke") if element.get(key)}
    assert colours <= PALETTE


@pytest.mark.parametrize(("name", "audience"), CASES, ids=IDS)
def test_every_word_drawn_meets_wcag_aa_contrast(name, audience):
    root = parse(chart_for(name, audience))
    fills = {element.get("fill") or INK for element in root.iter(f"{SVG}text")}
    assert min(contrast(fill) for fill in fills) >= 4.5


@pytest.mark.parametrize(("name", "audience"), CASES, ids=IDS)
def test_the_summary_is_one_plain_sentence(name, audience):
    summary = chart_for(name, audience).summary
    assert summary.endswith(".")
    assert ". " not in summary


def test_two_charts_on_one_page_share_no_id():
    ids = [element.get("id") for _ in range(2) for element in parse(chart_for("measure", "client")).iter()]
    ids = [value for value in ids if value]
    assert len(ids) == len(set(ids)) >= 4


def test_every_reference_points_inside_the_same_chart():
    root = parse(chart_for("measure", "care_team"))
    ids = {element.get("id") for element in root.iter()}
    references = re.findall(r"url\(#([^)]+)\)", " ".join(v for e in root.iter() for v in e.attrib.values()))
    references += [root.get("aria-labelledby", "")]
    assert all(ref in ids for reference in references for ref in reference.split())


def test_the_distress_table_has_one_row_per_practice_in_date_order():
    chart = distress_by_practice("Coffee with Sam", list(reversed(PRACTICES)), audience="care_team")
    assert chart.headers == ("Practice", "Expected SUDS", "Peak SUDS")
    assert chart.rows == [
        ("3 Mar 2025", 70, 80),
        ("7 Mar 2025", 60, 55),
        ("11 Mar 2025", 55, "not noted"),
        ("15 Mar 2025", 45, 35),
    ]


def test_two_practices_on_one_day_keep_their_own_place_on_the_chart():
    chart = distress_by_practice("Coffee with Sam", [(START, 50, 40), (START, 45, 30)], audience="client")
    assert {"3 Mar", "3 Mar (2)"} <= set(drawn_words(chart))


def test_the_expectancy_table_keeps_before_and_after_side_by_side():
    assert expectancy_gap(LIKELIHOODS, audience="client").rows == [
        ("3 Mar 2025", 80, 30),
        ("7 Mar 2025", 70, "not noted"),
        ("11 Mar 2025", 55, 15),
    ]


def test_the_client_is_shown_how_much_less_likely_the_fear_felt_afterwards():
    assert "on average it felt 45 points less likely" in expectancy_gap(LIKELIHOODS, audience="client").summary


def test_the_care_team_reads_the_mean_expectancy_change():
    assert (
        "mean change -45 points over the 2 with an after rating"
        in expectancy_gap(LIKELIHOODS, audience="care_team").summary
    )


def test_rest_weeks_read_as_rest_in_the_table_never_as_zero():
    rows = weekly_activity(WEEKS, audience="client").rows
    assert rows[1] == ("10 Mar 2025", "rest", "rest", "rest")
    assert rows[2] == ("17 Mar 2025", "rest", "rest", 2)


def test_a_count_not_given_in_an_ordinary_week_reads_as_not_noted():
    assert weekly_activity(WEEKS, audience="care_team").rows[3] == ("24 Mar 2025", 3, 2, "not noted")


def test_each_rest_week_is_drawn_as_a_calm_band_labelled_rest():
    root = parse(weekly_activity(WEEKS, audience="client"))
    rest_bands = [element for element in root.iter() if element.get("fill") == REST]
    assert len(rest_bands) == 2
    assert drawn_words(weekly_activity(WEEKS, audience="client")).count("rest") == 2


def test_the_weekly_summary_says_rest_weeks_are_shown_as_rest():
    assert "with 2 rest weeks shown as rest" in weekly_activity(WEEKS, audience="client").summary


def test_the_widening_world_tells_the_client_how_far_it_has_grown():
    summary = widening_world(MONTHS, audience="client").summary
    assert "from 1 place and 1 person in Jan 2025 to 4 places and 5 people in Mar 2025" in summary


def test_the_widening_world_table_has_a_row_per_month():
    assert widening_world(MONTHS, audience="care_team").rows == [
        ("Jan 2025", 1, 1),
        ("Feb 2025", 2, 3),
        ("Mar 2025", 4, 5),
    ]


@pytest.mark.parametrize("change", ["improved", "deteriorated", "no reliable change", None])
def test_client_words_never_name_deterioration_or_shame(change):
    points = RISING if change == "deteriorated" else FALLING
    chart = measure_over_time("PHQ-9", "Mood", PHQ9_BANDS, points, change, audience="client")
    assert not [word for word in texts(chart) if CLIENT_FORBIDDEN.search(word)]


@pytest.mark.parametrize("name", BUILDERS)
def test_no_client_chart_uses_a_shame_word(name):
    assert not [word for word in texts(chart_for(name, "client")) if CLIENT_FORBIDDEN.search(word)]


def test_the_care_team_summary_names_reliable_deterioration():
    chart = measure_over_time("PHQ-9", "Mood", PHQ9_BANDS, RISING, "deteriorated", audience="care_team")
    assert "reliable deterioration since the first" in chart.summary
    assert "Reliable deterioration between the first and the latest" in drawn_words(chart)


def test_the_client_sees_a_reliable_improvement_celebrated():
    chart = measure_over_time("PHQ-9", "Mood", PHQ9_BANDS, FALLING, "improved", audience="client")
    assert "your scores show a real improvement since your first answers" in chart.summary
    assert "A real improvement since your first answers" in drawn_words(chart)


def test_the_client_sees_no_change_label_when_there_was_no_improvement():
    chart = measure_over_time("PHQ-9", "Mood", PHQ9_BANDS, RISING, "deteriorated", audience="client")
    assert chart.summary == "Your Mood answers over time (4 so far), with the usual score ranges shaded."


def test_every_band_of_a_measure_is_shaded_and_named():
    chart = measure_over_time("PHQ-9", "Mood", PHQ9_BANDS, FALLING, None, audience="client")
    fills = {element.get("fill") for element in parse(chart).iter()}
    assert {label for _, _, label in PHQ9_BANDS} <= set(drawn_words(chart))
    assert set(BANDS[: len(PHQ9_BANDS)]) <= fills


def test_each_score_row_names_its_band():
    chart = measure_over_time("PHQ-9", "Mood", PHQ9_BANDS, FALLING, None, audience="care_team")
    assert chart.rows == [
        ("3 Mar 2025", 18, "moderately severe"),
        ("17 Mar 2025", 15, "moderately severe"),
        ("31 Mar 2025", 12, "moderate"),
        ("14 Apr 2025", 8, "mild"),
    ]


def test_a_single_answer_marks_no_change():
    chart = measure_over_time("PHQ-9", "Mood", PHQ9_BANDS, FALLING[:1], "improved", audience="care_team")
    assert "reliable" not in chart.summary


def test_an_unknown_change_is_refused():
    with pytest.raises(ValueError, match="change must be one of"):
        measure_over_time("PHQ-9", "Mood", PHQ9_BANDS, FALLING, "worse", audience="care_team")


def test_an_unknown_audience_is_refused():
    with pytest.raises(ValueError, match="audience must be one of"):
        weekly_activity(WEEKS, audience="public")  # type: ignore[arg-type]


@pytest.mark.parametrize("name", EMPTY_BUILDERS)
def test_no_data_gives_a_calm_chart_with_no_image(name):
    chart = EMPTY_BUILDERS[name]("client")
    assert (chart.is_empty, chart.rows, str(chart.svg)) == (True, [], "")
    assert chart.summary.startswith("No ") and chart.summary.endswith(" yet.")


def test_a_step_label_with_markup_stays_plain_text():
    chart = distress_by_practice("<script>alert(1)</script>", PRACTICES, audience="client")
    assert "<script>" not in str(chart.svg)
    assert "script" not in {local(element.tag) for element in parse(chart).iter()}


def test_the_cleaner_drops_what_a_strict_csp_refuses_and_keeps_local_references():
    raw = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="x()">'
        "<style>rect{fill:red}</style><script>x()</script>"
        '<defs><clipPath id="clip1"><rect width="5" height="5"/></clipPath></defs>'
        '<rect style="fill:red" onclick="x()" clip-path="url(#clip1)" fill="url(http://evil.test/a.svg#p)"/>'
        '<image href="http://evil.test/a.png"/><use xlink:href="#clip1"/><use href="http://evil.test/b.svg#c"/>'
        "</svg>"
    )
    root = ET.fromstring(str(finish_svg(raw, title="T", summary="S")))  # noqa: S314
    tags = [local(element.tag) for element in root.iter()]
    rect = root.find(f"{SVG}rect")
    uses = [element.attrib for element in root.iter(f"{SVG}use")]
    assert tags == ["svg", "title", "desc", "defs", "clipPath", "rect", "rect", "use", "use"]
    assert rect is not None and rect.attrib == {"clip-path": f"url(#{root.get('id')}-clip1)"}
    assert uses == [{"href": f"#{root.get('id')}-clip1"}, {}]


def test_every_chart_prints_with_weasyprint():
    svgs = "".join(str(chart_for(name, audience).svg) for name, audience in CASES)
    pdf = weasyprint.HTML(string=f"<html><body>{svgs}</body></html>").write_pdf()
    assert pdf is not None and pdf.startswith(b"%PDF")


def test_a_long_run_of_weeks_says_once_which_bands_are_rest():
    weeks = [(START + timedelta(weeks=i), 1, 1, 1, i % 5 == 0) for i in range(30)]
    chart = weekly_activity(weeks, audience="client")
    assert "Pale green bands are rest weeks" in drawn_words(chart)
    assert len([element for element in parse(chart).iter() if element.get("fill") == REST]) == 6
