"""Tags for what a long list draws once per row: links and dates, at a fraction of {% url %} and |date's cost.

They live in `content`, which depends on nothing of `planning`, so the library's own rows can load them as
planning's pages do (`{% load rows %}` finds them in any installed app).

`{% link 'planning:step_detail' step.public_id %}` gives what `{% url %}` gives: the pattern is reversed
once per process with placeholder ids, and each row's ids are put in by string replacement. A value
that would need quoting, and any pattern a placeholder id does not fit, falls back to `reverse()`.
`{{ when|plain_date:"j M, H:i" }}` gives what `|date` gives for the day, month, year and time codes
below, in the current time zone, without Django's general formatter.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from django import template
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

register = template.Library()

_SAFE = re.compile(r"[A-Za-z0-9_.~-]+")  # what reverse() leaves unquoted, whatever the converter


@lru_cache(maxsize=512)
def _pattern(urlconf: str | None, prefix: str, viewname: str, count: int) -> tuple[str, list[str]] | None:
    """Reverse a pattern once with placeholder ids, or None when placeholders do not fit it (an int, say)."""
    placeholders = [str(uuid.UUID(int=n + 1)) for n in range(count)]
    try:
        url = reverse(viewname, args=placeholders)
    except NoReverseMatch:
        return None
    if any(url.count(placeholder) != 1 for placeholder in placeholders):
        return None
    return url, placeholders


@register.simple_tag
def link(viewname: str, *args: Any) -> str:
    """Return reverse(viewname, args=args), reversing the pattern only once per process."""
    values = [str(arg) for arg in args]
    pattern = _pattern(get_urlconf(), get_script_prefix(), viewname, len(values))
    if pattern is None or not all(_SAFE.fullmatch(value) for value in values):
        return reverse(viewname, args=args)
    url, placeholders = pattern
    for placeholder, value in zip(placeholders, values, strict=True):
        url = url.replace(placeholder, value)
    return url


_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]  # fmt: skip
_CODES = {
    "j": lambda d: str(d.day),
    "d": lambda d: f"{d.day:02}",
    "M": lambda d: _MONTHS[d.month - 1][:3],
    "F": lambda d: _MONTHS[d.month - 1],
    "m": lambda d: f"{d.month:02}",
    "Y": lambda d: str(d.year),
    "H": lambda d: f"{d.hour:02}",
    "i": lambda d: f"{d.minute:02}",
}


@register.filter(expects_localtime=True)  # the template engine moves it to the current time zone, as for |date
def plain_date(value: date | datetime | None, format_string: str = "j M Y") -> str:
    """Format a date or time like |date with the codes j d M F m Y H i (other characters are copied)."""
    if value is None or value == "":
        return ""
    return "".join(_CODES[c](value) if c in _CODES else c for c in format_string)
