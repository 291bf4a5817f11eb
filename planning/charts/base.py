"""The Chart record and the one path from a Vega-Lite spec to a CSP-safe, accessible inline SVG."""

from __future__ import annotations

import json
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Literal

import vl_convert
from django.utils.safestring import SafeString, mark_safe

Audience = Literal["client", "care_team"]
Cell = str | int
AUDIENCES = ("client", "care_team")

# Vega-Lite is bundled inside vl-convert-python; pin the release so an upgrade cannot move the charts silently.
VEGA_LITE_VERSION = "6.4"

# The calm palette of static/css/stepwise.css. Text uses INK or MUTED only (7:1 or more on white, WCAG AA);
# marks use CALM and MUTED (3:1 or more, WCAG 1.4.11) and differ by shape and dash too, never by colour alone.
INK = "#1f2933"
MUTED = "#4a5560"
CALM = "#245f73"
CALM_DARK = "#1a4756"
CALM_LIGHT = "#9bb7c2"
PALE = "#e3ebee"
LINE = "#d5dcda"
SURFACE = "#f6f8f7"
REST = "#eef6ef"
REST_EDGE = "#b9d3bd"
# Measure bands, lightest for the lowest scores; ink text reads at 9:1 or more on every one of them.
BANDS = ("#f6f8f7", "#e8f0f2", "#dae7eb", "#ccdde3", "#bed4dc", "#b0cad4")

NOT_NOTED = "not noted"
REST_WORD = "rest"

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

FORBIDDEN_ELEMENTS = {"script", "style", "foreignObject", "image", "iframe", "object", "embed", "a"}
HREF_ATTRIBUTES = {"href", f"{{{XLINK_NS}}}href"}
# Vega's own ARIA and class names are dropped: the root carries role="img" with its title and desc, and the
# site's stylesheet must not catch Vega's class names (".background", ".marks").
DROPPED_ATTRIBUTES = {"class", "role", "aria-label", "aria-roledescription", "aria-hidden", "pointer-events"}
LOCAL_URL = re.compile(r"url\(#([^)]+)\)")
EXTERNAL_URL = re.compile(r"url\(\s*(?!#)")


@dataclass(frozen=True)
class Chart:
    """One chart: an inline SVG image plus the words and table that say the same for readers and print."""

    title: str
    summary: str
    headers: tuple[str, ...]
    rows: list[tuple[Cell, ...]] = field(default_factory=list)
    svg: SafeString = field(default_factory=lambda: SafeString(""))

    @property
    def is_empty(self) -> bool:
        """Tell the template to show the summary alone: there is nothing to draw yet."""
        return not self.rows


def check_audience(audience: str) -> None:
    """Refuse an audience other than the two the wording is written for."""
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {AUDIENCES}, not {audience!r}")


def day_label(day: date) -> str:
    """Return a date as people write it, the same in every locale: '3 Mar 2025'."""
    return f"{day.day} {day:%b %Y}"


def month_label(day: date) -> str:
    """Return the month of a date: 'Mar 2025'."""
    return f"{day:%b %Y}"


def short_day_labels(days: list[date]) -> list[str]:
    """Return a unique short axis label per practice ('3 Mar', '3 Mar (2)') so same-day practices stay apart."""
    seen: dict[str, int] = {}
    labels = []
    for day in days:
        label = f"{day.day} {day:%b}"
        seen[label] = seen.get(label, 0) + 1
        labels.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return labels


def plural(count: int, word: str) -> str:
    """Return '1 practice' or '3 practices'."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def cell(value: int | None, missing: str = NOT_NOTED) -> Cell:
    """Return a table cell for a number that may not have been noted."""
    return missing if value is None else value


def empty_chart(title: str, summary: str, headers: tuple[str, ...]) -> Chart:
    """Return the calm chart-less result: a title, a friendly sentence, no table rows and no image."""
    return Chart(title=title, summary=summary, headers=headers)


def config() -> dict[str, Any]:
    """Return the shared Vega-Lite config: calm palette, readable sizes, no Vega ARIA (the root has its own)."""
    axis = {
        "labelColor": INK,
        "titleColor": INK,
        "labelFontSize": 12,
        "titleFontSize": 12,
        "titleFontWeight": "normal",
        "gridColor": LINE,
        "domainColor": MUTED,
        "tickColor": MUTED,
    }
    return {
        "aria": False,
        "background": "#ffffff",
        "font": "sans-serif",
        "view": {"stroke": None},
        "axis": axis,
        "legend": {
            "labelColor": INK,
            "titleColor": INK,
            "labelFontSize": 12,
            "titleFontSize": 12,
            "titleFontWeight": "normal",
            "orient": "bottom",
            "symbolStrokeWidth": 2,
            # Vega measures labels with its own fonts; the print font may be wider, so leave room.
            "columnPadding": 24,
        },
        "text": {"color": INK, "fontSize": 12},
        # Defaults for anything a spec leaves uncoloured, so Vega's own palette never shows.
        "mark": {"color": CALM},
        "range": {"category": [CALM, MUTED, CALM_LIGHT]},
    }


def render(spec: dict[str, Any], *, title: str, summary: str) -> SafeString:
    """Render a Vega-Lite spec to an inline SVG that needs no script, style or network, and names itself."""
    full = {"width": 480, "height": 220, **spec, "config": config()}
    return finish_svg(_vega_svg(json.dumps(full, sort_keys=True, default=str)), title=title, summary=summary)


@lru_cache(maxsize=256)
def _vega_svg(spec: str) -> str:
    """Draw a spec once per process: a page viewed again with the same data costs no drawing."""
    return vl_convert.vegalite_to_svg(json.loads(spec), vl_version=VEGA_LITE_VERSION, allowed_base_urls=[])


def finish_svg(text: str, *, title: str, summary: str) -> SafeString:
    """Make an SVG safe under the CSP, give it unique ids and label it with its own title and description."""
    root = ET.fromstring(text)  # noqa: S314 - the SVG comes from our own renderer, not from a person
    prefix = f"chart-{uuid.uuid4().hex[:12]}"
    _clean(root, prefix)
    for key in DROPPED_ATTRIBUTES:
        root.attrib.pop(key, None)
    root.set("role", "img")
    root.set("aria-labelledby", f"{prefix}-title {prefix}-desc")
    root.set("id", prefix)
    title_element = ET.Element("title", {"id": f"{prefix}-title"})
    title_element.text = title
    desc_element = ET.Element("desc", {"id": f"{prefix}-desc"})
    desc_element.text = summary
    root.insert(0, desc_element)
    root.insert(0, title_element)
    # ElementTree escapes every text and attribute it writes, so a step label cannot break out of the markup.
    root.set("xmlns", SVG_NS)
    return mark_safe(ET.tostring(root, encoding="unicode"))  # noqa: S308


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _clean(element: ET.Element, prefix: str) -> None:
    """Drop what a strict CSP or a print renderer would refuse, and prefix ids so charts can share a page.

    Names lose their namespace on the way (the root gets a plain xmlns, xlink:href becomes SVG 2's href):
    ElementTree would otherwise write "ns0:" prefixes that an HTML page does not read as SVG.
    """
    element.tag = _local_name(element.tag)
    for child in list(element):
        if _local_name(child.tag) in FORBIDDEN_ELEMENTS:
            element.remove(child)
        else:
            _clean(child, prefix)
    for key, value in list(element.attrib.items()):
        name = _local_name(key)
        if name == "style" or name.lower().startswith("on") or key in DROPPED_ATTRIBUTES:
            del element.attrib[key]
        elif key in HREF_ATTRIBUTES:
            del element.attrib[key]
            if value.startswith("#"):
                element.set("href", f"#{prefix}-{value[1:]}")
        elif name == "id":
            element.set(key, f"{prefix}-{value}")
        elif "url(" in value:
            if EXTERNAL_URL.search(value):
                del element.attrib[key]
            else:
                element.set(key, LOCAL_URL.sub(lambda m: f"url(#{prefix}-{m.group(1)})", value))
