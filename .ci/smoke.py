"""Smoke run over HTTP against the production stack that .ci/smoke started.

Standard library only, but for django-otp's TOTP function (from the project's virtualenv), which
makes the code the demo clinician and admin type after their password: seed_demo gives them the
demo authenticator key (planning/demo/people.py, DEMO_TOTP_KEY).

Acts as the TLS proxy (sends X-Forwarded-Proto: https), signs in as each demo role, opens the main
pages, downloads both PDFs and reads them back with poppler, checks the security headers and cookies,
the health check, the hashed static files, that the Celery worker sent a new client's invitation, that
kept pages (config/kept_pages.py) are served from Redis with a fresh CSRF token and never stale after a
recorded change, and that the JSON logs hold no names, emails or typed text. Every problem is listed;
the exit status is 1 if any.

    python .ci/smoke.py --base http://127.0.0.1:PORT --mail MAIL_DIR --log SERVE_LOG --redis REDIS_URL
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import re
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from django_otp.oath import TOTP  # a plain function module: no Django settings needed

PASSWORD = "stepwise-demo-2026"  # noqa: S105 - the demo password seed_demo prints
CLINICIAN = "maya@willowstreet.example"
CLIENT = "sam@clients.example"
ORG_ADMIN = "priya@willowstreet.example"
ALLY = "ruth@friends.example"
DEMO_TOTP_KEY = "STEPWISE2DEMO2KEY2NOT2FOR2REAL22"  # seed_demo's shared demo authenticator key
TWO_STEP = "/account/two-step/"
NEW_CLIENT = {"preferred_name": "Quill Smoketest", "pronouns": "they/them"}
# What the client and the clinician type on kept pages (and the logs must never hold).
SAFETY_LINE = "Smoke check: a slow walk to the corner and back"
VALUE = "Smoke check: Sunday dinners with my brother"


@dataclass
class Pdf:
    body: bytes
    info: str
    text: str
    fonts: str


# What only a styled PDF shows. Unstyled (the production bug of issue 12: the fetcher refused the hashed
# stylesheet), WeasyPrint prints DejaVu Serif on a bare A4 page with no page footer. Edit these when the
# PDFs' design changes; each entry is (what it proves, check).
PLAN_STYLED: list[tuple[str, Callable[[Pdf], bool]]] = [
    ("the footer from pdf.css's @page margin box", lambda pdf: "Call your emergency number" in pdf.text),
    ("page numbers from pdf.css's @page margin box", lambda pdf: "Page 1 of" in pdf.text),
    ("pdf.css's font (DejaVu Sans), not the unstyled serif", lambda pdf: "DejaVu-Sans" in pdf.fonts),
]
CARD_STYLED: list[tuple[str, Callable[[Pdf], bool]]] = [
    (
        "pdf.css's font (DejaVu Sans) only, not the unstyled serif",
        lambda pdf: "Sans" in pdf.fonts and "Serif" not in pdf.fonts,
    ),
    ("exactly one page", lambda pdf: re.search(r"^Pages:\s+1$", pdf.info, re.M) is not None),
]

SECURITY_HEADERS: list[tuple[str, Callable[[str], bool]]] = [
    (
        "Content-Security-Policy",
        lambda v: "default-src 'none'" in v and "script-src 'self'" in v and "unsafe-inline" not in v,
    ),
    (
        "Strict-Transport-Security",
        lambda v: "max-age=31536000" in v and "includeSubDomains" in v and "preload" in v,
    ),
    ("X-Content-Type-Options", lambda v: v == "nosniff"),
    ("Referrer-Policy", lambda v: v == "same-origin"),
    ("Cross-Origin-Opener-Policy", lambda v: v == "same-origin"),
    ("X-Frame-Options", lambda v: v == "DENY"),
    (
        "Permissions-Policy",
        lambda v: all(f"{feature}=()" in v for feature in ("camera", "microphone", "geolocation", "payment", "usb")),
    ),
    ("Cache-Control", lambda v: "no-store" in v),  # signed-in pages hold clinical text
]
# Cookies: `__Host-` names (Secure, this host only, every path), never readable by scripts, sent on
# top-level navigation from elsewhere but not on other sites' posts.
SESSION_COOKIE = "__Host-sessionid"
CSRF_COOKIE = "__Host-csrftoken"


def host_cookie_problems(line: str) -> list[str]:
    """What a Set-Cookie line for a `__Host-` cookie lacks (empty when it is right)."""
    attributes = [part.strip().lower() for part in line.split(";")[1:]]
    wanted = {"secure": "secure", "httponly": "httponly", "samesite=lax": "samesite=lax", "path=/": "path=/"}
    missing = [name for name, attribute in wanted.items() if attribute not in attributes]
    if any(attribute.startswith("domain=") for attribute in attributes):
        missing.append("no Domain")
    return missing if line else ["the cookie itself"]


problems: list[str] = []


def check(ok: bool, what: str) -> bool:
    """Record a problem unless `ok`; say how it went."""
    print(("  ok    " if ok else "  FAIL  ") + what, flush=True)
    if not ok:
        problems.append(what)
    return ok


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode(errors="replace")

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


@dataclass
class Browser:
    """One person's cookies over plain HTTP, marked https the way the proxy marks it (cookies are Secure)."""

    base: str
    cookies: dict[str, str] = field(default_factory=dict)
    set_cookie: dict[str, str] = field(default_factory=dict)  # the last Set-Cookie line for each name

    def request(self, method: str, path: str, form: dict[str, str] | None = None, https: bool = True) -> Response:
        parts = urlsplit(self.base)
        connection = http.client.HTTPConnection(parts.netloc, timeout=60)
        headers = {"Host": parts.netloc}
        if https:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "Origin": f"https://{parts.netloc}"}
        connection.request(method, path, body=body, headers=headers)
        raw = connection.getresponse()
        response = Response(raw.status, raw.headers, raw.read())
        connection.close()
        for line in raw.headers.get_all("Set-Cookie") or []:
            name, _, rest = line.partition("=")
            value = rest.split(";", 1)[0]
            self.set_cookie[name] = line
            if value and "max-age=0" not in line.lower():
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        return response

    def get(self, path: str, https: bool = True) -> Response:
        return self.request("GET", path, https=https)

    def follow(self, path: str) -> tuple[str, Response]:
        """GET, following redirects within the site; return the final path and response."""
        for _ in range(5):
            response = self.get(path)
            if response.status not in (301, 302):
                return path, response
            path = urlsplit(response.header("Location")).path or path
        raise RuntimeError(f"too many redirects from {path}")

    def post_form(self, path: str, fields: dict[str, str]) -> Response:
        """Open a form page, then post it with its CSRF token, as a person would."""
        page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if page.status != 200 or token is None:
            raise RuntimeError(f"{path}: no form to post (status {page.status})")
        return self.request("POST", path, {"csrfmiddlewaretoken": token.group(1), **fields})


def sign_in(base: str, email: str, *, two_step: bool = False) -> Browser:
    """Sign in with the password, then (clinicians and the admin) the code from the demo authenticator."""
    browser = Browser(base)
    response = browser.post_form("/accounts/login/", {"username": email, "password": PASSWORD})
    if response.status != 302:
        raise RuntimeError(f"signing in as {email} answered {response.status}, not a redirect")
    missing = host_cookie_problems(browser.set_cookie.get(SESSION_COOKIE, ""))
    check(not missing, f"{email}: {SESSION_COOKIE} is Secure, HttpOnly, SameSite=Lax, Path=/ (missing: {missing})")
    if two_step:
        after_password = urlsplit(response.header("Location")).path
        check(after_password == TWO_STEP, f"{email}: the password leads to the code page (got {after_password})")
        check(browser.get("/caseload/").status == 302, f"{email}: nothing opens before the code")
        code = f"{TOTP(base64.b32decode(DEMO_TOTP_KEY)).token():06d}"
        passed = browser.post_form(TWO_STEP, {"code": code})
        check(passed.status == 302, f"{email}: the code from the demo authenticator is accepted (got {passed.status})")
    return browser


def links(page: Response, pattern: str) -> list[str]:
    """The site paths on a page matching a regular expression, first seen first."""
    found = re.findall(r'href="(/[^"]*)"', page.text)
    return list(dict.fromkeys(path for path in found if re.fullmatch(pattern, path)))


def open_pages(browser: Browser, who: str, paths: list[str]) -> None:
    for path in paths:
        final, response = browser.follow(path)
        check(response.status == 200, f"{who}: {path} answers 200 (got {response.status} at {final})")


# Kept pages (config/kept_pages.py). A signed-in page is kept in Redis under `:1:kept:<page>:<user>:<digest>`
# for KEPT_SECONDS and served from there while nothing it shows has changed. The stack sends no header
# saying which it did, so the smoke run asks Redis: a kept serve only reads its copy, while a drawn page is
# written again with its whole life to live. Each time a page is served, kept or drawn, it carries a CSRF
# token masked afresh from the reader's own secret (the __Host-csrftoken cookie).
CSRF_TOKEN = re.compile(r"[a-zA-Z0-9]{64}")  # a masked token: a 32-character mask, then the secret under it
CSRF_CHARS = string.ascii_letters + string.digits


def csrf_secret(token: str) -> str:
    """The secret a masked CSRF token carries (as django.middleware.csrf._unmask_cipher_token works it out)."""
    mask, masked = token[:32], token[32:]
    return "".join(CSRF_CHARS[CSRF_CHARS.index(c) - CSRF_CHARS.index(m)] for c, m in zip(masked, mask, strict=True))


def kept_copies(redis: str, page: str) -> dict[str, int]:
    """The kept copies of `page` in Redis, each with the milliseconds it has left to live."""

    def cli(*command: str) -> str:
        return subprocess.run(["redis-cli", "-u", redis, *command], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607 - fixed

    keys = cli("--scan", "--pattern", f"*kept:{page}:*").split()
    return {key: int(cli("PTTL", key)) for key in keys}


def open_kept(browser: Browser, redis: str, who: str, path: str, page: str) -> Response | None:
    """Open a page twice: the first visit keeps it in Redis, the second is served kept; return the kept one."""
    first = browser.get(path)
    time.sleep(1.0)  # so that a copy written again by the second visit would have longer to live than this one has
    copies = kept_copies(redis, page)
    second = browser.get(path)
    after = kept_copies(redis, page)
    if not check(
        first.status == second.status == 200, f"{who}: {path} answers 200 twice (got {first.status}, {second.status})"
    ):
        return None
    check(bool(copies), f"{who}: the first visit keeps {path} in Redis ({len(copies)} kept {page} page(s))")
    check(
        after.keys() == copies.keys() and all(after[key] < left for key, left in copies.items()),
        f"{who}: the second visit to {path} is served kept: it wrote nothing to Redis (a drawn page is kept again)",
    )
    check(
        CSRF_TOKEN.sub("TOKEN", second.text) == CSRF_TOKEN.sub("TOKEN", first.text),
        f"{who}: the kept {path} is the page drawn the first time, apart from the CSRF token",
    )
    drawn_tokens, kept_tokens = set(CSRF_TOKEN.findall(first.text)), set(CSRF_TOKEN.findall(second.text))
    secret = browser.cookies.get(CSRF_COOKIE, "")
    check(
        bool(kept_tokens) and kept_tokens.isdisjoint(drawn_tokens),
        f"{who}: the kept {path} carries a fresh CSRF token, not the one it was drawn with",
    )
    check(
        bool(secret) and {csrf_secret(token) for token in kept_tokens} == {secret},
        f"{who}: the kept {path}'s token is masked from the reader's own CSRF secret ({CSRF_COOKIE})",
    )
    return second


def post_from_kept(browser: Browser, who: str, kept: Response, action: str, fields: dict[str, str]) -> Response:
    """Post a form with the CSRF token the kept page carries; follow the redirect to the page it leads to."""
    token = CSRF_TOKEN.search(kept.text)
    posted = browser.request("POST", action, {"csrfmiddlewaretoken": token.group(0) if token else "", **fields})
    check(posted.status == 302, f"{who}: a post with the kept page's CSRF token is accepted (got {posted.status})")
    final, page = browser.follow(urlsplit(posted.header("Location")).path or action)
    check(page.status == 200, f"{who}: the post leads to a page (got {page.status} at {final})")
    return page


def check_kept_client(sam: Browser, redis: str) -> None:
    kept = open_kept(sam, redis, "client", "/me/safety-plan/", "safety_plan")
    if kept is None:
        return
    add = re.search(r'<form method="post" action="(/clients/[0-9a-f-]{36}/safety-plan/add/)"', kept.text)
    if not check(add is not None, "client: the kept safety plan has the quick-add form"):
        return
    assert add is not None
    shown = post_from_kept(sam, "client", kept, add.group(1), {"section": "coping", "text": SAFETY_LINE})
    check(SAFETY_LINE in shown.text, "client: the safety plan shows the line just added")
    check(
        SAFETY_LINE in sam.get("/me/safety-plan/").text,
        "client: the next /me/safety-plan/ shows it too (a kept page is never stale after a recorded change)",
    )


def check_kept_clinician(maya: Browser, redis: str, plan: str) -> None:
    open_kept(maya, redis, "clinician", "/caseload/", "caseload")
    kept = open_kept(maya, redis, "clinician", plan, "plan")
    if kept is None:
        return
    shown = post_from_kept(maya, "clinician", kept, plan + "values/new/", {"statement": VALUE, "why": ""})
    check(VALUE in shown.text, "clinician: the plan page shows what matters, just added")
    check(
        VALUE in maya.get(plan).text,
        f"clinician: the next {plan} shows it too (a kept page is never stale after a recorded change)",
    )


def read_pdf(body: bytes) -> Pdf:
    """Read a PDF back with poppler: its page info, its text as laid out, and the fonts it embeds."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        Path(handle.name).write_bytes(body)

        def run(*command: str) -> str:
            return subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603 - poppler, fixed

        return Pdf(
            body,
            info=run("pdfinfo", handle.name),
            text=run("pdftotext", "-layout", handle.name, "-"),
            fonts=run("pdffonts", handle.name),
        )


def check_pdf(browser: Browser, path: str, name: str, styled: list[tuple[str, Callable[[Pdf], bool]]]) -> Pdf | None:
    response = browser.get(path)
    if not check(
        response.status == 200 and response.header("Content-Type") == "application/pdf",
        f"{name}: {path} is a PDF (status {response.status}, {response.header('Content-Type')})",
    ):
        return None
    check("no-store" in response.header("Cache-Control"), f"{name} is never stored (Cache-Control: no-store)")
    check("camera=()" in response.header("Permissions-Policy"), f"{name} carries the Permissions-Policy")
    pdf = read_pdf(response.body)
    for what, ok in styled:
        check(ok(pdf), f"{name} is styled: {what}")
    return pdf


def check_anonymous(base: str) -> str:
    """Health check, HTTPS redirect, headers on the sign-in page and the hashed static files; return the page."""
    anonymous = Browser(base)
    health = anonymous.get("/healthz", https=False)
    check(
        health.status == 200 and json.loads(health.body) == {"status": "ok", "database": "ok", "broker": "ok"},
        f"/healthz over plain HTTP: 200 with database and broker ok (got {health.status} {health.text[:120]})",
    )
    plain = anonymous.get("/accounts/login/", https=False)
    check(
        plain.status == 301 and plain.header("Location").startswith("https://"),
        f"a page without X-Forwarded-Proto: https is redirected to HTTPS (got {plain.status})",
    )
    page = anonymous.get("/accounts/login/")
    check(page.status == 200, f"the sign-in page answers 200 behind the proxy (got {page.status})")
    missing = host_cookie_problems(anonymous.set_cookie.get(CSRF_COOKIE, ""))
    check(not missing, f"sign-in page: {CSRF_COOKIE} is Secure, HttpOnly, SameSite=Lax, Path=/ (missing: {missing})")
    for name, value in SECURITY_HEADERS[:-1]:  # a page for everyone: no no-store needed
        check(value(page.header(name)), f"sign-in page header {name}: {page.header(name)!r}")
    css = re.search(r'href="(/static/css/stepwise\.[0-9a-f]{12}\.css)"', page.text)
    if check(css is not None, "pages link the hashed stylesheet from the manifest (collectstatic ran)"):
        assert css is not None
        static = anonymous.get(css.group(1))
        check(
            static.status == 200 and "immutable" in static.header("Cache-Control"),
            f"WhiteNoise serves {css.group(1)} with far-future caching (got {static.status})",
        )
    check(anonymous.get("/me/").status == 302, "a client page sends an anonymous visitor to sign in")
    return page.text


def check_clinician(base: str, mail: Path, redis: str) -> str:
    maya = sign_in(base, CLINICIAN, two_step=True)
    _, caseload = maya.follow("/")
    check(caseload.status == 200, f"clinician: the home page leads to the caseload (got {caseload.status})")
    clients = links(caseload, r"/clients/[0-9a-f-]{36}/")
    if not check(bool(clients), "clinician: the caseload links to clients"):
        return ""
    overview = maya.get(clients[0])
    plans = links(overview, r"/plans/[0-9a-f-]{36}/")
    open_pages(
        maya,
        "clinician",
        [clients[0], *plans[:1], clients[0] + "safety-plan/", clients[0] + "progress/", "/library/", "/notifications/"],
    )
    for name, value in SECURITY_HEADERS:
        check(value(overview.header(name)), f"clinician page header {name}: {overview.header(name)!r}")
    email = f"quill.smoketest.{int(time.time())}@clients.example"
    added = maya.post_form("/clients/new/", {**NEW_CLIENT, "email": email})
    check(added.status == 302, f"clinician: adding a client redirects to their page (got {added.status})")
    _, welcome = maya.follow(urlsplit(added.header("Location")).path or "/caseload/")
    check("was added" in welcome.text, "clinician: their page says the client was added (the message is shown once)")
    message = wait_for_mail(mail, email, seconds=45)
    if check(message is not None, f"the Celery worker emailed the invitation to {email} within 45 s"):
        assert message is not None
        check("Subject: Your Stepwise sign-in link" in message, "the invitation has its plain subject")
        check(NEW_CLIENT["preferred_name"] not in message, "the invitation email does not name the client")
        check(re.search(r"https://\S+/invitations/\S+/", message) is not None, "the invitation links to HTTPS")
    if check(bool(plans), "clinician: the client's page links to their plan"):
        check_kept_clinician(maya, redis, plans[0])
    return email


def check_client(base: str, log: Path, redis: str) -> None:
    sam = sign_in(base, CLIENT)
    final, home = sam.follow("/")
    check(home.status == 200 and final == "/me/", f"client: the home page is /me/ (got {home.status} at {final})")
    plan_page = sam.get("/me/safety-plan/")
    check(plan_page.status == 200, "client: /me/safety-plan/ answers 200")
    for name, value in SECURITY_HEADERS:
        check(value(plan_page.header(name)), f"client page header {name}: {plan_page.header(name)!r}")
    own = links(plan_page, r"/clients/[0-9a-f-]{36}/safety-plan/(plan|card)\.pdf")
    plan_pdf = next((path for path in own if path.endswith("plan.pdf")), None)
    card_pdf = next((path for path in own if path.endswith("card.pdf")), None)
    check(plan_pdf is not None and card_pdf is not None, "client: the safety plan page links both PDFs")
    client_root = plan_pdf.rsplit("safety-plan/", 1)[0] if plan_pdf else "/me/"
    open_pages(sam, "client", ["/me/", client_root + "check-ins/", client_root + "journal/", "/library/"])
    check(sam.get("/caseload/").status == 403, "client: the caseload is refused (403)")
    if plan_pdf:
        first = check_pdf(sam, plan_pdf, "the safety plan PDF", PLAN_STYLED)
        if first is not None:
            check(sam.get(plan_pdf).body == first.body, "a repeat plan download serves the kept PDF, byte for byte")
    if card_pdf:
        check_pdf(sam, card_pdf, "the wallet card PDF", CARD_STYLED)
    check("pdf: refused" not in log.read_text(errors="replace"), "the PDF fetcher refused no URL (stylesheet found)")
    check_kept_client(sam, redis)


def check_org_admin(base: str) -> None:
    priya = sign_in(base, ORG_ADMIN, two_step=True)
    final, home = priya.follow("/")
    check(home.status == 200 and final == "/organisation/", f"org admin: home is /organisation/ (got {final})")
    open_pages(priya, "org admin", ["/organisation/audit/", "/organisation/crisis-lines/"])
    check(priya.get("/caseload/").status == 403, "org admin: the caseload is refused (403)")


def check_ally(base: str) -> None:
    ruth = sign_in(base, ALLY)
    final, home = ruth.follow("/")
    check(home.status == 200 and final == "/supporting/", f"ally: home is /supporting/ (got {final})")
    check("Sam" in home.text, "ally: the page shows the person they support")
    check(ruth.get("/library/").status == 403, "ally: the library is refused (403)")
    check(ruth.get("/caseload/").status == 403, "ally: the caseload is refused (403)")


def wait_for_mail(folder: Path, recipient: str, seconds: float) -> str | None:
    """The message sent to `recipient` by the file email backend, once it appears."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for path in sorted(folder.glob("*.log")):
            for message in path.read_text(errors="replace").split("-" * 79):
                if f"To: {recipient}" in message:
                    return message
        time.sleep(0.5)
    return None


def check_logs(log: Path, private: list[str]) -> None:
    """The app's log lines are JSON, carry request lines, and hold none of the private words."""
    lines = [line for line in log.read_text(errors="replace").splitlines() if line.startswith("{")]
    records = []
    for line in lines:
        try:
            records.append(json.loads(line))
        except ValueError:
            check(False, f"a log line is not one JSON object: {line[:100]}")
    requests = [r for r in records if r.get("logger") == "stepwise.request"]
    check(
        any(
            r.get("route") == "planning:safety_plan_pdf" and r.get("status") == 200 and r.get("user_id")
            for r in requests
        ),
        f"request lines name the pattern, status and user id ({len(requests)} request lines)",
    )
    text = log.read_text(errors="replace").lower()
    for word in private:
        check(word.lower() not in text, f"the logs never mention {word!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", required=True)
    parser.add_argument("--mail", type=Path, required=True)
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--redis", required=True, help="the stack's REDIS_URL, to see which pages were kept")
    args = parser.parse_args()
    started = time.monotonic()
    print("Anonymous visitor")
    check_anonymous(args.base)
    print("Clinician")
    new_email = check_clinician(args.base, args.mail, args.redis)
    print("Client")
    check_client(args.base, args.log, args.redis)
    print("Organisation admin")
    check_org_admin(args.base)
    print("Ally")
    check_ally(args.base)
    print("Logs")
    check_logs(
        args.log,
        [
            *(CLINICIAN, CLIENT, ORG_ADMIN, ALLY, NEW_CLIENT["preferred_name"], new_email or "quill.smoketest"),
            *(SAFETY_LINE, VALUE),
        ],
    )
    print(f"Smoke run: {len(problems)} problem(s) in {time.monotonic() - started:.1f} s")
    for problem in problems:
        print(f"  - {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
