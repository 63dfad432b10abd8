"""The checks of a backup that span rows: references, contents, nesting, versions, revisions and events.

Run by `backup_check.check` once every row has the right shape; each failure names the row and the reason.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from app.domain.text_rules import MAX_NESTING
from app.services import text_checks
from app.services.errors import Invalid
from app.services.formats.backup_schema import BackupObject, Table
from app.services.negotiation.audit import ACTIONS

MAX_TEXT = 5_000_000  # characters in any one field, as in an imported draft


def inconsistent(where: str, what: str) -> Invalid:
    """Rows that do not fit together: a missing reference, a cycle, a text that is not what it claims."""
    return Invalid(f"backup: inconsistent: {where}: {what}")


def is_int(value: Any) -> bool:
    """An int that is not a bool."""
    return isinstance(value, int) and not isinstance(value, bool)


def references(table: Table, index: int, row: BackupObject, ids: dict[str, set[int]]) -> None:
    """Every reference of a row names a row of the backup."""
    for column in table.columns:
        value = row[column.key]
        if column.kind.startswith("ref:") and value is not None and value not in ids[column.kind[4:]]:
            where = f"{table.name}[{index}] (id {row['id']})"
            raise inconsistent(where, f"{column.key} {value} is not a row of {column.kind[4:]} in the backup")


def contents(data: BackupObject, ids: dict[str, set[int]]) -> None:
    """Every set and placeholder used once, sets nested without cycles, each in the paragraph that holds it."""
    used: dict[tuple[str, int], str] = {}
    inside: dict[int, list[int]] = defaultdict(list)  # set -> the sets in its alternatives
    top: dict[int, list[int]] = {}  # paragraph -> its sets
    for row in data["paragraphs"]:
        top[row["id"]] = _items(row["content"], f"paragraphs (id {row['id']})", ids, used)
    for row in data["alternatives"]:
        inside[row["bracket_set"]] += _items(row["content"], f"alternatives (id {row['id']})", ids, used)
    sets = {row["id"]: row for row in data["bracket_sets"]}
    owners = {row["id"]: row["bracket_set"] for row in data["alternatives"]}
    for row in data["bracket_sets"]:
        chosen = row["resolution_alternative"]
        if chosen is not None and owners.get(chosen) != row["id"]:
            raise inconsistent(
                f"bracket_sets (id {row['id']})", f"resolution_alternative {chosen} is not one of its own"
            )
    _nesting(inside, sets)
    for paragraph_id, roots in top.items():
        stack = list(roots)
        while stack:
            set_id = stack.pop()
            if sets[set_id]["paragraph"] != paragraph_id:
                raise inconsistent(f"bracket_sets (id {set_id})", f"it is in paragraph {paragraph_id}, not its own")
            stack += inside[set_id]


def _items(items: list[Any], where: str, ids: dict[str, set[int]], used: dict[tuple[str, int], str]) -> list[int]:
    """Check one content list (footnotes without recursion); the sets it uses."""
    found: list[int] = []
    stack = [(items, 0)]
    while stack:
        current, depth = stack.pop()
        if not isinstance(current, list) or depth > MAX_NESTING:
            raise _malformed(where, "content must be a list of items, footnotes nested no deeper than the brackets")
        for item in current:
            if not isinstance(item, dict) or len(item) != 1:
                raise _malformed(where, f"content item {str(item)[:60]!r} is not one of t, s, p, r, f")
            ((key, value),) = item.items()
            if key in ("s", "p"):
                table = "bracket_sets" if key == "s" else "placeholders"
                if not is_int(value) or value not in ids[table]:
                    raise inconsistent(where, f"content names {table} {value!r}, which the backup does not have")
                if (table, value) in used:
                    raise inconsistent(where, f"{table} {value} is already used by {used[(table, value)]}")
                used[(table, value)] = where
                if key == "s":
                    found.append(value)
            elif key == "f" and isinstance(value, list) and len(value) == 3:
                stack.append((value[2], depth + 1))
                _text(value[0], where)
                _text(value[1], where)
            elif key == "t":
                _text(value, where)
            elif key == "r" and isinstance(value, list) and len(value) == 2:
                _text(value[0], where)
                _text(value[1], where)
            else:
                raise _malformed(where, f"content item {str(item)[:60]!r} is malformed")
    return found


def _text(value: Any, where: str) -> None:
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise _malformed(where, "a content item's text is not text, or too long")
    text_checks.import_flags(value, field=f"backup: {where}: content")


def _nesting(inside: dict[int, list[int]], sets: dict[int, Any]) -> None:
    """Refuse a set that contains itself, or sets nested deeper than MAX_NESTING (computed without recursion)."""
    height: dict[int, int] = {}
    for start in sets:
        stack, on_path = [(start, 0)], {start}
        while stack:
            set_id, child = stack[-1]
            children = inside[set_id]
            if child < len(children):
                stack[-1] = (set_id, child + 1)
                nested = children[child]
                if nested in on_path:
                    raise inconsistent(f"bracket_sets (id {nested})", "it contains itself")
                if nested not in height:
                    stack.append((nested, 0))
                    on_path.add(nested)
                continue
            height[set_id] = 1 + max((height[c] for c in children), default=0)
            if height[set_id] > MAX_NESTING:
                raise _malformed(f"bracket_sets (id {set_id})", f"sets nested more than {MAX_NESTING} deep")
            stack.pop()
            on_path.discard(set_id)


def versions(data: BackupObject) -> None:
    """Each paragraph's versions are distinct and the latest is its text."""
    latest: dict[int, BackupObject] = {}
    for row in data["paragraph_versions"]:
        known = latest.get(row["paragraph"])
        if known is not None and known["version"] == row["version"]:
            raise inconsistent(f"paragraph_versions (id {row['id']})", f"version {row['version']} appears twice")
        if known is None or row["version"] > known["version"]:
            latest[row["paragraph"]] = row
    for paragraph in data["paragraphs"]:
        last = latest.get(paragraph["id"])
        if last is None or last["version"] != paragraph["version"] or last["text"] != paragraph["text"]:
            raise inconsistent(f"paragraphs (id {paragraph['id']})", "its text is not its latest version's")


def revisions(data: BackupObject, ids: dict[str, set[int]]) -> None:
    """Revision numbers are distinct and each text is its snapshot's."""
    numbers: set[int] = set()
    for row in data["revisions"]:
        where = f"revisions (id {row['id']})"
        snapshot = row["snapshot"]
        if row["number"] < 0 or row["number"] in numbers:
            raise inconsistent(where, f"number {row['number']} is negative or repeated")
        numbers.add(row["number"])
        paragraphs = snapshot.get("paragraphs")
        if not isinstance(paragraphs, list) or not all(_snapshot_paragraph(p, ids) for p in paragraphs):
            raise inconsistent(where, "its snapshot's paragraphs are malformed or not paragraphs of the backup")
        if not isinstance(snapshot.get("bom"), str) or not isinstance(snapshot.get("leading"), str):
            raise _malformed(where, "its snapshot has no bom or leading text")
        ordered = sorted(paragraphs, key=lambda p: p["position"])
        body = "".join(p["prefix"] + p["text"] + p["trailing"] for p in ordered)
        if snapshot["bom"] + snapshot["leading"] + body != row["text"]:
            raise inconsistent(where, "its text is not the text of its snapshot")


def _snapshot_paragraph(paragraph: Any, ids: dict[str, set[int]]) -> bool:
    if not isinstance(paragraph, dict) or paragraph.get("id") not in ids["paragraphs"]:
        return False
    texts = all(isinstance(paragraph.get(key), str) for key in ("prefix", "text", "trailing", "kind", "status"))
    return texts and is_int(paragraph.get("position")) and is_int(paragraph.get("version"))


def events(rows: list[BackupObject], created: datetime) -> None:
    """Known actions only, recorded in time order after the document was made."""
    previous = created
    for row in sorted(rows, key=lambda e: e["id"]):
        where = f"events (id {row['id']})"
        if row["action"] not in ACTIONS:
            raise inconsistent(where, f"action {row['action']!r} is not one Crochets records")
        moment = datetime.fromisoformat(row["at"])
        if moment < previous:
            raise inconsistent(where, f"recorded at {row['at']}, before the event or document that precedes it")
        previous = moment


def _malformed(where: str, what: str) -> Invalid:
    return Invalid(f"backup: malformed: {where}: {what}")


def comments(data: BackupObject) -> None:
    """A comment's alternative is one of its bracket set's (its paragraph is where it was made: a set may move
    to another paragraph since, when the chair splits or merges paragraphs)."""
    alternative_set = {row["id"]: row["bracket_set"] for row in data["alternatives"]}
    for row in data["comments"]:
        if row["alternative"] is not None and alternative_set[row["alternative"]] != row["bracket_set"]:
            where = f"comments (id {row['id']})"
            raise inconsistent(where, f"alternative {row['alternative']} is not one of its bracket set")
