"""Sessions kept in the database and read from the shared cache: a signed-in request makes no session query.

SESSION_ENGINE = "planning.session_store". Like Django's cached_db, with three differences that make it
safe with Redis gone or unreliable:

- Every cache call is guarded. With Redis unreachable, sessions are read from and written to the
  database as before, so signed-in people keep reaching their safety plan. A failed read stops this
  process reading the cache for CACHE_PAUSE_SECONDS, so a hung Redis costs one timeout, not one per
  request. Writes and sign-outs always try the cache.
- The cached copy carries its expiry and is refused once past it, so the 30-minute idle sign-out holds
  to the second whatever the cache's own timeout does.
- A session ended (sign-out, a new key at sign-in) leaves an "ended" marker in the cache instead of
  just deleting its copy, and a copy read from the database is only added where nothing is cached:
  a request that read the session just before the sign-out cannot put it back. If the marker cannot
  be written (Redis down), the person's session generation goes up, which ends that session (and
  their others) whatever Redis later holds.

The hash each session carries is checked against the user row on every request: "sign out everywhere", a
closed account or a new password end every session at once, cached or not. That row comes from the cache
too (planning/user_cache.py), and every write to it retires the cached copy, the generation raised above
included. What the cache can hold stale, after a failed write, is an older copy of the same live session
(an older refresh time, say), never a session that was ended; planning/user_cache.py says how long a
user row's copy can outlive a retire Redis missed (USER_CACHE_SECONDS).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.core.cache import caches
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)

KEY_PREFIX = "stepwise.session:"
ENDED = "ended"  # the cached value of a session that was ended
CACHE_PAUSE_SECONDS = 5.0
_paused_until: dict[str, float] = {}  # per cache location: when this process may read the cache again


def _location() -> str:
    return repr(settings.CACHES.get(settings.SESSION_CACHE_ALIAS, {}).get("LOCATION", ""))


def _cache_call(what: str, call: Callable[..., Any], *args: Any, area: str = "sessions") -> tuple[bool, Any]:
    """Call the cache; on any error log it (no key, no data), pause reads for a while and return (False, None).

    Shared with planning/user_cache.py (area "users"), so a hung Redis costs one timeout per pause, not one each.
    """
    try:
        return True, call(*args)
    except Exception as error:  # the cache backend's own errors (redis.ConnectionError, TimeoutError, ...)
        _paused_until[_location()] = time.monotonic() + CACHE_PAUSE_SECONDS
        logger.warning("%s: the cache could not %s (%s); using the database", area, what, type(error).__name__)
        return False, None


def _cache_readable() -> bool:
    return time.monotonic() >= _paused_until.get(_location(), 0.0)


# Sessions signed in before the user row was cached name Django's own backend; CachedModelBackend is that
# backend reading through the cache, so such a session carries on under it instead of being signed out at the
# deploy (and a clinician asked for their two-step code again). Sessions last 30 minutes idle: remove in 2027.
_EARLIER_BACKENDS = {"django.contrib.auth.backends.ModelBackend": "planning.user_cache.CachedModelBackend"}


def _with_current_backend(data: dict[str, Any]) -> dict[str, Any]:
    backend = data.get(BACKEND_SESSION_KEY)
    if backend in _EARLIER_BACKENDS:
        data[BACKEND_SESSION_KEY] = _EARLIER_BACKENDS[backend]
    return data


def cache_paused() -> bool:
    """Say whether a cache call failed in this process in the last CACHE_PAUSE_SECONDS (kept pages ask it too)."""
    return not _cache_readable()


def pause_cache() -> None:
    """Leave the cache alone for CACHE_PAUSE_SECONDS after a call failed elsewhere (config/kept_pages.py)."""
    _paused_until[_location()] = time.monotonic() + CACHE_PAUSE_SECONDS


def _end_every_session_of(user_id: Any) -> None:
    """Raise the person's session generation: every session of theirs, cached anywhere, stops matching it."""
    from .models import User

    User.objects.filter(pk=user_id).update(session_generation=F("session_generation") + 1)
    logger.warning("sessions: a sign-out could not reach the cache; ended every session of user %s", user_id)


class SessionStore(DBStore):
    """Database sessions with a guarded read-through copy in the shared cache (see the module docstring)."""

    def __init__(self, session_key: str | None = None) -> None:
        self._cache = caches[settings.SESSION_CACHE_ALIAS]
        super().__init__(session_key)

    @staticmethod
    def _cache_key(session_key: str) -> str:
        return KEY_PREFIX + session_key

    def load(self) -> dict[str, Any]:
        return _with_current_backend(self._load())

    def _load(self) -> dict[str, Any]:
        key = self.session_key
        if key is not None and _cache_readable():
            _ok, kept = _cache_call("read a session", self._cache.get, self._cache_key(key))
            if kept == ENDED:
                self._session_key = None  # as the database store does for a session that is gone
                return {}
            if kept is not None and kept[0] > timezone.now().timestamp():
                return dict(kept[1])
        row = self._get_session_from_db()  # type: ignore[attr-defined]  # not in the stubs; None when gone or expired
        if row is None:
            return {}
        data: dict[str, Any] = self.decode(row.session_data)
        if key is not None and _cache_readable():
            # add, not set: an "ended" marker or a newer copy written meanwhile is never overwritten.
            value = (row.expire_date.timestamp(), data)
            _cache_call("keep a session", self._cache.add, self._cache_key(key), value, self._cache_seconds(row))
        return data

    def _cache_seconds(self, row: Any) -> int:
        return max(int((row.expire_date - timezone.now()).total_seconds()), 1)

    def exists(self, session_key: str) -> bool:
        ok, cached = _cache_call("look up a session", self._cache.has_key, self._cache_key(session_key))
        return bool(ok and cached) or super().exists(session_key)

    def save(self, must_create: bool = False) -> None:
        super().save(must_create)  # the database first: it raises when the session ended meanwhile
        if self.session_key is None:
            return
        value = (self.get_expiry_date().timestamp(), self._get_session(no_load=must_create))  # type: ignore[attr-defined]  # not in the stubs
        written, _ = _cache_call(
            "write a session", self._cache.set, self._cache_key(self.session_key), value, self.get_expiry_age()
        )
        if not written:
            # Best effort: an older copy must not outlive this write once the cache answers again.
            _cache_call("forget a session", self._cache.delete, self._cache_key(self.session_key))

    def _end(self, session_key: str) -> bool:
        """Delete the row and mark the key ended in the cache; False when the cache could not be told."""
        super().delete(session_key)
        marked, _ = _cache_call(
            "end a session", self._cache.set, self._cache_key(session_key), ENDED, settings.SESSION_COOKIE_AGE
        )
        return marked

    def delete(self, session_key: str | None = None) -> None:
        """End a session by key (the old key when signing in gives a new one)."""
        key = session_key if session_key is not None else self.session_key
        if key is not None:
            self._end(key)

    def flush(self) -> None:
        """Sign out: end this session; if the cache cannot be told, end every session of this person."""
        user_id = (getattr(self, "_session_cache", None) or {}).get(SESSION_KEY)
        self.clear()
        if self.session_key is not None and not self._end(self.session_key) and user_id is not None:
            _end_every_session_of(user_id)
        self._session_key = None

    # The app runs under WSGI; these keep the async API on the same path instead of the database store's.
    async def aload(self) -> dict[str, Any]:
        return await sync_to_async(self.load)()

    async def aexists(self, session_key: str) -> bool:
        return await sync_to_async(self.exists)(session_key)

    async def asave(self, must_create: bool = False) -> None:
        await sync_to_async(self.save)(must_create)

    async def adelete(self, session_key: str | None = None) -> None:
        await sync_to_async(self.delete)(session_key)

    async def aflush(self) -> None:
        await sync_to_async(self.flush)()
