"""A delegate says why, in Chromium: a reason given with an alternative and a comment on the set, in the panel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from app.config import Settings
from tests.browser.conftest import ARTIFACTS, Person, screenshot
from tests.browser.test_seed_negotiation import INTERGOVERNMENTAL, open_panel
from tests.cast import Cast, Template
from tests.conftest import AuthAccount, LiveServer, corpus_file, settings_on_copy

SignIn = Callable[[AuthAccount], Person]
WORDING = "ouvertes aux parties prenantes selon leurs rôles respectifs"
REASON = "Reflects the Tunis Agenda: each stakeholder in its respective role."
INPUTS = "unfccc-art6-2-party-inputs-2024.docx"
COMMENT = "The African Group can join a consensus on this set if the reference to paragraph 35 stays."


@pytest.fixture
def settings(tmp_path: Path, negotiation_template: Template) -> Settings:
    """The cast and the imported seed (Rev.0)."""
    return settings_on_copy(negotiation_template.url, tmp_path)


def test_a_delegate_gives_a_reason_and_comments_on_a_set(
    sign_in_as: SignIn, cast: Cast, live_server: LiveServer, negotiation_template: Template
) -> None:
    zaf = sign_in_as(cast.zaf)
    page = zaf.page
    page.goto(f"{live_server.url}/documents/{negotiation_template.document_id}")
    open_panel(page, INTERGOVERNMENTAL)
    panel = page.locator("#set-panel")
    expect(panel.locator(".comments")).to_contain_text("No comment yet.")

    # An alternative, with the reason for it, for the African Group.
    form = panel.locator("form.add-alternative")
    form.get_by_label("Add an alternative").fill(WORDING)
    form.get_by_label("Why (optional, shown with the proposal)").fill(REASON)
    form.get_by_label("On behalf of").select_option("AFR")
    form.get_by_role("button", name="Propose this alternative").click()
    expect(panel.locator(".alternative", has_text=WORDING)).to_contain_text("Proposed")
    reason = panel.locator(".comment-justification")
    expect(reason).to_contain_text(REASON)
    expect(reason).to_contain_text("Reason given with the proposal")
    expect(reason.locator("abbr")).to_have_text("AFR")
    expect(reason).to_contain_text("(on its behalf: ZAF)")

    # A comment on the set, by keyboard alone from the comment box.
    box = panel.get_by_label("Comment on")
    box.fill(COMMENT)
    panel.locator("form.add-comment").get_by_label("On behalf of").select_option("AFR")
    panel.locator("form.add-comment").get_by_role("button", name="Add the comment").focus()
    page.keyboard.press("Enter")
    comment = panel.locator(".comment-comment")
    expect(comment).to_contain_text(COMMENT)
    expect(comment).to_contain_text("Thandi Nkosi")
    expect(panel.locator(".comments h3")).to_contain_text("(2)")
    expect(panel.locator(".comments .notice")).to_have_text("Your comment is in the set's record.")

    # Both are in the set's history, naming who acted and for whom.
    history = panel.locator(".history")
    expect(history).to_contain_text("gave a reason for the alternative")
    expect(history).to_contain_text("commented on")
    expect(history.locator("li", has_text="commented on")).to_contain_text("South Africa for African Group")
    panel.locator(".comments").scroll_into_view_if_needed()
    screenshot(page, "set-panel-comments", selector="#set-panel .comments")

    # Another delegation sees them, live, without the withdraw buttons.
    usa = sign_in_as(cast.usa)
    other = usa.page
    other.goto(f"{live_server.url}/documents/{negotiation_template.document_id}")
    open_panel(other, INTERGOVERNMENTAL)
    expect(other.locator("#set-panel .comment")).to_have_count(2)
    expect(other.locator("#set-panel").get_by_role("button", name="Withdraw comment")).to_have_count(0)

    # ZAF withdraws its comment: it stays, marked withdrawn.
    panel.get_by_role("button", name="Withdraw comment").click()
    expect(panel.locator(".comment-comment")).to_contain_text("withdrawn")
    expect(panel.locator(".comment-comment.withdrawn")).to_have_count(1)
    zaf.assert_quiet_console()
    usa.assert_quiet_console()

    # The panel on its own page, whole, as the United States reads it.
    set_id = other.locator("#set-panel").get_attribute("data-set")
    other.goto(f"{live_server.url}/documents/{negotiation_template.document_id}/bracket-sets/{set_id}")
    expect(other.locator(".comment.withdrawn")).to_have_count(1)
    ARTIFACTS.mkdir(exist_ok=True)
    other.screenshot(path=str(ARTIFACTS / "set-panel-with-comments.png"), full_page=True)


def test_kept_word_comments_read_in_the_compilation(sign_in_as: SignIn, cast: Cast, live_server: LiveServer) -> None:
    with corpus_file(INPUTS).open("rb") as handle:
        response = httpx.post(
            f"{live_server.url}/api/v1/documents/import-docx",
            files={"file": (INPUTS, handle, "application/octet-stream")},
            data={"title": "Article 6.2: party inputs"},
            headers=cast.secretariat.headers,
            timeout=60,
        )
    assert response.status_code == 201, response.text
    document_id = response.json()["id"]
    bra = sign_in_as(cast.bra)
    page = bra.page
    page.goto(f"{live_server.url}/documents/{document_id}/compilation")
    said = page.locator(".comp-comments li")
    expect(said).to_have_count(95)
    us = page.locator(".comp-comments li", has_text="US: Clarifies not decides")
    expect(us).to_contain_text("(Word comment), on Decides: US: Clarifies")
    us.scroll_into_view_if_needed()
    screenshot(page, "compilation-word-comments")
    bra.assert_quiet_console()
