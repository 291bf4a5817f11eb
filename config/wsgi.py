"""WSGI entry point for gunicorn and friends."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

if settings.DEBUG and not settings.REDIS_URL:
    # `make run` has no broker and no beat: a thread in the dev server dispatches reminders (see README).
    from planning.local_dispatch import start

    start()
