"""Browser-test fixtures: Playwright driving Debian's Chromium against pytest-django's live server.

Every page a test visits should pass `check_axe(page)`. Console errors (a CSP violation, a
failed script) fail the test at teardown. Without Chromium these tests skip locally; in CI a
skip is a failure (see tests/conftest.py).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from planning.models import User
from tests.factories import TEST_PASSWORD
from tests.second_factor import app_for, code_for

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PHONE = {"width": 390, "height": 844}
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM}; install Debian's chromium package (CI does).")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls we make beside it are safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def browser_page(chromium: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """Return a factory of fresh pages, each in its own context (its own cookies = its own person)."""
    contexts = []
    errors: list[str] = []

    def make(viewport: dict[str, int] | None = None, **options: Any) -> Any:
        context = chromium.new_context(
            viewport=viewport or {"width": 1280, "height": 900},
            base_url=live_server.url,
            reduced_motion="reduce",
            **options,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        return page

    yield make
    for context in contexts:
        context.close()
    # A stale save answers 409 on purpose (the page shows both versions), and a used or expired one-time link
    # 410 (the page says so kindly); Chromium logs both as errors.
    on_purpose = ("status of 409 (Conflict)", "status of 410 (Gone)")
    unexpected = [error for error in errors if not any(status in error for status in on_purpose)]
    assert not unexpected, f"Browser console errors: {unexpected}"


def _sign_in(page: Any, user: Any, password: str = TEST_PASSWORD) -> None:
    """Sign in through the real forms, as a person would (user may be a User or an email).

    Clinicians and admins then type the code their authenticator app shows (set up for them here if they
    have none yet), computed from the app's key as the app would.
    """
    email = getattr(user, "email", user)
    person = User.objects.filter(email=email).first()
    if person is not None and person.second_factor_required:
        app_for(person)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if person is not None and urlsplit(page.url).path == reverse("planning:two_factor"):
        page.get_by_label("Code from your app").fill(code_for(app_for(person)))
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()


_axe = Axe()


def _check_axe(page: Any) -> None:
    """Assert that axe-core finds no WCAG 2.2 A/AA or best-practice violations on the current page."""
    results = _axe.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


@pytest.fixture
def sign_in() -> Callable[..., None]:
    """sign_in(page, user_or_email, password=TEST_PASSWORD)."""
    return _sign_in


@pytest.fixture
def check_axe() -> Callable[[Any], None]:
    """check_axe(page): zero axe-core violations on the page as it is now."""
    return _check_axe
