"""Browser tests: Debian's Chromium driven by Playwright against a real uvicorn, htmx served as on the CDN."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Playwright, Route, sync_playwright

from app.config import HTMX_CDN_URL, HTMX_SSE_CDN_URL, SWAGGER_CSS_CDN_URL, SWAGGER_JS_CDN_URL, Settings
from tests.cast import Cast, Template
from tests.conftest import ROOT, TEST_PASSWORD, AuthAccount, LiveServer, settings_on_copy

CHROMIUM = Path("/usr/bin/chromium")
VENDOR = ROOT / ".cache" / "vendor"
ARTIFACTS = ROOT / "test-artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class SignIn(Protocol):
    """The `sign_in_as` factory: an account, and options for the browser context."""

    def __call__(self, account: AuthAccount, **options: object) -> Person: ...


def _require(path: Path, what: str) -> None:
    if path.exists():
        return
    message = f"{what} is missing at {path} (install it: see README and .ci/run)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, headless (never a browser build downloaded by Playwright)."""
    _require(CHROMIUM, "Chromium")
    _require(VENDOR / "htmx.min.js", "htmx from npm (scripts/test fetches it)")
    _require(VENDOR / "swagger-ui-bundle.js", "swagger-ui-dist from npm (scripts/test fetches it)")
    launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
    yield launched
    launched.close()


@pytest.fixture
def settings(tmp_path: Path, cast_template: Template) -> Settings:
    """The cast, without any document: the secretariat imports the seed through the page."""
    return settings_on_copy(cast_template.url, tmp_path)


@dataclass
class Person:
    """A signed-in browser page, and what its console said."""

    page: Page
    account: AuthAccount
    console_errors: list[str] = field(default_factory=list)

    def assert_quiet_console(self, *expected: str) -> None:
        """No console error, except those a step provokes on purpose."""
        unexpected = [e for e in self.console_errors if not any(word in e for word in expected)]
        assert unexpected == [], unexpected


def _serve_vendor(name: str) -> Callable[[Route], None]:
    body = (VENDOR / name).read_bytes()
    content_type = "text/css" if name.endswith(".css") else "application/javascript"

    def handler(route: Route) -> None:
        # The page asks the CDN with crossorigin=anonymous, so the SRI check needs a CORS answer.
        route.fulfill(status=200, body=body, content_type=content_type, headers={"Access-Control-Allow-Origin": "*"})

    return handler


def serve_cdn(context: BrowserContext) -> None:
    """Answer the pinned CDN URLs with the npm packages' files, so that pages run as in production, SRI included."""
    context.route(HTMX_CDN_URL, _serve_vendor("htmx.min.js"))
    context.route(HTMX_SSE_CDN_URL, _serve_vendor("sse.min.js"))
    context.route(SWAGGER_JS_CDN_URL, _serve_vendor("swagger-ui-bundle.js"))
    context.route(SWAGGER_CSS_CDN_URL, _serve_vendor("swagger-ui.css"))


@pytest.fixture
def sign_in_as(browser: Browser, live_server: LiveServer) -> Iterator[SignIn]:
    """A factory: a fresh browser context signed in as an account through the login form."""
    contexts = []

    def open_as(account: AuthAccount, **options: object) -> Person:
        """Sign in; `options` go to the browser context (a phone: viewport, has_touch, is_mobile)."""
        settings: dict[str, Any] = {"viewport": {"width": 1400, "height": 1000}, "accept_downloads": True} | options
        context = browser.new_context(**settings)
        contexts.append(context)
        serve_cdn(context)
        page = context.new_page()
        person = Person(page, account)

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                person.console_errors.append(message.text)

        page.on("console", on_console)
        page.on("pageerror", lambda error: person.console_errors.append(f"page error: {error}"))
        page.goto(f"{live_server.url}/login")
        page.fill("#login-username", account.username)
        page.fill("#login-password", TEST_PASSWORD)
        page.click("#login-form button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return person

    yield open_as
    for context in contexts:
        context.close()


def screenshot(page: Page, name: str, *, selector: str | None = None) -> Path:
    """Save a screenshot as a test artefact (test-artifacts/NAME.png)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    if selector:
        page.locator(selector).screenshot(path=str(path))
    else:
        page.screenshot(path=str(path), full_page=False)
    return path


@pytest.fixture
def cast(cast_template: Template) -> Cast:
    """The accounts of the seed negotiation."""
    return cast_template.cast
