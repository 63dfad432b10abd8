"""In Chromium, under the Content-Security-Policy: /docs runs the pinned Swagger UI, and nothing is blocked."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Browser, ConsoleMessage

from tests.browser.conftest import Person, serve_cdn
from tests.cast import Cast
from tests.conftest import LiveServer


def test_api_docs_run_swagger_ui_with_its_integrity_checked(browser: Browser, live_server: LiveServer) -> None:
    context = browser.new_context()
    serve_cdn(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    page.goto(f"{live_server.url}/docs")
    page.wait_for_selector(".swagger-ui .information-container .title")
    assert "Crochets" in page.inner_text(".swagger-ui .information-container .title")
    page.get_by_text("/api/v1/documents/{document_id}", exact=True).first.wait_for()
    assert errors == []  # a Content-Security-Policy violation would be reported here
    context.close()


def test_a_tampered_cdn_file_is_refused(browser: Browser, live_server: LiveServer) -> None:
    context = browser.new_context()
    context.route("**/swagger-ui-bundle.js", lambda route: route.fulfill(
        status=200, body="window.tampered = true;", content_type="application/javascript",
        headers={"Access-Control-Allow-Origin": "*"},
    ))  # fmt: skip
    page = context.new_page()
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", on_console)
    page.goto(f"{live_server.url}/docs")
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.tampered === undefined")
    assert any("integrity" in error for error in errors), errors
    context.close()


def test_pages_run_under_the_policy_without_violations(sign_in_as: Callable[..., Person], cast: Cast) -> None:
    person = sign_in_as(cast.secretariat)
    person.page.goto(person.page.url + "admin")
    person.page.click("text=Reset password >> nth=0")
    person.page.goto(person.page.url.replace("/admin", "/import"))
    person.assert_quiet_console()
