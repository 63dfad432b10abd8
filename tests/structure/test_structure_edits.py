"""The chair reshapes a draft: split, merge, move, insert, delete, relabel, each undone exactly."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.cast import Cast
from tests.structure.conftest import DRAFT, by_label, call, import_draft, read, source

A = "/api/v1"


def sets_of(paragraph: dict[str, Any]) -> list[dict[str, Any]]:
    return [run for run in paragraph["content"] if run["type"] == "bracket_set"]


def test_split_cuts_between_words_and_takes_the_sets_of_the_second_part_along(client: TestClient, cast: Cast) -> None:
    document = import_draft(client, cast)
    doc = document["id"]
    one = by_label(document, "1")
    offset = one["text"].index("further")
    answer = call(
        client, "POST", f"{A}/paragraphs/{one['id']}/split", cast.chair, {"offset": offset, "base_version": 1}
    )
    first, second = answer["paragraphs"]
    assert first["text"] == "Decides to [adopt] the guidance;" and second["text"] == "further decides to act swiftly."
    assert source(client, cast, doc) == DRAFT.replace("guidance; further", "guidance;\nfurther")
    assert [p["id"] for p in read(client, cast, doc)["paragraphs"]][2:4] == [one["id"], second["id"]]

    # Before the set: the set goes with the second part, same id, same alternatives.
    adopt = sets_of(first)[0]
    cut = first["text"].index("[adopt]")
    body = {"offset": cut, "base_version": first["version"]}
    answer = call(client, "POST", f"{A}/paragraphs/{one['id']}/split", cast.chair, body)
    head, tail = answer["paragraphs"]
    assert head["text"] == "Decides to" and tail["text"] == "[adopt] the guidance;"
    assert sets_of(tail)[0]["id"] == adopt["id"]
    assert [a["id"] for a in sets_of(tail)[0]["alternatives"]] == [a["id"] for a in adopt["alternatives"]]

    call(client, "POST", f"{A}/documents/{doc}/structure/undo", cast.chair, {})
    call(client, "POST", f"{A}/documents/{doc}/structure/undo", cast.chair, {})
    assert source(client, cast, doc) == DRAFT
    restored = by_label(read(client, cast, doc), "1")
    assert restored["id"] == one["id"] and sets_of(restored)[0]["id"] == adopt["id"]


def test_split_refuses_a_cut_inside_a_bracket_a_stale_version_and_the_end(client: TestClient, cast: Cast) -> None:
    document = import_draft(client, cast)
    recalling = by_label(document, "(a)")
    url = f"{A}/paragraphs/{recalling['id']}/split"
    inside = recalling["text"].index("resolution 12")
    refused = call(client, "POST", url, cast.chair, {"offset": inside, "base_version": 1}, status=422)
    assert "inside a bracket set" in refused["detail"] and "never inside a bracket" in refused["detail"]
    stale = call(client, "POST", url, cast.chair, {"offset": 3, "base_version": 2}, status=409)
    assert "version 1, not 2" in stale["detail"]
    end = {"offset": len(recalling["text"]), "base_version": 1}
    assert "is not inside the paragraph's text" in call(client, "POST", url, cast.chair, end, status=422)["detail"]
    assert call(client, "POST", url, cast.che, {"offset": 3, "base_version": 1}, status=403)["error"] == "forbidden"
    assert source(client, cast, document["id"]) == DRAFT


def test_merge_joins_the_next_paragraph_and_its_sets_and_positions_move_with_it(client: TestClient, cast: Cast) -> None:
    document = import_draft(client, cast)
    doc = document["id"]
    one, two = by_label(document, "1"), by_label(document, "2")
    everyone = sets_of(two)[0]
    alternative = everyone["alternatives"][0]["id"]
    call(client, "PUT", f"{A}/alternatives/{alternative}/position", cast.usa, {"stance": "objects"})
    body = {"base_version": 1, "next_version": 1}
    merged = call(client, "POST", f"{A}/paragraphs/{one['id']}/merge", cast.chair, body)["paragraphs"][0]
    assert merged["text"] == (
        "Decides to [adopt] the guidance; further decides to act swiftly. Invites [all] Parties to report."
    )
    assert [s["id"] for s in sets_of(merged)] == [sets_of(one)[0]["id"], everyone["id"]]
    history = call(client, "GET", f"{A}/bracket-sets/{everyone['id']}/history", cast.observer)
    assert history["paragraph_id"] == one["id"]
    assert history["alternatives"][0]["objectors"] == ["USA"]
    after = read(client, cast, doc)
    assert two["id"] not in [p["id"] for p in after["paragraphs"]]
    assert source(client, cast, doc) == DRAFT.replace("swiftly.\n2. Invites", "swiftly. Invites")

    last = call(client, "POST", f"{A}/paragraphs/{one['id']}/merge", cast.chair, {"base_version": 2}, status=409)
    assert "is the last paragraph" in last["detail"]
    refused = call(client, "DELETE", f"{A}/paragraphs/{two['id']}?base_version=1", cast.chair, status=409)
    assert "no longer in the text" in refused["detail"]

    call(client, "POST", f"{A}/documents/{doc}/structure/undo", cast.chair, {})
    assert source(client, cast, doc) == DRAFT
    back = by_label(read(client, cast, doc), "2")
    assert back["id"] == two["id"] and sets_of(back)[0]["id"] == everyone["id"]
    history = call(client, "GET", f"{A}/bracket-sets/{everyone['id']}/history", cast.observer)
    assert history["paragraph_id"] == two["id"] and history["alternatives"][0]["objectors"] == ["USA"]


def test_move_puts_a_paragraph_next_to_another_and_refuses_itself(client: TestClient, cast: Cast) -> None:
    text = DRAFT.rstrip("\n")  # a draft whose last line has no line break: the text keeps ending so
    document = import_draft(client, cast, text)
    doc = document["id"]
    title, recalling, one, two = (p["id"] for p in document["paragraphs"])
    call(client, "POST", f"{A}/paragraphs/{two}/move", cast.chair, {"before_id": recalling})
    assert [p["id"] for p in read(client, cast, doc)["paragraphs"]] == [title, two, recalling, one]
    lines = text.split("\n")
    assert source(client, cast, doc) == "\n".join([lines[0], lines[3], lines[1], lines[2]])
    itself = call(client, "POST", f"{A}/paragraphs/{two}/move", cast.chair, {"after_id": two}, status=422)
    assert "cannot move next to itself" in itself["detail"]
    there = call(client, "POST", f"{A}/paragraphs/{two}/move", cast.chair, {"after_id": title}, status=409)
    assert "already after" in there["detail"]
    neither = call(client, "POST", f"{A}/paragraphs/{two}/move", cast.chair, {}, status=422)
    assert "before_id or after_id" in neither["detail"]
    call(client, "POST", f"{A}/documents/{doc}/structure/undo", cast.chair, {})
    assert source(client, cast, doc) == text


def test_insert_reads_the_label_and_brackets_and_delete_drops_then_undo_reopens(client: TestClient, cast: Cast) -> None:
    document = import_draft(client, cast)
    doc = document["id"]
    one, recalling = by_label(document, "1"), by_label(document, "(a)")
    body = {"where": "after", "text": "1 bis. Requests [a report] [an update] by the secretariat."}
    answer = call(client, "POST", f"{A}/paragraphs/{one['id']}/insert", cast.chair, body, status=201)
    new = answer["paragraphs"][0]
    assert (new["label"], new["kind"], len(sets_of(new))) == ("1 bis", "operative", 1)
    assert source(client, cast, doc) == DRAFT.replace("2. Invites", body["text"] + "\n2. Invites")
    two_lines = {"where": "before", "text": "3. One.\n4. Two."}
    refused = call(client, "POST", f"{A}/paragraphs/{one['id']}/insert", cast.chair, two_lines, status=422)
    assert "reads as 2 paragraphs" in refused["detail"]
    unmatched = {"where": "before", "text": "3. One [open."}
    assert call(client, "POST", f"{A}/paragraphs/{one['id']}/insert", cast.chair, unmatched, status=422)

    dropped = sets_of(recalling)[0]["id"]
    answer = call(client, "DELETE", f"{A}/paragraphs/{recalling['id']}?base_version=1", cast.chair)
    assert answer["paragraphs"] == []
    gone = call(client, "GET", f"{A}/bracket-sets/{dropped}/history", cast.observer)
    assert gone["state"] == "dropped"
    call(client, "POST", f"{A}/documents/{doc}/structure/undo", cast.chair, {})
    assert call(client, "GET", f"{A}/bracket-sets/{dropped}/history", cast.observer)["state"] == "open"
    call(client, "POST", f"{A}/documents/{doc}/structure/undo", cast.chair, {})
    assert source(client, cast, doc) == DRAFT
    nothing = call(client, "POST", f"{A}/documents/{doc}/structure/undo", cast.chair, {}, status=409)
    assert "no structure change left to undo" in nothing["detail"]


def test_relabel_writes_a_recognised_label_only(client: TestClient, cast: Cast) -> None:
    document = import_draft(client, cast)
    doc = document["id"]
    two = by_label(document, "2")
    url = f"{A}/paragraphs/{two['id']}/label"
    answer = call(client, "PUT", url, cast.chair, {"label": "2 bis."})
    assert answer["paragraphs"][0]["label"] == "2 bis"
    assert source(client, cast, doc) == DRAFT.replace("2. Invites", "2 bis. Invites")
    redline = call(client, "GET", f"{A}/documents/{doc}/redline?from=0&to=live", cast.observer)
    told = next(p for p in redline["paragraphs"] if p["id"] == two["id"])
    assert told["changed"] and (told["before"]["label"], told["after"]["label"]) == ("2", "2 bis")
    refused = call(client, "PUT", url, cast.chair, {"label": "second"}, status=422)
    assert "'second' is not a paragraph label" in refused["detail"]
    call(client, "POST", f"{A}/documents/{doc}/structure/undo", cast.chair, {})
    assert source(client, cast, doc) == DRAFT


def test_undo_of_an_older_change_is_refused_while_a_later_one_depends_on_it(client: TestClient, cast: Cast) -> None:
    document = import_draft(client, cast)
    doc = document["id"]
    title, recalling, one, two = (p["id"] for p in document["paragraphs"])
    offset = by_label(document, "1")["text"].index("further")
    split = call(client, "POST", f"{A}/paragraphs/{one}/split", cast.chair, {"offset": offset, "base_version": 1})
    split_event = split["event_ids"][0]
    moved = call(client, "POST", f"{A}/paragraphs/{recalling}/move", cast.chair, {"after_id": two})
    merged = call(client, "POST", f"{A}/paragraphs/{one}/merge", cast.chair, {"base_version": 2})
    undo = f"{A}/documents/{doc}/structure/undo"
    refused = call(client, "POST", undo, cast.chair, {"event_id": split_event}, status=409)
    assert "a later structure change depends on it" in refused["detail"] and "merged" in refused["detail"]
    assert f"(event {merged['event_ids'][0]}); undo that first" in refused["detail"]
    # The move concerns another paragraph: it can be undone out of turn.
    call(client, "POST", undo, cast.chair, {"event_id": moved["event_ids"][0]})
    again = call(client, "POST", undo, cast.chair, {"event_id": moved["event_ids"][0]}, status=409)
    assert "is already undone" in again["detail"]
    call(client, "POST", undo, cast.chair, {})  # the merge
    # A delegation proposes in the second part: the split can no longer be undone without losing that.
    second = split["paragraphs"][1]
    amended = second["text"].replace("swiftly", "[swiftly] [promptly]")
    call(
        client,
        "POST",
        f"{A}/paragraphs/{second['id']}/amendments",
        cast.che,
        {"text": amended, "base_version": 2},
        status=201,
    )
    changed = call(client, "POST", undo, cast.chair, {}, status=409)
    assert "has changed since" in changed["detail"]
    assert [p["id"] for p in read(client, cast, doc)["paragraphs"]] == [title, recalling, one, second["id"], two]


def test_a_restored_backup_keeps_the_changes_but_not_their_undo(client: TestClient, cast: Cast) -> None:
    document = import_draft(client, cast)
    one = by_label(document, "1")
    body = {"offset": one["text"].index("further"), "base_version": 1}
    call(client, "POST", f"{A}/paragraphs/{one['id']}/split", cast.chair, body)
    backup = client.get(f"{A}/documents/{document['id']}/export?format=json", headers=cast.chair.headers).json()
    restored = call(client, "POST", f"{A}/documents/restore", cast.secretariat, backup, status=201)
    assert source(client, cast, restored["id"]) == source(client, cast, document["id"])
    refused = call(client, "POST", f"{A}/documents/{restored['id']}/structure/undo", cast.chair, {}, status=409)
    assert "restored from a backup" in refused["detail"]
    call(client, "POST", f"{A}/documents/{document['id']}/structure/undo", cast.chair, {})  # the original still can
    assert source(client, cast, document["id"]) == DRAFT


def test_paragraphs_a_set_over_whole_paragraphs_spans_are_left_as_they_are(client: TestClient, cast: Cast) -> None:
    block = "Title\n1. [Decides A;\n2. Requests B [to act] [to report];\n3. Invites C.]\n4. Notes [D].\n"
    document = import_draft(client, cast, block)
    doc = document["id"]
    title, first, middle, last, notes = (p["id"] for p in document["paragraphs"])
    attempts = [
        ("POST", f"{A}/paragraphs/{middle}/split", {"offset": 3, "base_version": 1}),
        ("POST", f"{A}/paragraphs/{title}/merge", {"base_version": 1}),
        ("POST", f"{A}/paragraphs/{notes}/move", {"before_id": last}),
        ("DELETE", f"{A}/paragraphs/{last}?base_version=1", None),
        ("POST", f"{A}/paragraphs/{first}/insert", {"text": "5. Other."}),
        ("PUT", f"{A}/paragraphs/{middle}/label", {"label": "2 bis."}),
    ]
    for method, url, body in attempts:
        refused = call(client, method, url, cast.chair, body, status=409)
        assert "a set over whole paragraphs; the chair resolves that set first" in refused["detail"], url
    assert source(client, cast, doc) == block
    call(client, "POST", f"{A}/paragraphs/{notes}/move", cast.chair, {"after_id": title})  # outside it: as usual
    assert [p["id"] for p in read(client, cast, doc)["paragraphs"]] == [title, notes, first, middle, last]
