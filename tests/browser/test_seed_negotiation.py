"""The seed negotiation walked in Chromium, as the people in the room would do it."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import Person, screenshot
from tests.cast import SEED, Cast, seed_text
from tests.conftest import AuthAccount, LiveServer, corpus_file

SignIn = Callable[[AuthAccount], Person]
OPEN_TO_ALL = "ouvertes à toutes les parties prenantes du SMSI"
INTERGOVERNMENTAL = "qui devraient être intergouvernementales et inclure toutes les parties prenantes"
SWISS_WORDING = "tenir des consultations régionales"


def open_panel(page: Page, text_in_set: str) -> None:
    """Open the bracket-set panel of the set whose text contains these words."""
    bracket_set = page.locator(".para-body .bset", has_text=text_in_set).first
    bracket_set.locator(".set-handle").last.click()
    expect(page.locator("#set-panel")).to_contain_text(text_in_set)


def paragraph_with(page: Page, words: str) -> Locator:
    """The paragraph whose text holds these words."""
    return page.locator(".para", has=page.locator(".para-body", has_text=words)).first


def select_words(page: Page, words: str) -> None:
    """Select words in a paragraph as a person would with the mouse, and release the button."""
    page.evaluate(
        """(words) => {
            const walker = document.createTreeWalker(document.querySelector('#paragraphs'), NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const index = walker.currentNode.data.indexOf(words);
                if (index < 0) continue;
                const range = document.createRange();
                range.setStart(walker.currentNode, index);
                range.setEnd(walker.currentNode, index + words.length);
                const selection = window.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                walker.currentNode.parentElement.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
                return;
            }
            throw new Error('words not found: ' + words);
        }""",
        words,
    )


def test_the_seed_negotiation_in_the_browser(sign_in_as: SignIn, cast: Cast, live_server: LiveServer) -> None:
    # The secretariat imports the seed through the import page.
    sec = sign_in_as(cast.secretariat)
    page = sec.page
    page.click("text=Import a draft")
    page.fill("#import-title", "Rôle de l'UIT dans l'examen du SMSI")
    page.fill("#import-symbol", "C24/XX")
    page.set_input_files("#import-file", str(corpus_file(SEED)))
    page.click("#import-form button[type=submit]")
    preview = page.locator("#import-preview")
    expect(preview).to_contain_text("2 bracket sets")
    counts = preview.locator(".counts")
    expect(counts).to_contain_text("3 alternatives")
    expect(counts).to_contain_text("1 placeholders")
    expect(counts).to_contain_text("1 footnotes")
    expect(counts).to_contain_text("0 warnings")
    expect(preview.locator("table")).to_contain_text("a)")
    screenshot(page, "import-preview")
    page.click("text=Import “Rôle de l'UIT dans l'examen du SMSI” as Rev.0")
    page.wait_for_url(re.compile(r"/documents/\d+$"))
    expect(page.locator("h1")).to_have_text("Rôle de l'UIT dans l'examen du SMSI")
    expect(page.locator("#open-set-count")).to_have_text("2")
    document_url = page.url
    sec.assert_quiet_console()

    # South Africa supports the intergovernmental wording on behalf of the African Group — no page reload.
    zaf = sign_in_as(cast.zaf)
    page = zaf.page
    page.goto(document_url)
    page.evaluate("window.__sameDocument = true")
    open_panel(page, INTERGOVERNMENTAL)
    alternative = page.locator("#set-panel .alternative", has_text=INTERGOVERNMENTAL)
    alternative.locator("form", has=page.locator("input[value=AFR]")).get_by_role("button", name="Support").click()
    expect(page.locator(".para-body .chip-support", has_text="AFR")).to_be_visible()
    expect(page.locator("#set-panel .alternative", has_text=INTERGOVERNMENTAL)).to_contain_text("Supported")
    assert page.evaluate("window.__sameDocument") is True
    zaf.assert_quiet_console()

    # Switzerland selects "organiser d'autres réunions" and proposes other wording.
    che = sign_in_as(cast.che)
    page = che.page
    page.goto(document_url)
    select_words(page, "organiser d'autres réunions")
    toolbar = page.locator("#selection-toolbar")
    expect(toolbar).to_be_visible()
    expect(toolbar.locator(".quoted")).to_have_text("“organiser d'autres réunions”")
    toolbar.get_by_role("button", name="Propose other wording").click()
    toolbar.locator("#selection-wording").fill(SWISS_WORDING)
    toolbar.get_by_role("button", name="Propose", exact=True).click()
    swiss = page.locator(".para-body .bset", has_text=SWISS_WORDING)
    expect(swiss.locator(".chip-sponsor")).to_have_text("CHE")
    expect(paragraph_with(page, SWISS_WORDING).locator(".messages")).to_contain_text("1 new bracket set")
    expect(toolbar).to_be_hidden()
    che.assert_quiet_console()

    # The United States objects to the Swiss wording.
    usa = sign_in_as(cast.usa)
    page = usa.page
    page.goto(document_url)
    open_panel(page, SWISS_WORDING)
    page.locator("#set-panel .alternative", has_text=SWISS_WORDING).get_by_role("button", name="Object").click()
    expect(page.locator(".para-body .chip-object", has_text="USA")).to_be_visible()
    screenshot(page, "document-page")
    screenshot(page, "bracket-set-panel", selector="#set-panel")
    usa.assert_quiet_console()

    # An observer sees no action buttons, and is refused when posting anyway.
    observer = sign_in_as(cast.observer)
    page = observer.page
    page.goto(document_url)
    expect(page.get_by_role("button", name="Edit as my delegation wants it")).to_have_count(0)
    open_panel(page, SWISS_WORDING)
    expect(page.locator("#set-panel button")).to_have_count(0)
    alternative_id = page.locator("#set-panel .alternative").last.get_attribute("id")
    assert alternative_id is not None
    status = page.evaluate(
        """async (id) => {
            const token = JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRF-Token'];
            const response = await fetch('/alternatives/' + id + '/position', {
                method: 'POST', body: new URLSearchParams({stance: 'supports'}),
                headers: {'X-CSRF-Token': token, 'HX-Request': 'true'}});
            return [response.status, await response.text()];
        }""",
        alternative_id.removeprefix("panel-alt-"),
    )
    assert status[0] == 403 and "observers" in status[1]
    observer.assert_quiet_console("403")

    # The chair resolves every set, fills the placeholder, issues Rev.1 and downloads the clean text.
    chair = sign_in_as(cast.chair)
    page = chair.page
    page.goto(document_url)
    open_panel(page, INTERGOVERNMENTAL)
    page.locator("#set-panel .alternative", has_text=INTERGOVERNMENTAL).get_by_role(
        "button", name="Resolve with this"
    ).click()
    expect(page.locator("#set-panel .messages")).to_contain_text("resolved")
    open_panel(page, "et en tenant compte des modalités")
    page.locator("#set-panel").get_by_role("button", name="Resolve with this text").click()
    expect(page.locator("#confirm-empty")).to_contain_text("with no text?")
    expect(page.locator(".para-body .bset", has_text="et en tenant compte des modalités")).to_have_count(1)
    page.locator("#confirm-empty").get_by_role("button", name="Yes, delete the passage").click()
    expect(page.locator(".para-body .bset", has_text="et en tenant compte des modalités")).to_have_count(0)
    open_panel(page, SWISS_WORDING)
    page.locator("#set-panel .alternative", has_text=SWISS_WORDING).get_by_role(
        "button", name="Resolve with this"
    ).click()
    expect(page.locator("#open-set-count")).to_have_text("0")
    page.get_by_role("button", name="Fill placeholder [...]").click()
    page.locator("#panel input[name=text]").fill("1340")
    page.locator("#panel").get_by_role("button", name="Fill").click()
    expect(page.locator(".para-body", has_text="projet de nouvelle résolution 1340")).to_be_visible()
    page.fill("#revision-note", "after the informals")
    page.get_by_role("button", name="Issue Rev.1").click()
    expect(page.locator("#document-toolbar")).to_contain_text("Rev.1 issued")
    with page.expect_download() as download:
        page.get_by_role("link", name="Clean text").click()
    expected = (
        seed_text()
        .replace("projet de nouvelle résolution [...]", "projet de nouvelle résolution 1340")
        .replace(f"organiser d'autres réunions [{OPEN_TO_ALL}] [", f"{SWISS_WORDING} ")
        .replace("selon leurs rôles respectifs]", "selon leurs rôles respectifs")
        .replace("[, et en tenant compte des modalités qui seront fixées par l'Assemblée générale]", "")
    )
    # The Word footnote reads as in print: a superscript number, its note after the text (as on main's API test).
    start = expected.index(" [1: ")
    end = expected.index("]", start)
    note = expected[start + len(" [1: ") : end]
    body = expected[:start].replace("[footnoteRef:1]", "¹") + expected[end + 1 :]
    expected = body + ("" if body.endswith("\n") else "\n") + f"\n1. {note.strip()}\n"
    assert download.value.path().read_bytes() == expected.encode("utf-8")
    chair.assert_quiet_console()
