"""Printable PDFs of the safety plan, rendered with WeasyPrint inside the request.

The full plan's PDF is kept in the database beside its version (SafetyPlanPdf), keyed by the digest of
the HTML it was drawn from, so a repeat download draws nothing and a changed crisis line is never stale.

WeasyPrint would otherwise fetch any URL a document names (remote images, file:// paths,
cloud metadata addresses). StaticOnlyFetcher serves the app's own static files and refuses
everything else. User text reaches the HTML only through Django templates, so it is escaped.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .models import Client, CrisisLine, SafetyPlanPdf, SafetyPlanVersion

logger = logging.getLogger(__name__)
# WeasyPrint narrates every rendering step at INFO; one PDF would add a dozen log lines.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# Documents are rendered against this made-up origin; only its static path is ever served.
PDF_BASE_URL = "https://stepwise.invalid/"


class RefusedURL(ValueError):
    """A document named a URL outside the app's own static files."""


class StaticOnlyFetcher(URLFetcher):
    """Serve /static/ files from the app's own static directories; refuse every other URL."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        path = self.static_path(url)
        if path is None:
            # Log the scheme only: the URL itself may come from a document and say too much.
            logger.warning("pdf: refused a %s URL", urlsplit(url).scheme or "relative")
            raise RefusedURL("Only the app's own static files may be used in a PDF")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})

    @staticmethod
    def static_path(url: str) -> Path | None:
        """Map an URL under PDF_BASE_URL's static path to a file found by the staticfiles finders."""
        prefix = PDF_BASE_URL + settings.STATIC_URL.lstrip("/")
        if not url.startswith(prefix):
            return None
        parts = urlsplit(url)
        relative = unquote(parts.path)[len(urlsplit(prefix).path) :]
        if parts.query or parts.fragment or posixpath.normpath(relative) != relative or relative.startswith("/"):
            return None
        try:
            found = finders.find(relative)
            # In production {% static %} names the collected, hashed copy (css/pdf.<hash>.css), which only
            # the static files storage knows; its path() refuses anything outside STATIC_ROOT.
            collected = None if found else Path(staticfiles_storage.path(relative))
        except Exception:  # a suspicious path (SuspiciousFileOperation) is simply not served
            return None
        if isinstance(found, str):
            return Path(found)
        return collected if collected is not None and collected.is_file() else None


def html_pdf(html: str) -> bytes:
    """Draw HTML as PDF bytes, fetching nothing but our own static files."""
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Render a template to PDF bytes, fetching nothing but our own static files."""
    return html_pdf(render_to_string(template, context))


def stored_pdf(*, version: SafetyPlanVersion, html: str) -> bytes:
    """Serve the PDF kept with this version when it was drawn from the same HTML; else draw it and keep it.

    The HTML's digest is the key: it changes with anything printed beside the version (crisis lines,
    the client's name, the date, the hashed stylesheet name), so stale bytes are never served.
    """
    digest = hashlib.sha256(html.encode()).hexdigest()
    kept = SafetyPlanPdf.objects.filter(version=version, html_sha256=digest).values_list("body", flat=True).first()
    if kept is not None:
        return bytes(kept)  # PostgreSQL hands back a memoryview
    body = html_pdf(html)
    SafetyPlanPdf.objects.update_or_create(
        version=version, defaults={"html_sha256": digest, "body": body, "rendered_at": timezone.now()}
    )
    return body


def _one_per_service(lines: list[CrisisLine]) -> list[CrisisLine]:
    """Keep the first way to reach each crisis service (a card has room for one each)."""
    seen: set[str] = set()
    kept = []
    for line in lines:
        if not line.is_emergency and line.name not in seen:
            seen.add(line.name)
            kept.append(line)
    return kept


def _context(client: Client, version: SafetyPlanVersion | None, crisis_lines: list[CrisisLine]) -> dict[str, Any]:
    countries: dict[str, list[CrisisLine]] = {}
    for line in crisis_lines:
        countries.setdefault(line.country, []).append(line)
    first_country = next(iter(countries.values()), [])
    return {
        "client": client,
        "version": version,
        "sections": version.sections() if version else [],
        "countries": countries,
        "card_lines": _one_per_service(first_country)[:2],
        "card_emergency": next((line for line in first_country if line.is_emergency), None),
        "checked_on": min((line.last_checked for line in crisis_lines), default=None),
        "printed_at": timezone.now(),
    }


def safety_plan_pdf(*, client: Client, version: SafetyPlanVersion | None, crisis_lines: list[CrisisLine]) -> bytes:
    """The whole plan on A4, with its version and date and the clinic's crisis lines, drawn now."""
    return render_pdf("planning/pdf/safety_plan.html", _context(client, version, crisis_lines))


def kept_safety_plan_pdf(*, client: Client, version: SafetyPlanVersion | None, crisis_lines: list[CrisisLine]) -> bytes:
    """The whole plan as the download serves it: the PDF kept with its version, drawn only when it differs."""
    if version is None:
        return safety_plan_pdf(client=client, version=None, crisis_lines=crisis_lines)
    html = render_to_string("planning/pdf/safety_plan.html", _context(client, version, crisis_lines))
    return stored_pdf(version=version, html=html)


def wallet_card_pdf(*, client: Client, version: SafetyPlanVersion | None, crisis_lines: list[CrisisLine]) -> bytes:
    """A credit-card-sized card folded in two: warning signs, three coping strategies, two contacts, a crisis line."""
    context = _context(client, version, crisis_lines)
    if version is not None:
        context["card_signs"] = version.items("warning_signs")[:3]
        context["card_coping"] = version.items("coping")[:3]
        contacts = version.items("help_contacts") + version.items("professional_contacts")
        context["card_contacts"] = contacts[:2]
    return render_pdf("planning/pdf/wallet_card.html", context)


def pdf_response(body: bytes, filename: str) -> HttpResponse:
    """Send a PDF as a download with a neutral file name."""
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def progress_pdf(*, client: Client, progress: Any) -> bytes:
    """A printable progress summary for a review session: the same charts and tables as the page."""
    return render_pdf(
        "planning/pdf/progress.html", {"client": client, "progress": progress, "printed_at": timezone.now()}
    )
