"""In Chromium, an anonymous visitor reads a public document: the page stays, live, and asks for nothing it may not."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from app.config import Settings
from tests.browser.conftest import serve_cdn
from tests.cast import Template
from tests.conftest import LiveServer, settings_on_copy


@pytest.fixture
def settings(tmp_path: Path, negotiation_template: Template) -> Settings:
    """The seed negotiation, made public."""
    public = frozenset({negotiation_template.document_id or 0})
    return settings_on_copy(negotiation_template.url, tmp_path).model_copy(update={"public_documents": public})


def test_an_anonymous_reader_stays_on_a_public_document(
    browser: Browser, live_server: LiveServer, negotiation_template: Template
) -> None:
    context = browser.new_context()
    serve_cdn(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    url = f"{live_server.url}/documents/{negotiation_template.document_id}"
    page.goto(url)
    page.wait_for_selector(".para")
    page.wait_for_timeout(500)  # time for htmx's load triggers, which must not send the reader to the login page
    assert page.url == url
    assert page.locator("a[href='/login']").first.is_visible()
    assert errors == []
    context.close()
