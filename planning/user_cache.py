"""The signed-in person's user row, read from the shared cache: a signed-in request makes no user query.

AUTHENTICATION_BACKENDS names CachedModelBackend, Django's ModelBackend whose get_user (called on every
signed-in request to check the session's hash against the row) reads the row from the cache. The
hash covers the password and User.session_generation, and the backend refuses an inactive row, so
sign out everywhere, a closed or deactivated account and a new password end sessions only if the row it
reads is never older than such a change. Why it is not:

- Every write to a user row retires its cached copy: User's post_save and post_delete (connected in
  planning/apps.py), and UserQuerySet's update(), bulk_update() and delete() (planning/models/people.py),
  which the services use to sign people out. A retire gives the person a new random version token;
  a cached row is used only while it carries the person's current token.
- A retire happens at once and again when the transaction commits. A row is cached only under a token
  read before that row was read from the database, so a request that read the old row before the
  commit cached it under a token the retire after the commit has replaced: it cannot put it back.
- The copy is a dict of the row's own columns (no related rows, no permissions, no pickled model),
  under a key holding CACHE_VERSION, and it is used only if its columns are the model's: a deploy that
  changes User never meets an old shape.
- With Redis unreachable the row is read from the database, as before, and this process leaves the cache
  alone for a while (shared with planning/session_store.py). A retire the cache could not hear is tried
  again before this process reads the cache again, and a copy lives at most USER_CACHE_SECONDS: should
  Redis miss a retire and later answer with what it held (a blip, or a restart from an older snapshot),
  other processes could serve that row for at most that long. That is the one case where the change waits.

The cache holds what the database holds for those people (email, name, password hash), beside the
sessions it already held: Redis must be as private as PostgreSQL (deploy/ runs it on the web machine,
where Debian's redis-server listens on localhost only).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.auth.backends import ModelBackend
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, router, transaction

from .session_store import _cache_call, _cache_readable

if TYPE_CHECKING:
    from .models import User

logger = logging.getLogger(__name__)

# Raise when User's columns change meaning, so copies written before a deploy are never read.
CACHE_VERSION = 1
KEY_PREFIX = f"stepwise.user{CACHE_VERSION}:"
# A copy's longest life: the bound on a change the cache missed (see the module docstring).
USER_CACHE_SECONDS = 60
# A version token's life; when it lapses the next request sets a new one and caches the row after that.
TOKEN_SECONDS = 24 * 60 * 60

_owed: set[Any] = set()  # primary keys whose retire this process could not get to the cache yet


def _cache() -> Any:
    return caches["default"]


def _token_key(pk: Any) -> str:
    return f"{KEY_PREFIX}{pk}:token"


def _row_key(pk: Any) -> str:
    return f"{KEY_PREFIX}{pk}:row"


def _columns(user: User) -> dict[str, Any]:
    return {field.attname: getattr(user, field.attname) for field in type(user)._meta.concrete_fields}


def _from_columns(columns: dict[str, Any]) -> User | None:
    """Build the user from a cached copy, or None when the copy's columns are not the model's own."""
    from .models import User

    names = [field.attname for field in User._meta.concrete_fields]
    if set(columns) != set(names):
        return None
    return User.from_db(router.db_for_read(User) or DEFAULT_DB_ALIAS, names, [columns[name] for name in names])


def _retire_now(pks: list[Any]) -> bool:
    """Give each person a new version token; False (and the keys owed) when the cache could not be told."""
    tokens = {_token_key(pk): secrets.token_hex(16) for pk in pks}
    told, _ = _cache_call("retire a user's copy", _cache().set_many, tokens, TOKEN_SECONDS, area="users")
    if told:
        _owed.difference_update(pks)
    else:
        _owed.update(pks)
    return told


def retire(pks: Iterable[Any], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Retire the cached copies of these users' rows now and again when the transaction commits."""
    pks = sorted({pk for pk in pks if pk is not None})
    if not pks:
        return
    _retire_now(pks)
    transaction.on_commit(lambda: _retire_now(pks), using=using)


def retire_on_write(sender: type[User], instance: User, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """post_save and post_delete receiver for User."""
    retire([instance.pk], using=using)


def _from_database(pk: Any) -> User | None:
    from .models import User

    try:
        return User._default_manager.get(pk=pk)
    except User.DoesNotExist:
        return None


def cached_user(pk: Any) -> User | None:
    """The user row with this primary key, from the cache when it holds the current copy, else the database."""
    if not _cache_readable() or (_owed and not _retire_now(sorted(_owed))):
        return _from_database(pk)
    token_key, row_key = _token_key(pk), _row_key(pk)
    read, kept = _cache_call("read a user", _cache().get_many, [token_key, row_key], area="users")
    if not read:
        return _from_database(pk)
    token, copy = kept.get(token_key), kept.get(row_key)
    if token is not None and copy is not None and copy[0] == token:
        user = _from_columns(copy[1])
        if user is not None:
            return user
    user = _from_database(pk)
    if user is None:
        return None
    if token is None:
        # No token yet (or it lapsed): set one and cache from the next request on, whose database read
        # follows its read of the token. add, not set: a retire that landed meanwhile is kept.
        _cache_call("start a user's token", _cache().add, token_key, secrets.token_hex(16), TOKEN_SECONDS, area="users")
        return user
    _cache_call("keep a user", _cache().set, row_key, (token, _columns(user)), USER_CACHE_SECONDS, area="users")
    return user


class CachedModelBackend(ModelBackend):
    """Django's ModelBackend, reading a session's user row from the cache (see the module docstring)."""

    def get_user(self, user_id: Any) -> Any:
        user = cached_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
