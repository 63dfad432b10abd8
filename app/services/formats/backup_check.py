"""A backup checked whole before a row is written: a forged or inconsistent one is refused with the reason.

Checked as an import is: every row has the backup's columns with the types, lengths and values the database
takes (read from the models themselves); counts and texts stay within limits; every reference names a row of
the backup; every bracket set and placeholder is used by one content only, sets nest without cycles and no
deeper than any draft; a set's paragraph is the paragraph it is in; a paragraph's latest version is its text and
a revision's text is its snapshot; events carry known actions, in time order, after the document was made.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from app.models import (
    AlternativeState,
    CommentKind,
    DelegationKind,
    ParagraphStatus,
    SetState,
    Stance,
)
from app.services import text_checks
from app.services.errors import Invalid, TooLarge
from app.services.formats import backup_consistency as consistency
from app.services.formats.backup_consistency import MAX_TEXT
from app.services.formats.backup_schema import MODELS, TABLES, BackupObject, Column, Table

MAX_ROWS = {
    "paragraphs": 100_000,
    "bracket_sets": 200_000,
    "alternatives": 400_000,
    "placeholders": 100_000,
    "positions": 1_000_000,
    "paragraph_versions": 1_000_000,
    "revisions": 1_000,
    "events": 2_000_000,
    "comments": 1_000_000,
}
ENUMS: dict[str, frozenset[str]] = {
    "bracket_sets.state": frozenset(SetState.__members__),
    "alternatives.state": frozenset(AlternativeState.__members__),
    "positions.stance": frozenset(Stance.__members__),
    "paragraphs.status": frozenset(ParagraphStatus.__members__),
    "comments.kind": frozenset(CommentKind.__members__),
}
_TYPES: dict[str, type] = {"INTEGER": int, "BOOLEAN": bool}
_CLOCK_SKEW = timedelta(minutes=5)


def check(data: BackupObject) -> None:
    """Refuse (Invalid or TooLarge, naming the row and the reason) a backup that cannot be restored as it is."""
    created = _document(data.get("document"))
    for table in TABLES:
        _rows(table, data.get(table.name))
    _delegations(data.get("delegations"), data)
    ids = {table.name: {row["id"] for row in data[table.name]} for table in TABLES}
    for table in TABLES:
        for index, row in enumerate(data[table.name]):
            consistency.references(table, index, row, ids)
    consistency.contents(data, ids)
    consistency.versions(data)
    consistency.revisions(data, ids)
    consistency.events(data["events"], created)
    consistency.comments(data)


def _fail(where: str, what: str) -> Invalid:
    """A row or value of the wrong shape, type or size."""
    return Invalid(f"backup: malformed: {where}: {what}")


def _document(info: Any) -> datetime:
    if not isinstance(info, dict):
        raise _fail("document", "missing")
    for key in ("title", "symbol", "language", "bom", "leading"):
        if not isinstance(info.get(key), str):
            raise _fail("document", f"{key} must be text")
    if info["bom"] not in ("", "\ufeff") or info["leading"].strip():
        raise _fail("document", "bom may only be U+FEFF and leading only blank lines")
    if info.get("syntax", "plain") not in ("plain", "markdown"):
        raise _fail("document", "syntax must be plain or markdown")
    if info.get("layout", "lines") not in ("lines", "wrapped"):
        raise _fail("document", "layout must be lines or wrapped")
    if info.get("bare_numbers", "negotiable") not in ("negotiable", "literal"):
        raise _fail("document", "bare_numbers must be negotiable or literal")
    text_checks.wording(info["title"], field="backup: document: title")
    if not isinstance(info.get("proposals_open"), bool):
        raise _fail("document", "proposals_open must be true or false")
    return _time("document", "created_at", info.get("created_at"))


def _rows(table: Table, rows: Any) -> None:
    if not isinstance(rows, list):
        raise _fail(table.name, "missing or not a list")
    if len(rows) > MAX_ROWS[table.name]:
        raise TooLarge(f"backup: {table.name}: {len(rows):,} rows; at most {MAX_ROWS[table.name]:,}")
    seen: set[int] = set()
    for index, row in enumerate(rows):
        where = f"{table.name}[{index}]"
        if not isinstance(row, dict) or set(row) != {"id", *(c.key for c in table.columns)}:
            raise _fail(where, f"a row must have exactly the keys id, {', '.join(c.key for c in table.columns)}")
        if not consistency.is_int(row["id"]) or row["id"] < 1 or row["id"] in seen:
            raise _fail(where, f"id {row['id']!r} is not a new positive number")
        seen.add(row["id"])
        for column in table.columns:
            _value(table, column, f"{where} (id {row['id']})", row[column.key])


def _value(table: Table, column: Column, where: str, value: Any) -> None:
    model_column = MODELS[table.name].__table__.c[column.name]
    if value is None:
        if not model_column.nullable and column.kind != "account":  # an unknown account is credited
            raise _fail(where, f"{column.key} may not be null")
        return
    kind = column.kind
    if kind == "time":
        _time(where, column.key, value)
    elif kind == "content":
        if not isinstance(value, list):
            raise _fail(where, f"{column.key} must be a list")
    elif kind == "snapshot":
        if not isinstance(value, dict):
            raise _fail(where, f"{column.key} must be an object")
    elif kind.startswith("ref:"):
        if not consistency.is_int(value):
            raise _fail(where, f"{column.key} must be a row id")
    elif kind in ("account", "delegation"):
        if not isinstance(value, str) or not 1 <= len(value) <= 200:
            raise _fail(where, f"{column.key} must be a {'username' if kind == 'account' else 'delegation code'}")
    else:
        _plain(f"{table.name}.{column.name}", model_column, where, column.key, value)


def _plain(name: str, model_column: Any, where: str, key: str, value: Any) -> None:
    wanted = _TYPES.get(str(model_column.type).split("(")[0], str)
    if not (isinstance(value, wanted) and (wanted is bool or not isinstance(value, bool))):
        raise _fail(where, f"{key} must be {wanted.__name__}")
    if isinstance(value, int) and not -(2**63) <= value < 2**63:
        raise _fail(where, f"{key} {value} is out of range")
    if isinstance(value, str):
        limit = getattr(model_column.type, "length", None) or MAX_TEXT
        if len(value) > limit:
            raise _fail(where, f"{key} has {len(value):,} characters; at most {limit:,}")
        text_checks.import_flags(value, field=f"backup: {where}: {key}")
    if name in ENUMS and value not in ENUMS[name]:
        raise _fail(where, f"{key} {value!r} is not one of {', '.join(sorted(ENUMS[name]))}")


def _time(where: str, key: str, value: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise _fail(where, f"{key} {str(value)[:40]!r} is not a time with its UTC offset")
    if moment > datetime.now(UTC) + _CLOCK_SKEW:
        raise consistency.inconsistent(where, f"{key} {value} is in the future")
    return moment


def _delegations(listed: Any, data: BackupObject) -> None:
    if not isinstance(listed, list):
        raise _fail("delegations", "missing or not a list")
    codes = set()
    for index, entry in enumerate(listed):
        where = f"delegations[{index}]"
        if not isinstance(entry, dict) or set(entry) != {"code", "name", "kind"}:
            raise _fail(where, "a delegation has exactly a code, a name and a kind")
        if not all(isinstance(entry[k], str) for k in entry) or entry["kind"] not in DelegationKind.__members__:
            raise _fail(where, "code and name are text, kind one of " + ", ".join(DelegationKind.__members__))
        if not 1 <= len(entry["code"]) <= 16 or not 1 <= len(entry["name"]) <= 200:
            raise _fail(where, "a code has 1 to 16 characters and a name 1 to 200")
        text_checks.wording(entry["name"], field=f"backup: {where}: name")
        codes.add(entry["code"])
    for table in TABLES:
        for column in (c for c in table.columns if c.kind == "delegation"):
            for row in data[table.name]:
                if row[column.key] is not None and row[column.key] not in codes:
                    where = f"{table.name} (id {row['id']})"
                    raise consistency.inconsistent(
                        where, f"delegation {row[column.key]!r} is not listed under 'delegations'"
                    )
