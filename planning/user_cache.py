"""The signed-in person's user row and second-factor device, read from the shared cache: no query for either.

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

CachedOTPMiddleware does the same for the device a clinician's or admin's session passed two-step sign-in
with (django-otp checks on every request that it still exists, is theirs and is confirmed: a reset deletes
it). Its copy holds only those columns (DEVICE_COLUMNS), never the secret; every save and delete of a
device retires it (post_save/post_delete of every Device model; nothing writes devices with
QuerySet.update(), a test checks), the same way as users.

The cache holds what the database holds for those people (email, name, password hash), beside the
sessions it already held: Redis must be as private as PostgreSQL (deploy/ runs it on the web machine,
where Debian's redis-server listens on localhost only).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from asgiref.sync import sync_to_async
from django.apps import apps
from django.contrib.auth.backends import ModelBackend
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, models, router, transaction
from django_otp.middleware import OTPMiddleware

from .session_store import _cache_call, _cache_readable

if TYPE_CHECKING:
    from django_otp.models import Device

    from .models import User

# Raise when User's columns change meaning, so copies written before a deploy are never read.
CACHE_VERSION = 1
KEY_PREFIX = f"stepwise.user{CACHE_VERSION}:"
DEVICE_KEY_PREFIX = f"stepwise.device{CACHE_VERSION}:"
# A copy's longest life: the bound on a change the cache missed (see the module docstring).
USER_CACHE_SECONDS = 60
# A version token's life; when it lapses the next request sets a new one and caches the row after that.
TOKEN_SECONDS = 24 * 60 * 60
# What is kept of a second-factor device: what OTPMiddleware checks (whose it is, confirmed). The rest, its
# secret above all, never goes to the cache; the device built from a copy loads it from the database if asked.
DEVICE_COLUMNS = ("id", "user_id", "confirmed")

_owed: set[str] = set()  # token keys whose retire this process could not get to the cache yet


def _cache() -> Any:
    return caches["default"]


def _token_key(ident: Any, prefix: str = KEY_PREFIX) -> str:
    return f"{prefix}{ident}:token"


def _row_key(ident: Any, prefix: str = KEY_PREFIX) -> str:
    return f"{prefix}{ident}:row"


def _names(model: type[models.Model], wanted: Iterable[str] | None = None) -> list[str]:
    """The model's column names in their order: all of them, or those wanted."""
    return [f.attname for f in model._meta.concrete_fields if wanted is None or f.attname in wanted]


def _columns(row: models.Model, names: list[str] | None = None) -> dict[str, Any]:
    return {name: getattr(row, name) for name in names or _names(type(row))}


def _from_columns(model: type[models.Model], names: list[str], columns: dict[str, Any]) -> Any:
    """Build the row from a cached copy (columns not kept are deferred), or None when the copy's columns differ."""
    if set(columns) != set(names):
        return None
    return model.from_db(router.db_for_read(model) or DEFAULT_DB_ALIAS, names, [columns[name] for name in names])


def _retire_now(token_keys: list[str]) -> bool:
    """Give each row a new version token; False (and the tokens owed) when the cache could not be told."""
    tokens = {key: secrets.token_hex(16) for key in token_keys}
    told, _ = _cache_call("retire a cached copy", _cache().set_many, tokens, TOKEN_SECONDS, area="users")
    if told:
        _owed.difference_update(token_keys)
    else:
        _owed.update(token_keys)
    return told


def _retire(token_keys: Iterable[str], using: str) -> None:
    keys = sorted(set(token_keys))
    if keys:
        _retire_now(keys)
        transaction.on_commit(lambda: _retire_now(keys), using=using)


def retire(pks: Iterable[Any], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Retire the cached copies of these users' rows now and again when the transaction commits."""
    _retire((_token_key(pk) for pk in pks if pk is not None), using)


def retire_on_write(sender: type[User], instance: User, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """post_save and post_delete receiver for User."""
    retire([instance.pk], using=using)


def retire_device_on_write(
    sender: type[Device], instance: Device, using: str = DEFAULT_DB_ALIAS, **kwargs: Any
) -> None:
    """post_save and post_delete receiver for every kind of second-factor device (TOTP app, recovery codes)."""
    if instance.pk is not None:
        _retire([_token_key(instance.persistent_id, DEVICE_KEY_PREFIX)], using)


def _read_through(
    what: str, token_key: str, row_key: str, model: type[models.Model], names: list[str], load: Callable[[], Any]
) -> Any:
    """The row from the cache when it holds the current copy, else from `load` (the database), kept for next time."""
    if not _cache_readable() or (_owed and not _retire_now(sorted(_owed))):
        return load()
    read, kept = _cache_call(f"read a {what}", _cache().get_many, [token_key, row_key], area="users")
    if not read:
        return load()
    token, copy = kept.get(token_key), kept.get(row_key)
    if token is not None and copy is not None and copy[0] == token:
        row = _from_columns(model, names, copy[1])
        if row is not None:
            return row
    row = load()
    if row is None:
        return None
    if token is None:
        # No token yet (or it lapsed): set one and cache from the next request on, whose database read
        # follows its read of the token. add, not set: a retire that landed meanwhile is kept.
        _cache_call(
            f"start a {what}'s token", _cache().add, token_key, secrets.token_hex(16), TOKEN_SECONDS, area="users"
        )
        return row
    _cache_call(
        f"keep a {what}", _cache().set, row_key, (token, _columns(row, names)), USER_CACHE_SECONDS, area="users"
    )
    return row


def _from_database(pk: Any) -> User | None:
    from .models import User

    try:
        return User._default_manager.get(pk=pk)
    except User.DoesNotExist:
        return None


def cached_user(pk: Any) -> User | None:
    """The user row with this primary key, from the cache when it holds the current copy, else the database."""
    from .models import User

    row: User | None = _read_through(
        "user", _token_key(pk), _row_key(pk), User, _names(User), lambda: _from_database(pk)
    )
    return row


def _device_from_database(model: type[Device], pk: int) -> Device | None:
    return model.objects.filter(id=pk).first()


def cached_device(persistent_id: str) -> Device | None:
    """The device a session passed its second factor with, as Device.from_persistent_id, read through the cache."""
    from django_otp.models import Device

    try:
        label, device_id = persistent_id.rsplit("/", 1)
        model = apps.get_model(label)
        pk = int(device_id)
    except (ValueError, LookupError):
        return None
    if not issubclass(model, Device):
        return None
    ident = f"{model._meta.label_lower}/{pk}"
    token_key, row_key = _token_key(ident, DEVICE_KEY_PREFIX), _row_key(ident, DEVICE_KEY_PREFIX)
    names = _names(model, DEVICE_COLUMNS)
    device: Device | None = _read_through(
        "device", token_key, row_key, model, names, lambda: _device_from_database(model, pk)
    )
    return device


class CachedModelBackend(ModelBackend):
    """Django's ModelBackend, reading a session's user row from the cache (see the module docstring)."""

    def get_user(self, user_id: Any) -> Any:
        user = cached_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class CachedOTPMiddleware(OTPMiddleware):
    """django-otp's OTPMiddleware, reading the session's device from the cache (see the module docstring).

    Its checks stay django-otp's own (the device is this person's and confirmed); only the load changes. It
    overrides django-otp's (pinned) private loader; the tests count the device query, so a rename would show.
    """

    def _device_from_persistent_id(self, persistent_id: str) -> Device | None:
        return cached_device(self._normalize_persistent_id(persistent_id))

    async def _adevice_from_persistent_id(self, persistent_id: str) -> Device | None:
        return await sync_to_async(self._device_from_persistent_id)(persistent_id)
