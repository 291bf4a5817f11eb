"""{% link %} and |plain_date, the cheap per-row tags, give exactly what {% url %} and |date give."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse

from content.templatetags.rows import link

ID = uuid.UUID("3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f")


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("planning:client_overview", [ID]),
        ("planning:step_detail", [ID]),
        ("planning:practice_before", [ID]),
        ("planning:need_seen", [ID, "risk_flag"]),
        ("planning:caseload", []),
        ("content:item", [ID]),
    ],
)
def test_a_link_is_the_url_reverse_gives(name, args):
    assert link(name, *args) == reverse(name, args=args)


def test_each_row_gets_its_own_id():
    other = uuid.uuid4()
    assert link("planning:step_detail", ID) != link("planning:step_detail", other)
    assert str(other) in link("planning:step_detail", other)


def test_a_value_that_needs_quoting_falls_back_to_reverse():
    assert link("planning:need_seen", ID, "a need?") == reverse("planning:need_seen", args=[ID, "a need?"])


def both(value: object, fmt: str) -> tuple[str, str]:
    """Render a value with |plain_date and with |date."""
    context = Context({"value": value, "fmt": fmt})
    ours = Template("{% load rows %}{{ value|plain_date:fmt }}").render(context)
    return ours, Template("{{ value|date:fmt }}").render(context)


@pytest.mark.parametrize("fmt", ["j M", "j M Y", "j M, H:i", "j F", "j F Y", "Y-m-d", "d/m/Y H:i"])
@override_settings(TIME_ZONE="America/New_York")
def test_plain_date_formats_a_time_as_date_does_in_the_local_time_zone(fmt):
    ours, djangos = both(datetime(2026, 1, 3, 2, 5, tzinfo=UTC), fmt)  # still 2 January in New York
    assert ours == djangos


@pytest.mark.parametrize("fmt", ["j M", "j M Y", "j F", "Y-m-d"])
def test_plain_date_formats_a_day_as_date_does(fmt):
    ours, djangos = both(date(2026, 11, 9), fmt)
    assert ours == djangos


def test_plain_date_of_nothing_is_empty():
    assert both(None, "j M") == ("", "")
