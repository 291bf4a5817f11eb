"""The laptop default: with no broker and no beat (`make run`), a thread in the dev server dispatches reminders.

config/wsgi.py starts it only when DEBUG is on and REDIS_URL is unset; production runs Celery beat.
Tasks are eager there, so each reminder email is sent in this thread and printed on the console.
"""

from __future__ import annotations

import logging
import threading
import time

from django.db import close_old_connections

logger = logging.getLogger(__name__)
_started = threading.Event()


def run_forever(interval: float = 60.0) -> None:
    """Run one dispatcher pass a minute, like beat would; a failed pass is logged and the next one tries again."""
    from .services.reminders import reminders_dispatch

    while True:
        try:
            reminders_dispatch()
        except Exception:
            logger.exception("local reminder dispatch failed; trying again in a minute")
        finally:
            close_old_connections()
        time.sleep(interval)


def start(interval: float = 60.0) -> None:
    """Start the dispatcher thread once per process."""
    if _started.is_set():
        return
    _started.set()
    threading.Thread(target=run_forever, args=(interval,), name="reminder-dispatcher", daemon=True).start()
