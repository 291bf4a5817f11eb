"""Printable PDFs of the safety plan, rendered with WeasyPrint inside the request.

The full plan's PDF and the wallet card's are kept in the database beside their version (SafetyPlanPdf,
WalletCardPdf), keyed by the digest of the HTML they were drawn from, so a repeat download draws nothing
and a changed crisis line or card choice is never stale.

WeasyPrint would otherwise fetch any URL a document names (remote images, file:// paths,
cloud metadata addresses). StaticOnlyFetcher serves the app's own static files and refuses
everything else. User text reaches the HTML only through Django templates, so it is escaped.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
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
from weasyprint.document import Document
from weasyprint.formatting_structure.boxes import BlockBox
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .models import Client, CrisisLine, Organization, SafetyPlanPdf, SafetyPlanVersion, WalletCardPdf
from .models.safety import CardChoice

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


def render_document(template: str, context: dict[str, Any]) -> Document:
    """Lay a template out as pages, fetching nothing but our own static files."""
    html = render_to_string(template, context)
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyFetcher()).render()


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Render a template to PDF bytes, fetching nothing but our own static files."""
    return html_pdf(render_to_string(template, context))


def stored_pdf(
    *,
    version: SafetyPlanVersion,
    html: str,
    kept_as: type[SafetyPlanPdf] | type[WalletCardPdf] = SafetyPlanPdf,
    draw: Callable[[], bytes] | None = None,
) -> bytes:
    """Serve the PDF kept with this version when it was drawn from the same HTML; else draw it and keep it.

    The HTML's digest is the key: it changes with anything printed beside the version (crisis lines,
    the client's name, the date, the hashed stylesheet name, the card's chosen lines), so stale bytes
    are never served. `draw` makes the PDF when it is not the HTML drawn as it is (the wallet card is fitted).
    """
    digest = hashlib.sha256(html.encode()).hexdigest()
    kept = kept_as.objects.filter(version=version, html_sha256=digest).values_list("body", flat=True).first()
    if kept is not None:
        return bytes(kept)  # PostgreSQL hands back a memoryview
    body = draw() if draw is not None else html_pdf(html)
    kept_as.objects.update_or_create(
        version=version, defaults={"html_sha256": digest, "body": body, "rendered_at": timezone.now()}
    )
    return body


# Where US Letter is the usual office paper; everywhere else prints on A4. Country names are written as the
# clinic writes them on its crisis lines, so the common spellings are all here.
LETTER_COUNTRIES = frozenset(
    {"united states", "united states of america", "usa", "us", "canada", "ca", "mexico", "philippines"}
)


def clinic_country(organization: Organization, crisis_lines: list[CrisisLine]) -> str:
    """Return the clinic's country: the one it set, or else the country of its first crisis line."""
    return organization.country.strip() or next((line.country for line in crisis_lines), "")


def paper_for(country: str) -> str:
    """Return "letter" for a country that prints on US Letter, "a4" for every other."""
    return "letter" if country.strip().lower().replace(".", "") in LETTER_COUNTRIES else "a4"


def lines_of_country(crisis_lines: list[CrisisLine], country: str) -> list[CrisisLine]:
    """Return the crisis lines a clinic keeps for one country (none when it has set none there)."""
    wanted = country.strip().lower()
    return [line for line in crisis_lines if line.country.strip().lower() == wanted]


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
    country = clinic_country(client.organization, crisis_lines)
    # A clinic that set its country prints that country's lines; one that has none there still prints them all.
    printed = (client.organization.country and lines_of_country(crisis_lines, country)) or crisis_lines
    countries: dict[str, list[CrisisLine]] = {}
    for line in printed:
        countries.setdefault(line.country, []).append(line)
    return {
        "client": client,
        "version": version,
        "sections": version.sections() if version else [],
        "countries": countries,
        "checked_on": min((line.last_checked for line in printed), default=None),
        "printed_at": timezone.now(),
        "paper": paper_for(country),
    }


def safety_plan_pdf(*, client: Client, version: SafetyPlanVersion | None, crisis_lines: list[CrisisLine]) -> bytes:
    """The whole plan, drawn now: one A4 or Letter sheet for a typical plan, with its version, date and crisis lines."""
    return render_pdf("planning/pdf/safety_plan.html", _context(client, version, crisis_lines))


def kept_safety_plan_pdf(*, client: Client, version: SafetyPlanVersion | None, crisis_lines: list[CrisisLine]) -> bytes:
    """The whole plan as the download serves it: the PDF kept with its version, drawn only when it differs."""
    if version is None:
        return safety_plan_pdf(client=client, version=None, crisis_lines=crisis_lines)
    html = render_to_string("planning/pdf/safety_plan.html", _context(client, version, crisis_lines))
    return stored_pdf(version=version, html=html)


# The wallet card


@dataclass(frozen=True)
class WalletCard:
    """What one wallet card prints, in card order. `more` names the panels where something chosen did not fit."""

    signs: list[str]
    coping: list[str]
    people: list[dict[str, str]]
    professionals: list[dict[str, str]]
    clinic: dict[str, str] | None
    crisis_chosen: bool
    crisis_lines: list[CrisisLine]
    emergency: CrisisLine | None
    country: str
    more: frozenset[str] = frozenset()  # the panels that gave a line up

    # Which lines can give way when a panel is full (last line of the longest list first; the clinic's number
    # last). The crisis lines never do.
    DROP_ORDER = {"front": ("coping", "signs"), "back": ("people", "professionals", "clinic")}

    @property
    def no_crisis_line(self) -> bool:
        """The crisis lines were chosen but the clinic has none for its country."""
        return self.crisis_chosen and not self.crisis_lines and self.emergency is None

    def shortened(self, panel: str, overflow: float, heights: dict[str, list[float]]) -> WalletCard | None:
        """Take lines off `panel` until `overflow` points (and the "more" line) are freed; None if none can go."""
        need = overflow + (0 if panel in self.more else MORE_LINE_PT)
        lists: dict[str, Any] = {name: getattr(self, name) for name in self.DROP_ORDER[panel]}
        freed, dropped = 0.0, False
        while freed < need:
            # The longest list gives way first, so no heading is left empty while another list keeps four lines.
            name = max((n for n in lists if n != "clinic" and lists[n]), key=lambda n: len(lists[n]), default=None)
            if name is None and lists.get("clinic"):
                freed += sum(heights.get("clinic", [0.0]))
                lists["clinic"], dropped = None, True
                continue
            if name is None:
                break
            freed += (heights.get(name) or [0.0] * len(lists[name]))[len(lists[name]) - 1]
            lists[name], dropped = lists[name][:-1], True
        return replace(self, **lists, more=self.more | {panel}) if dropped else None


def wallet_card(
    *, client: Client, version: SafetyPlanVersion | None, crisis_lines: list[CrisisLine], choice: CardChoice
) -> WalletCard:
    """Gather what the client chose for their card, before it is fitted to the card's size."""

    def chosen(section: str, part: str) -> list[Any]:
        items = version.items(part) if version is not None else []
        return [item for item in items if choice.includes(section, item)]

    organization = client.organization
    clinic = {"name": organization.name, "phone": organization.phone} if organization.phone and choice.clinic else None
    country = clinic_country(organization, crisis_lines)
    local = lines_of_country(crisis_lines, country) if choice.crisis else []
    return WalletCard(
        signs=chosen("warning_signs", "warning_signs"),
        coping=chosen("coping", "coping"),
        people=chosen("contacts", "help_contacts"),
        professionals=chosen("contacts", "professional_contacts"),
        clinic=clinic,
        crisis_chosen=choice.crisis,
        crisis_lines=_one_per_service(local)[:2],
        emergency=next((line for line in local if line.is_emergency), None),
        country=country,
    )


# Room for the "More on your full plan" line when a panel first gives something up (one 8 pt line and its margin).
MORE_LINE_PT = 14.0


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", []):
        yield from _boxes(child)


def _overflow(document: Document) -> dict[str, tuple[float, dict[str, list[float]]]]:
    """Per card panel that runs past its bottom: by how many points, and the height of each line that could go."""
    result = {}
    for page in document.pages:
        for box in _boxes(page._page_box):
            element = getattr(box, "element", None)
            panel = element.get("data-panel") if element is not None and box.element_tag == "div" else None
            if panel is None:
                continue
            bottom = box.content_box_y() + box.height
            inside = [b for b in _boxes(box) if b is not box]
            lowest = max((b.position_y + b.margin_height() for b in inside), default=bottom)
            if lowest <= bottom + 0.5:
                continue
            heights: dict[str, list[float]] = {}
            for line in inside:
                if isinstance(line, BlockBox) and line.element_tag == "li":
                    heights.setdefault(line.element.get("data-line", ""), []).append(line.margin_height())
            result[panel] = (lowest - bottom, heights)
    return result


def fit_wallet_card(card: WalletCard, context: dict[str, Any]) -> tuple[WalletCard, Document]:
    """Lay the card out; while a panel runs over, take its last lines off and say so on the card."""
    while True:
        document = render_document("planning/pdf/wallet_card.html", {**context, "card": card})
        shorter = card
        for panel, (overflow, heights) in _overflow(document).items():
            shorter = shorter.shortened(panel, overflow, heights) or shorter
        if shorter is card:  # it fits, or nothing left can give way: print what there is
            return card, document
        card = shorter


def wallet_card_layout(
    *,
    client: Client,
    version: SafetyPlanVersion | None,
    crisis_lines: list[CrisisLine],
    choice: CardChoice | None = None,
) -> tuple[WalletCard, Document]:
    """Fit the client's chosen lines (everything, without a choice) to the card: what the preview and PDF show."""
    context = _context(client, version, crisis_lines)
    choice = choice or CardChoice.from_json(None)
    card = wallet_card(client=client, version=version, crisis_lines=crisis_lines, choice=choice)
    return fit_wallet_card(card, context)


def wallet_card_pdf(
    *,
    client: Client,
    version: SafetyPlanVersion | None,
    crisis_lines: list[CrisisLine],
    choice: CardChoice | None = None,
) -> bytes:
    """An A4 or Letter sheet with the card drawn at card size, cut and fold marks and one line on how to make it."""
    _card, document = wallet_card_layout(client=client, version=version, crisis_lines=crisis_lines, choice=choice)
    return document.write_pdf()


def kept_wallet_card_pdf(
    *, client: Client, version: SafetyPlanVersion | None, crisis_lines: list[CrisisLine], choice: CardChoice
) -> bytes:
    """The wallet card as the download serves it: kept with its version, drawn again only when its HTML differs."""
    if version is None:
        return wallet_card_pdf(client=client, version=None, crisis_lines=crisis_lines, choice=choice)
    context = _context(client, version, crisis_lines)
    card = wallet_card(client=client, version=version, crisis_lines=crisis_lines, choice=choice)
    html = render_to_string("planning/pdf/wallet_card.html", {**context, "card": card})  # before fitting: the key

    def draw() -> bytes:
        _fitted, document = fit_wallet_card(card, context)
        return bytes(document.write_pdf())

    return stored_pdf(version=version, html=html, kept_as=WalletCardPdf, draw=draw)


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
