"""The shape of a JSON backup: which columns each table keeps and how ids inside stored JSON are renumbered."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from app.models import (
    AlternativeRow,
    BracketSetRow,
    Comment,
    Event,
    Paragraph,
    ParagraphVersion,
    PlaceholderRow,
    Position,
    Revision,
)
from app.services.errors import Invalid

FORMAT = "crochets-backup"
VERSION = 3  # 2: paragraphs leave the text (retired, lineage); 3: comments
# Version 1 (before paragraphs could leave the text) lacks these columns; read as a version 2 with them empty.
ADDED_IN_2 = {
    "paragraphs": ("retired_at", "derived_from", "merged_into"),
    "bracket_sets": ("ended_in_revision",),
    "alternatives": ("first_paragraph", "last_paragraph"),
}

# A JSON object of the backup format as json.loads gives it: its shape is checked field by field (backup_check,
# backup_consistency) before anything reads it, so a static type would only repeat those checks.
BackupObject = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Column:
    """A column kept in the backup; `kind` says how its value is written: plain, enum, time, account,
    delegation, content (content JSON), snapshot (revision JSON) or `ref:<table>` (a row of another table)."""

    name: str
    kind: str = "plain"

    @property
    def key(self) -> str:
        """Its name in the backup: references lose their `_id` (they hold codes, usernames or local ids)."""
        return self.name[:-3] if self.kind != "plain" and self.name.endswith("_id") else self.name


@dataclass(frozen=True, slots=True)
class Table:
    """A table of the backup, in the order a restore writes them."""

    name: str
    columns: tuple[Column, ...]


def _columns(spec: str) -> tuple[Column, ...]:
    """`name` or `name:kind`, separated by spaces."""
    return tuple(Column(*item.split(":", 1)) for item in spec.split())


TABLES = (
    Table("paragraphs", _columns(
        "position prefix label kind text content:content trailing status:enum version retired_at:time "
        "derived_from_id:ref:paragraphs merged_into_id:ref:paragraphs"
    )),
    Table("bracket_sets", _columns(
        "paragraph_id:ref:paragraphs state:enum origin resolution_alternative_id:ref:alternatives resolution_text "
        "resolved_at:time resolved_by_account_id:account created_at:time created_by_account_id:account "
        "created_by_delegation_id:delegation ended_in_revision scope"
    )),
    Table("alternatives", _columns(
        "bracket_set_id:ref:bracket_sets position separator content:content original state:enum created_at:time "
        "created_by_account_id:account created_by_delegation_id:delegation first_paragraph_id:ref:paragraphs "
        "last_paragraph_id:ref:paragraphs"
    )),
    Table("placeholders", _columns(
        "paragraph_id:ref:paragraphs text value filled_at:time filled_by_account_id:account"
    )),
    Table("positions", _columns(
        "alternative_id:ref:alternatives delegation_id:delegation stance:enum account_id:account "
        "acting_delegation_id:delegation created_at:time withdrawn_at:time"
    )),
    Table("paragraph_versions", _columns("paragraph_id:ref:paragraphs version text created_at:time")),
    Table("revisions", _columns("number note text snapshot:snapshot created_at:time account_id:account")),
    Table("events", _columns(
        "paragraph_id:ref:paragraphs bracket_set_id:ref:bracket_sets alternative_id:ref:alternatives "
        "account_id:account delegation_id:delegation at:time action summary before after"
    )),
    Table("comments", _columns(
        "paragraph_id:ref:paragraphs bracket_set_id:ref:bracket_sets alternative_id:ref:alternatives kind text "
        "anchor author account_id:account delegation_id:delegation acting_delegation_id:delegation "
        "created_at:time withdrawn_at:time"
    )),
)  # fmt: skip
# Tables a backup of an older version lacks (read as empty), and the version that added them.
ADDED_IN = {"comments": 3}
MODELS: dict[str, type[Any]] = {
    "paragraphs": Paragraph,
    "bracket_sets": BracketSetRow,
    "alternatives": AlternativeRow,
    "placeholders": PlaceholderRow,
    "positions": Position,
    "paragraph_versions": ParagraphVersion,
    "revisions": Revision,
    "events": Event,
    "comments": Comment,
}


def upgraded(data: BackupObject) -> BackupObject:
    """An older backup as the current version: version 1 as version 2 (its paragraphs all live, its sets ended by
    no revision and inline), then a version below 3 with no comments; the current version as given."""
    result, original = data, data.get("version")
    if result.get("version") == 1:
        result = dict(result, version=2)
        for table, keys in ADDED_IN_2.items():
            rows = data.get(table)
            if isinstance(rows, list):
                added = dict.fromkeys(keys) | ({"scope": "inline"} if table == "bracket_sets" else {})
                result[table] = [dict(row, **added) if isinstance(row, dict) else row for row in rows]
    if result.get("version") == VERSION:
        return result
    present = [name for name in ADDED_IN if result.get(name)]
    if present:
        raise Invalid(f"backup: malformed: a version {original} backup has no {', '.join(present)}")
    return dict(result, version=VERSION, **{name: [] for name in ADDED_IN})


def remap_content(value: str | list[Any], sets: dict[int, int], placeholders: dict[int, int], *, to_text: bool) -> Any:
    """A content list with its set and placeholder ids renumbered; as stored JSON text when `to_text`."""
    items = json.loads(value) if isinstance(value, str) else value
    remapped = _remap_items(items, sets, placeholders)
    return json.dumps(remapped, ensure_ascii=False) if to_text else remapped


def _remap_items(items: list[Any], sets: dict[int, int], placeholders: dict[int, int]) -> list[Any]:
    result: list[Any] = []
    for item in items:
        if "s" in item:
            result.append({"s": sets[item["s"]]})
        elif "p" in item:
            result.append({"p": placeholders[item["p"]]})
        elif "f" in item:
            number, head, inner = item["f"]
            result.append({"f": [number, head, _remap_items(inner, sets, placeholders)]})
        else:
            result.append(dict(item))
    return result


def remap_snapshot(value: str | BackupObject, paragraphs: dict[int, int], *, to_text: bool) -> Any:
    """A revision snapshot with its paragraph ids renumbered; as stored JSON text when `to_text`."""
    snapshot = json.loads(value) if isinstance(value, str) else dict(value)
    snapshot["paragraphs"] = [p | {"id": paragraphs.get(p["id"])} for p in snapshot["paragraphs"]]
    return json.dumps(snapshot) if to_text else snapshot
