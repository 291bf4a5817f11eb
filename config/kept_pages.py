"""Kept pages: a signed-in page's HTML kept in the cache until anything it shows may have changed.

A page is drawn once and then served from the cache (Redis) for as long as its key stays the same. The
key holds everything a page of a clinic can depend on, read in one query (`stamp_of`):

- the newest recorded change: every write to a record is audited in the same transaction as the
  change (planning/services), and audit entries are numbered in commit order (the chain's lock), so no
  saved change can leave the number as it was (the caseload's kept order relies on the same). For the
  caseload and the library it is the clinic's; for a page of one client's record (`about`) that
  client's or a clinic-wide one (_newest_change);
- the person's unread updates (how many, for the header's count, and the newest);
- the clinic's library (how many items and the newest edit: the library pages, and the glossary's
  links in client pages);
- the person (role, clinic, name, a passed second factor), the date and time zone (what a page works
  out "as of today"), the address with its query, and the release (the code and templates), so a
  deploy never serves a page drawn by the code before it.

A page is never kept with a message to show, for an htmx request, or for anything but a 200 to a GET.
The page's CSRF token is taken out before it is kept and a fresh one put in each time it is served,
so a kept page carries no one's token. With the cache unreachable the page is drawn as usual: the
safety plan never depends on Redis. Access is checked by the view before it asks for a kept page,
and an audited read is written by `audited_read` whether the page was kept or drawn.

A download (the safety plan's PDFs) is kept the same way by `kept_download`, under the same key: its
bytes, content type and Content-Disposition, with no token to swap. Everything a PDF prints is a
recorded change (a version, the card's choice, crisis lines, the clinic's details, the client's name)
or the date; with the cache down it comes from the bytes kept with its version in the database.
"""

from __future__ import annotations

import hashlib
import logging
import re
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache as shared_cache
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CSRF_TOKEN_LENGTH, _unmask_cipher_token, get_token  # type: ignore[attr-defined]
from django.utils import timezone

from config.prepared import Statement
from planning.session_store import cache_paused, pause_cache

logger = logging.getLogger("stepwise.kept_pages")

# Raise to drop every kept page at once (the release in the key does the same on each deploy).
KEPT_VERSION = 1
# How long a kept page may wait for its next visit. Any change in the clinic gives every page a new key, and
# the old ones are never read again: a short life keeps Redis small (about one compressed page, 5-10 KB, per
# page drawn in the last quarter hour), while a page opened again and again within it is drawn once.
KEPT_SECONDS = 15 * 60
# Stands in for the CSRF token in a kept page: not something a page could ever say.
TOKEN_MARK = b"\x00csrf\x00"
_TOKEN = re.compile(rb"[a-zA-Z0-9]{%d}" % CSRF_TOKEN_LENGTH)
# What the release is worked out from: the project's code and templates, and the collected static files.
_SOURCE_SUFFIXES = {".py", ".html", ".txt", ".json"}


@cache
def release() -> str:
    """A digest of the code and templates this process runs (and of the static manifest): new on each deploy.

    Worked out once per process from the files themselves, so every web worker of one release agrees
    on it and a worker of the next release never serves a page drawn by the last.
    """
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for folder in ("config", "planning", "content", "templates"):
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in _SOURCE_SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT or "") / "staticfiles.json"
    if settings.STATIC_ROOT and manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:16]


# Stand-ins for the person, the clinic and a client while a query is compiled (once per process: config/prepared.py).
_PERSON, _CLINIC, _CLIENT = -2_000_000_011, -2_000_000_017, -2_000_000_029
# A page of one client's record (`about`): the signed-in client's own, or a client's id the view has checked.
OWN = "own"
About = int | str | None


def _newest_change(user: Any, clinic: Any, about: Any) -> Any:
    """The newest recorded change a page may show: the clinic's, or for one client's page only theirs and the
    clinic-wide ones (entries with no client: crisis lines, the clinic's details, staff edits of people,
    private records), so a change to another client's record leaves this client's pages kept.

    `about` is a client's id, OWN, or a reference to the client of the record a query reads (stamp_columns)."""
    from planning.models import AuditEvent, Client

    clinic_changes = AuditEvent.objects.filter(organization_id=clinic).changes().order_by("-id")
    if about is None:
        return Coalesce(Subquery(clinic_changes.values("id")[:1]), 0)
    client: Any = Subquery(Client.objects.filter(user=user).values("pk")[:1]) if about == OWN else about
    of_client = AuditEvent.objects.filter(client_id=client).changes().order_by("-id").values("id")[:1]
    clinic_wide = clinic_changes.filter(client__isnull=True).values("id")[:1]
    return Greatest(Coalesce(Subquery(of_client), 0), Coalesce(Subquery(clinic_wide), 0))


def stamp_columns(user: Any, clinic: Any, about: Any = None) -> dict[str, Any]:
    """The stamp's columns as expressions, named as Stamp names them.

    stamp_query reads them on their own; an access helper asked `with_stamp` reads them beside the
    record a page shows (planning/access.py), about that record's client, so the page makes one query
    fewer. Either way they are the same SQL.
    """
    from content.models import Item
    from planning.models import CareTeamMember, Client, Notification

    # Notification.objects.for_recipient(user).unread() (a test checks they agree), written as EXISTS per row so
    # PostgreSQL walks the person's few unread rows by index instead of joining every client of the clinic.
    on_team = CareTeamMember.objects.filter(client=OuterRef("pk"), clinician=user)
    standing = Client.objects.filter(pk=OuterRef("client"), is_active=True).filter(Q(user=user) | Exists(on_team))
    unread = (
        Notification.objects.filter(recipient=user, read_at__isnull=True)
        .filter(Exists(standing))
        .order_by()
        .values("recipient")
    )
    library = Item.objects.in_library_of(clinic).order_by().annotate(one=Value(1)).values("one")
    return {
        "newest_change": _newest_change(user, clinic, about),
        "unread": Coalesce(Subquery(unread.annotate(n=Count("pk")).values("n")), 0),
        "newest_update": Coalesce(Subquery(unread.annotate(newest=Max("pk")).values("newest")), 0),
        "library_size": Subquery(library.annotate(n=Count("pk")).values("n")),
        "library_edited_at": Subquery(library.annotate(at=Max("updated_at")).values("at")),
    }


def stamp_query(user: Any, clinic: int, about: About = None) -> QuerySet[Any, Any]:
    """What a page of the person's clinic may have changed with, as one query (see the module's doc)."""
    from planning.models import Organization

    return Organization.objects.filter(pk=clinic).order_by().values(**stamp_columns(user, clinic, about))


def _scope(about: About) -> str:
    return "clinic" if about is None else OWN if about == OWN else "client"


@cache
def _stamp_statement(scope: str) -> Statement:
    """stamp_query for a scope as a Statement (config/prepared.py): building it costs more than running it."""
    from planning.models import User

    about = {"clinic": None, OWN: OWN, "client": _CLIENT}[scope]
    person = User(pk=_PERSON, organization_id=_CLINIC)
    stand_ins = frozenset({_PERSON, _CLINIC} | ({_CLIENT} if scope == "client" else set()))
    return Statement(f"stamp_{scope}", stamp_query(person, _CLINIC, about), stand_ins)


def _values(user: Any, clinic: Any, about: About) -> dict[int, Any]:
    return {_PERSON: user.pk if user is not None else None, _CLINIC: clinic, _CLIENT: about}


def changes_query(clinic: int, about: About = None) -> QuerySet[Any, Any]:
    """The newest recorded change alone, as in stamp_query: all a download's key reads (kept_download)."""
    from planning.models import Organization

    return Organization.objects.filter(pk=clinic).order_by().values_list(_newest_change(None, clinic, about), flat=True)


@cache
def _changes_statement(scope: str) -> Statement:
    """changes_query for a scope as a Statement (as _stamp_statement)."""
    about = {"clinic": None, "client": _CLIENT}[scope]
    stand_ins = frozenset({_CLINIC} | ({_CLIENT} if scope == "client" else set()))
    return Statement(f"changes_{scope}", changes_query(_CLINIC, about), stand_ins)


def newest_change_of(clinic: int, about: int | None = None) -> int:
    """Run changes_query: the id of the newest change for the clinic, or for one client's record (0 before any)."""
    row = _changes_statement(_scope(about)).fetchone(_values(None, clinic, about))
    return row[0] if row else 0


class Stamp(NamedTuple):
    newest_change: int
    unread: int
    newest_update: int
    library_size: int
    library_edited_at: Any


STAMP_PREFIX = "kept_"  # what stamp_columns are called beside a record's own fields


def stamp_read_with(record: Any) -> Stamp | None:
    """The stamp an access helper read beside `record` (`with_stamp`), or None if it read none."""
    if not hasattr(record, STAMP_PREFIX + "newest_change"):
        return None
    return Stamp(*(getattr(record, STAMP_PREFIX + name) for name in Stamp._fields))


def stamp_of(user: Any, about: About = None) -> Stamp:
    """Run stamp_query for this person: the newest change, their unread updates, the library's size and edit."""
    row = _stamp_statement(_scope(about)).fetchone(_values(user, user.organization_id, about))
    return Stamp(*row) if row else Stamp(0, 0, 0, 0, None)


def _key(request: HttpRequest, name: str, stamp: tuple[Any, ...], parts: tuple[Any, ...]) -> str:
    user: Any = request.user
    person = (user.pk, user.role, user.organization_id, user.full_name, user.is_staff, user.is_verified())
    parts = (
        KEPT_VERSION,
        release(),
        name,
        person,
        request.get_full_path(),
        timezone.get_current_timezone_name(),
        timezone.localdate().isoformat(),
        stamp,
        parts,
    )
    return f"kept:{name}:{user.pk}:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _keepable(request: HttpRequest) -> bool:
    return _downloadable(request) and len(messages.get_messages(request)) == 0  # len() leaves them for the page


def _downloadable(request: HttpRequest) -> bool:
    """A signed-in clinic member's GET (a download shows no messages, so one waiting does not stop it)."""
    return (
        request.method == "GET"
        and request.user.is_authenticated
        and request.user.organization_id is not None  # type: ignore[union-attr]
        and not getattr(request, "htmx", False)
    )


# What _read gives back when the cache did not answer (None is "nothing kept").
_UNREACHABLE = object()


def _read(key: str, name: str) -> Any:
    """What the cache keeps under `key` (None for nothing), or _UNREACHABLE, after which the cache is left alone."""
    try:
        return shared_cache.get(key)
    except Exception:  # Redis unreachable: draw, as without a cache
        pause_cache()
        logger.warning("kept_pages: the cache could not be read; drawing the page", extra={"page": name})
        return _UNREACHABLE


def _write(key: str, value: Any, name: str) -> None:
    try:
        shared_cache.set(key, value, KEPT_SECONDS)
    except Exception:
        pause_cache()
        logger.warning("kept_pages: the cache could not keep a page", extra={"page": name})


def _without_tokens(html: bytes, secret: str) -> bytes | None:
    """Put TOKEN_MARK where the page carries a CSRF token of this secret; None if the page cannot be kept."""
    if TOKEN_MARK in html:
        return None

    def mark(found: re.Match[bytes]) -> bytes:
        token = found.group(0)
        return TOKEN_MARK if _unmask_cipher_token(token.decode()) == secret else token

    return _TOKEN.sub(mark, html)


def kept_page(
    request: HttpRequest,
    name: str,
    draw: Callable[[], HttpResponse],
    *,
    parts: tuple[Any, ...] = (),
    stamp: Stamp | None = None,
    about: About = None,
) -> HttpResponse:
    """Serve the page `name` from the cache if nothing it shows has changed since it was drawn; else draw and keep it.

    Call it after the view's access checks, with `draw` rendering the page as before. `parts` adds
    what only this page shows, as values the view already has, to the key; `stamp` passes one the view
    read already (stamp_of, or an access helper's `with_stamp`: stamp_read_with) so it is not read twice.
    `about` names the one client whose record the page shows (a checked id, or OWN for the signed-in
    client): only their changes and clinic-wide ones count.
    """
    if not _keepable(request):
        return draw()
    if cache_paused():  # a cache call failed a moment ago: draw, as without a cache, without waiting on it again
        return draw()
    stamp = stamp if stamp is not None else stamp_of(request.user, about)
    request.kept_stamp = stamp  # type: ignore[attr-defined]  # the header's unread count, already read (context_processors)
    key = _key(request, name, stamp, parts)
    kept = _read(key, name)
    if kept is _UNREACHABLE:
        return draw()
    if kept is not None:
        content_type, packed = kept
        # Bytes throughout: the page is sent as it was kept, with no decoding and encoding again.
        return HttpResponse(
            zlib.decompress(packed).replace(TOKEN_MARK, get_token(request).encode()), content_type=content_type
        )
    response = draw()
    if response.status_code != 200 or response.streaming or len(messages.get_messages(request)):
        return response
    secret = request.META.get("CSRF_COOKIE", "")
    to_keep = _without_tokens(response.content, secret) if secret else None
    if to_keep is not None:
        # Compressed: HTML shrinks about sevenfold, for about half a millisecond of a drawing that takes tens.
        _write(key, (response["Content-Type"], zlib.compress(to_keep, 1)), name)
    return response


def kept_download(
    request: HttpRequest,
    name: str,
    draw: Callable[[], HttpResponse],
    *,
    parts: tuple[Any, ...] = (),
    about: int | None = None,
) -> HttpResponse:
    """Serve the download `name` (a PDF) from the cache if nothing it prints has changed; else draw and keep it.

    As kept_page, called after the view's access checks, with `draw` making the response as before; kept
    are its bytes, content type and Content-Disposition (a download carries no CSRF token). The key reads
    only the newest recorded change for the client `about` (newest_change_of), not the whole stamp: a PDF
    prints no updates and nothing from the library.
    """
    if not _downloadable(request) or cache_paused():
        return draw()
    user: Any = request.user  # a clinic member (_downloadable)
    key = _key(request, name, (newest_change_of(user.organization_id, about),), parts)
    kept = _read(key, name)
    if kept is _UNREACHABLE:
        return draw()
    if kept is not None:
        content_type, disposition, body = kept
        response = HttpResponse(body, content_type=content_type)
        if disposition:
            response["Content-Disposition"] = disposition
        return response
    response = draw()
    if response.status_code == 200 and not response.streaming:
        _write(key, (response["Content-Type"], response.get("Content-Disposition", ""), response.content), name)
    return response
