"""Structured logs for production: one JSON object a line, never client free text, names or emails.

What may reach a line: the logger's own message (our code logs ids and event names only), ids and
numbers passed as `extra`, and for a request its method, URL pattern name, status, duration and the
signed-in user's numeric id. What never does: raw paths (a pattern name stands in for them), query
strings, form data, and exception messages (a database error's DETAIL can quote a row's values, a
refused email names its address), so an exception is logged by its type and stack alone, in Django's
lines and in Celery's task-failure lines alike.
"""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

# Attributes every LogRecord has; anything else on a record came from `extra`.
_STANDARD = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}
# `extra` values kept only when they are plain ids, numbers or flags; Django's `request` and the like are not.
_PLAIN = (str, int, float, bool, type(None), UUID)


def route_name(request: Any) -> str | None:
    """Name the URL pattern a request matched ("planning:safety_plan"), never its raw path with ids."""
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else None


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object on one line."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": _message(record),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key != "request" and isinstance(value, _PLAIN):
                line[key] = str(value) if isinstance(value, UUID) else value
        request = getattr(record, "request", None)
        if request is not None:
            line.setdefault("route", route_name(request))
        if record.exc_info and record.exc_info[0] is not None:
            line["exc_type"] = record.exc_info[0].__qualname__
            line["stack"] = [f"{f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(record.exc_info[2])]
        return json.dumps(line, default=str)


def _message(record: logging.LogRecord) -> str:
    """The record's message, with a request's raw path (Django's "Not Found: /clients/<id>/") as its pattern name,
    and a failed Celery task's exception (SMTPRecipientsRefused names the address) as its type alone."""
    if isinstance(record.args, Mapping) and "exc" in record.args:
        kind = record.exc_info[0].__qualname__ if record.exc_info and record.exc_info[0] else "an error"
        return str(record.msg) % {**record.args, "exc": f"{kind} (message withheld)", "traceback": ""}
    request = getattr(record, "request", None)
    path = getattr(request, "path", None)
    if path is not None and isinstance(record.args, tuple) and path in record.args:
        name = route_name(request) or "(no pattern)"
        return str(record.msg) % tuple(name if arg == path else arg for arg in record.args)
    return record.getMessage()


def logging_config(*, level: str = "INFO", structured: bool = True) -> dict[str, Any]:
    """The LOGGING dict: JSON lines in production, plain lines on a laptop; one stream (stderr) either way."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": "config.logs.JsonFormatter"},
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json" if structured else "plain"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # One line per request comes from stepwise.request; Django's own 4xx lines would only repeat it.
            "django.request": {"level": "ERROR"},
            # gunicorn's access log would print raw paths and query strings (a library search's words).
            "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
            "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
            "django.db.backends": {"level": "WARNING"},
            "axes": {"level": "WARNING"},
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }
