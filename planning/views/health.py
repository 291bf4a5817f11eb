"""The health check for load balancers and monitors: no sign-in, no clinical data, JSON only.

The database decides the answer (200 or 503): without it nothing works. The broker is reported but
never fatal: the safety plan and both PDFs are served from the database alone, and mail queued while
Redis is down goes out when it is back (see docs/architecture.md).
"""

from __future__ import annotations

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

BROKER_TIMEOUT_SECONDS = 0.5


def database_status() -> str:
    """Say whether one trivial query succeeds."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unreachable"
    return "ok"


def broker_status() -> str:
    """Say whether Redis answers a ping within half a second ("not configured" when tasks run in-process)."""
    if not settings.REDIS_URL:
        return "not configured"
    broker = redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=BROKER_TIMEOUT_SECONDS, socket_timeout=BROKER_TIMEOUT_SECONDS
    )
    try:
        broker.ping()
    except redis.RedisError:
        return "unreachable"
    finally:
        broker.close()
    return "ok"


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    database = database_status()
    healthy = database == "ok"
    body = {"status": "ok" if healthy else "unavailable", "database": database, "broker": broker_status()}
    return JsonResponse(body, status=200 if healthy else 503)
