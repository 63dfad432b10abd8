"""The edit box and its live preview, stale proposals, filters, the keyboard, other scripts, administration."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from app.config import Settings
from tests.browser.conftest import Person, screenshot
from tests.cast import Cast, Template
from tests.conftest import AuthAccount, LiveServer, create_account, settings_on_copy

SignIn = Callable[[AuthAccount], Person]
PARAGRAPH_WORDS = "organiser d'autres réunions"


@pytest.fixture
def settings(tmp_path: Path, negotiation_template: Template) -> Settings:
    """The cast and the imported seed."""
    return settings_on_copy(negotiation_template.url, tmp_path)


@pytest.fixture
def document_url(live_server: LiveServer, negotiation_template: Template) -> str:
    return f"{live_server.url}/documents/{negotiation_template.document_id}"


def paragraph_with(page: Page, words: str) -> Locator:
    return page.locator(".para", has=page.locator(".para-body", has_text=words)).first


def open_edit_box(page: Page, words: str) -> None:
    paragraph = paragraph_with(page, words)
    paragraph.hover()
    paragraph.get_by_role("button", name="Edit as my delegation wants it").click()
    expect(paragraph.locator("textarea[name=text]")).to_be_visible()


def usa_amends(live_server: LiveServer, template: Template, cast: Cast, text: str) -> None:
    """The United States proposes `text` for the paragraph through the API (version 1), as another screen would."""
    api = f"{live_server.url}/api/v1"
    document = httpx.get(f"{api}/documents/{template.document_id}", headers=cast.usa.headers).json()
    paragraph = next(p for p in document["paragraphs"] if PARAGRAPH_WORDS in p["text"])
    response = httpx.post(
        f"{api}/paragraphs/{paragraph['id']}/amendments",
        json={"text": text, "base_version": 1},
        headers=cast.usa.headers,
    )
    assert response.status_code == 201, response.text


def test_edit_box_previews_the_bracket_sets_live(sign_in_as: SignIn, cast: Cast, document_url: str) -> None:
    che = sign_in_as(cast.che)
    page = che.page
    page.goto(document_url)
    open_edit_box(page, PARAGRAPH_WORDS)
    box = paragraph_with(page, PARAGRAPH_WORDS).locator("textarea[name=text]")
    text = box.input_value()
    box.fill(text.replace("afin d'examiner", "afin d'examiner attentivement"))
    preview = paragraph_with(page, PARAGRAPH_WORDS).locator("[id^=preview-]")
    expect(preview).to_contain_text("This proposal creates 1 new bracket set")
    expect(preview.locator(".new-set")).to_contain_text("attentivement")
    screenshot(page, "edit-preview", selector=".edit-box")
    box.fill(text.replace("[ouvertes à toutes les parties prenantes du SMSI] ", ""))
    expect(preview).to_contain_text("removing or merging bracket sets is for the chair")
    box.fill(text.replace("afin d'examiner", "afin d'examiner attentivement"))
    paragraph_with(page, PARAGRAPH_WORDS).get_by_role("button", name="Propose", exact=True).click()
    expect(page.locator(".para-body .bset", has_text="attentivement").locator(".chip-sponsor")).to_have_text("CHE")
    expect(paragraph_with(page, PARAGRAPH_WORDS).locator("textarea[name=text]")).to_have_count(0)  # the edit box closed
    che.assert_quiet_console()


def test_the_edit_box_closes_on_its_own_answer_without_a_live_refresh(
    sign_in_as: SignIn, cast: Cast, document_url: str
) -> None:
    che = sign_in_as(cast.che)
    page = che.page
    page.goto(document_url)
    open_edit_box(page, PARAGRAPH_WORDS)
    section = paragraph_with(page, PARAGRAPH_WORDS)
    refresh = f"**/paragraphs/{section.get_attribute('data-paragraph')}"
    page.route(refresh, lambda route: route.fulfill(status=204))  # the live refresh is lost (a flaky network)
    box = section.locator("textarea[name=text]")
    box.fill(box.input_value().replace("afin d'examiner", "afin d'examiner attentivement"))
    section.get_by_role("button", name="Propose", exact=True).click()
    expect(page.locator(".para-body .bset", has_text="attentivement").locator(".chip-sponsor")).to_have_text("CHE")
    expect(page.locator(".para-edit textarea")).to_have_count(0)
    page.unroute(refresh)
    open_edit_box(page, PARAGRAPH_WORDS)  # the slot is there for the next edit
    che.assert_quiet_console()


def test_what_was_typed_survives_a_live_refresh_of_its_paragraph(
    sign_in_as: SignIn, cast: Cast, document_url: str, live_server: LiveServer, negotiation_template: Template
) -> None:
    bra = sign_in_as(cast.bra)
    page = bra.page
    page.goto(document_url)
    open_edit_box(page, PARAGRAPH_WORDS)
    shown = paragraph_with(page, PARAGRAPH_WORDS)
    section = page.locator(f"#{shown.get_attribute('id')}")  # its words are about to change
    box = section.locator("textarea[name=text]")
    expect(section.locator("[id^=preview-]")).not_to_be_empty()  # previewed once
    original = box.input_value()
    mine = original.replace("d'autres réunions", "de nouvelles réunions")
    box.fill(mine)
    expect(section.locator("[id^=preview-]")).to_contain_text("nouvelles")
    event = section.get_attribute("data-event")
    # Meanwhile the United States changes the same paragraph through the API: the room sees it live.
    usa_amends(live_server, negotiation_template, cast, original.replace("d'autres réunions", "des réunions ouvertes"))
    expect(section).not_to_have_attribute("data-event", event or "")  # the room sees the change live
    expect(box).to_have_value(mine)
    expect(section.locator(".para-edit")).to_contain_text("changed while you were editing")
    bra.assert_quiet_console()


def test_a_stale_proposal_shows_the_current_text_and_keeps_what_was_typed(
    sign_in_as: SignIn, cast: Cast, document_url: str, live_server: LiveServer, negotiation_template: Template
) -> None:
    bra = sign_in_as(cast.bra)
    page = bra.page
    page.goto(document_url)
    open_edit_box(page, PARAGRAPH_WORDS)
    box = paragraph_with(page, PARAGRAPH_WORDS).locator("textarea[name=text]")
    original = box.input_value()
    mine = original.replace("d'autres réunions", "de nouvelles réunions")
    box.fill(mine)
    # Meanwhile the United States changes the same words through the API.
    usa_amends(live_server, negotiation_template, cast, original.replace("d'autres réunions", "des réunions ouvertes"))
    paragraph_with(page, PARAGRAPH_WORDS).get_by_role("button", name="Propose", exact=True).click()
    edit = page.locator(".edit-box")
    expect(edit).to_contain_text("The paragraph changed while you were editing")
    expect(edit.locator(".error-message .preview")).to_contain_text("organiser [d'autres] [des] réunions [ouvertes]")
    expect(edit.locator("textarea[name=text]")).to_have_value(mine)
    bra.assert_quiet_console("409")


def test_filters_show_contested_paragraphs_and_my_delegations_sets(
    sign_in_as: SignIn, cast: Cast, document_url: str
) -> None:
    zaf = sign_in_as(cast.zaf)
    page = zaf.page
    page.goto(document_url)
    total = page.locator(".para").count()
    page.get_by_label("only contested paragraphs").check()
    expect(page.locator(".para")).to_have_count(2)
    assert "contested=1" in page.url
    page.get_by_label("only contested paragraphs").uncheck()
    expect(page.locator(".para")).to_have_count(total)
    page.get_by_label("only what involves ZAF, AFR").check()
    expect(page.locator("#paragraphs")).to_contain_text("No paragraph matches these filters.")
    zaf.assert_quiet_console()


def test_the_keyboard_reaches_a_bracket_set_and_its_actions(sign_in_as: SignIn, cast: Cast, document_url: str) -> None:
    bra = sign_in_as(cast.bra)
    page = bra.page
    page.goto(document_url)
    handle = page.get_by_role("button", name="Bracket set 1: who stands where, actions and history")
    handle.focus()
    outline = handle.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    expect(page.locator("#set-panel")).to_be_visible()
    support = page.locator("#set-panel").get_by_role("button", name="Support").first
    support.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".para-body .chip-support", has_text="BRA")).to_be_visible()
    bra.assert_quiet_console()


def test_text_in_other_scripts_reads_in_its_direction(sign_in_as: SignIn, cast: Cast, live_server: LiveServer) -> None:
    text = "مشروع قرار [بشأن] [حول] التنمية\n第一条 各缔约方[应][可]报告。\n"
    response = httpx.post(
        f"{live_server.url}/api/v1/documents",
        json={"title": "مشروع قرار — 决议草案", "text": text, "language": "ar"},
        headers=cast.secretariat.headers,
    )
    assert response.status_code == 201
    observer = sign_in_as(cast.observer)
    page = observer.page
    page.goto(f"{live_server.url}/documents/{response.json()['id']}")
    arabic = page.locator(".para-body", has_text="مشروع قرار")
    assert arabic.evaluate("el => getComputedStyle(el).direction") == "rtl"
    chinese = page.locator(".para-body", has_text="各缔约方")
    assert chinese.evaluate("el => getComputedStyle(el).direction") == "ltr"
    expect(chinese.locator(".alt")).to_have_count(2)
    screenshot(page, "other-scripts", selector="#paragraphs")
    observer.assert_quiet_console()


def test_administration_adds_a_delegation_and_an_account(
    sign_in_as: SignIn, cast: Cast, live_server: LiveServer, app: object
) -> None:
    admin = create_account(app.state.engine, "root", role="admin", delegation="SEC")  # type: ignore[attr-defined]
    person = sign_in_as(admin)
    page = person.page
    page.get_by_role("link", name="Administration").click()
    page.fill("#delegation-code", "KEN")
    page.fill("#delegation-name", "Kenya")
    page.fill("#delegation-groups", "AFR")
    page.get_by_role("button", name="Add the delegation").click()
    expect(page.locator("#admin-tables")).to_contain_text("Delegation KEN (Kenya) added.")
    page.fill("#account-username", "ken")
    page.fill("#account-name", "Wanjiru Otieno")
    page.fill("#account-delegation", "KEN")
    page.fill("#account-password", "short")
    page.fill("#account-password", "long enough password")
    page.get_by_role("button", name="Create the account").click()
    expect(page.locator("#admin-tables")).to_contain_text("Wanjiru Otieno")
    page.fill("#delegation-code", "KEN")
    page.fill("#delegation-name", "Kenya again")
    page.get_by_role("button", name="Add the delegation").click()
    expect(page.locator("#errors")).to_contain_text("already exists")
    expect(page.locator("#delegation-name")).to_have_value("Kenya again")
    person.assert_quiet_console("409")
