"""The chair reshapes a draft in the browser (split, merge, move, insert, undo) and the redline tells it."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from playwright.sync_api import Page, expect

from tests.browser.conftest import Person, screenshot
from tests.cast import Cast
from tests.conftest import AuthAccount, LiveServer

SignIn = Callable[[AuthAccount], Person]
DRAFT = (
    "Draft decision on the guidance\n"
    "(a) Recalling [its resolution 12] [the decision of 2019],\n"
    "1. Decides to [adopt] the guidance; further decides to act swiftly.\n"
    "2. Invites [all] Parties to report.\n"
    "3. Requests [a report] by the secretariat.\n"
    "4. Decides to conclude.\n"
)


def _menu(page: Page, label: str) -> None:
    """Open the structure menu of the paragraph with this label."""
    paragraph = page.locator(".para", has=page.locator(".para-label", has_text=label)).first
    paragraph.get_by_role("button", name="Structure").click()
    expect(paragraph.locator(".structure-menu")).to_be_visible()


def _labels(page: Page) -> list[str]:
    return [text.strip() for text in page.locator(".para .para-label").all_inner_texts()]


def test_the_chair_splits_merges_moves_and_undoes_and_the_redline_shows_it(
    sign_in_as: SignIn, cast: Cast, live_server: LiveServer
) -> None:
    body = {"title": "Guidance", "text": DRAFT}
    created = httpx.post(f"{live_server.url}/api/v1/documents", json=body, headers=cast.secretariat.headers)
    assert created.status_code == 201, created.text
    doc = created.json()["id"]
    delegate = sign_in_as(cast.che)
    delegate.page.goto(f"{live_server.url}/documents/{doc}")
    expect(delegate.page.locator(".para")).to_have_count(6)
    chair = sign_in_as(cast.chair)
    page = chair.page
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live_server.url}/documents/{doc}")

    _menu(page, "1")
    screenshot(page, "structure-menu", selector=".structure-menu")
    page.get_by_label("Split before the words").fill("to ")  # twice in the paragraph: which one?
    page.get_by_role("button", name="Split", exact=True).click()
    # Said where it was asked (the paragraph's messages), not at the top of the page.
    expect(page.locator(".messages").first).to_contain_text(
        "occur 2 times in the paragraph; type words that occur once"
    )
    expect(page.locator(".para")).to_have_count(6)
    page.get_by_label("Split before the words").fill("further decides")
    page.get_by_role("button", name="Split", exact=True).click()
    expect(page.locator(".para-body", has_text="further decides to act swiftly.")).to_have_count(1)
    expect(page.locator(".para")).to_have_count(7)
    # A delegate reading the page is told, and offered to reload.
    told = delegate.page.locator(".live-structure")
    expect(told).to_contain_text("The chair changed the document's structure")
    told.get_by_role("button", name="Reload").click()
    expect(delegate.page.locator(".para")).to_have_count(7)

    _menu(page, "2")
    page.get_by_role("button", name="Merge with the next paragraph").click()
    expect(page.locator(".para-body", has_text="Parties to report")).to_contain_text("by the secretariat")
    expect(page.locator(".para")).to_have_count(6)

    _menu(page, "(a)")
    page.get_by_label("to place").fill("6")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.locator(".para").last).to_contain_text("Recalling")
    assert _labels(page) == ["", "1", "", "2", "4", "(a)"]

    _menu(page, "4")
    page.get_by_label("New paragraph (label and brackets as typed)").fill("5. Decides [to meet again] [to close].")
    page.get_by_role("button", name="Insert").click()
    expect(page.locator(".para")).to_have_count(7)
    _menu(page, "5")
    undo = page.locator(".structure-undo")
    expect(undo).to_contain_text("inserted a paragraph after paragraph 4")
    undo.get_by_role("button", name="Undo it").click()
    expect(page.locator(".para")).to_have_count(6)
    assert _labels(page) == ["", "1", "", "2", "4", "(a)"]

    page.goto(f"{live_server.url}/documents/{doc}/redline?from=0&to=live")
    redline = page.locator("#redline")
    expect(redline.locator(".rl-moved .badge-structure")).to_have_text("moved from place 2 to place 6")
    expect(redline.locator(".rl-split .badge-structure")).to_have_text("split from 1")
    expect(redline.locator(".rl-merged .badge-structure")).to_have_text("merged into 2")
    expect(redline.locator(".figures")).to_contain_text("1 paragraph moved")
    expect(redline.locator(".rl-fold")).to_have_count(2)  # the title, and 4
    expect(redline).not_to_contain_text("Decides to meet again")  # the insertion was undone
    screenshot(page, "redline-structure")
    redline.locator(".rl-moved").scroll_into_view_if_needed()
    screenshot(page, "redline-structure-moved", selector="#redline .redline-paragraphs")
    chair.assert_quiet_console("422")  # the refused split
    delegate.assert_quiet_console()
