# Import the Celery app so that @shared_task binds to it and .delay() uses our broker.
from __future__ import annotations

from .celery import app as celery_app

__all__ = ("celery_app",)
