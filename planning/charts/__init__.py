"""Progress charts drawn from plain data, for the client and the care team.

Each builder takes plain Python data and an audience ("client" or "care_team") and returns a `Chart`: a title,
a one-sentence summary, a data table (headers and rows) and an inline SVG image labelled by its own <title> and
<desc>. Pages and the progress PDF show all four; the table and summary say what the image shows.

Empty data gives a `Chart` all the same, with a friendly summary ("No practices noted yet."), no rows and an
empty `svg`; `chart.is_empty` tells a template to show the summary alone. A template therefore never branches
on None and a page never shows an empty axis.

Why Vega-Lite through vl-convert-python. The site's Content-Security-Policy allows no inline script or style,
so the SVG may carry presentation attributes only. Of the libraries that render SVG in Python without a browser,
pygal writes its whole look as a <style> block plus a <script> (even with js=[]), and matplotlib writes
style="..." on almost every element and a <style> block; both would need a CSS-to-attribute rewriter of our
own. vl-convert-python (Vega's own SVG renderer, embedded with no browser, no Node and no network) writes
attributes only. What is left is small and lives in `base.finish_svg`: drop Vega's ARIA and class names, give
the root role="img" with its <title> and <desc>, prefix ids so several charts share a page, and, as a
safeguard, remove anything a strict CSP or the print renderer would refuse (scripts, styles, event handlers,
external references). Data never leaves the process: `allowed_base_urls=[]` forbids every data URL.

The cost is the wheel: about 34 MB (84 MB installed, no Python dependencies), the V8 engine inside it. The first
chart in a process takes about half a second to start the engine; later ones take about 15 ms.

The SVG keeps its intrinsic width and height, which print predictably in WeasyPrint; on a page, make it fluid
from the stylesheet (`.chart svg { max-width: 100%; height: auto; }`), never with a style attribute.
"""

from __future__ import annotations

from planning.charts.activity import weekly_activity, widening_world
from planning.charts.base import Chart
from planning.charts.measures import measure_over_time
from planning.charts.practice import distress_by_practice, expectancy_gap

__all__ = [
    "Chart",
    "distress_by_practice",
    "expectancy_gap",
    "measure_over_time",
    "weekly_activity",
    "widening_world",
]
