"""Delegations and their group memberships: add one, import a CSV file all-or-nothing, list them."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.models import Delegation, DelegationKind, GroupMembership
from app.services import text_checks
from app.services.errors import Conflict, Invalid, NotFound, ServiceError

CSV_COLUMNS = ("code", "name", "kind", "groups")
REQUIRED_COLUMNS = ("code", "name", "kind")
_GROUP_SEPARATORS = re.compile(r"[;\s]+")


@dataclass(frozen=True, slots=True)
class DelegationRow:
    """One delegation as read from a CSV file, with the line it came from."""

    line: int
    code: str
    name: str
    kind: str
    groups: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DelegationSummary:
    """What a listing shows of one delegation."""

    id: int
    code: str
    name: str
    kind: DelegationKind
    groups: tuple[str, ...]


def find(*, session: Session, code: str) -> Delegation | None:
    """The delegation with this code, if any."""
    return session.exec(select(Delegation).where(Delegation.code == code.strip().upper())).first()


def get(*, session: Session, code: str) -> Delegation:
    """The delegation with this code, or NotFound."""
    delegation = find(session=session, code=code)
    if delegation is None:
        raise NotFound(f"there is no delegation with code {code!r}")
    return delegation


def add(
    *, session: Session, code: str, name: str, kind: str, groups: Sequence[str] = (), commit: bool = True
) -> Delegation:
    """Register a delegation, optionally as a member of existing group delegations."""
    delegation = _insert(session, code=code, name=name, kind=kind)
    _join_groups(session, delegation, groups)
    if commit:
        session.commit()
    return delegation


def parse_csv(text: str) -> list[DelegationRow]:
    """Read `code,name,kind,groups` rows (groups separated by `;` or spaces); Invalid names the bad line."""
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = [name.strip().lower() for name in reader.fieldnames or ()]
        missing = [name for name in REQUIRED_COLUMNS if name not in header]
        unknown = [name for name in header if name not in CSV_COLUMNS]
        if missing or unknown:
            raise Invalid(
                f"line 1: the header must be {','.join(CSV_COLUMNS)} (groups optional); got {','.join(header)}"
            )
        reader.fieldnames = header
        return [row for record in reader if (row := _row(reader.line_num, record)) is not None]
    except csv.Error as error:
        # DictReader.line_num is only updated after a whole row was read; the inner reader's is current.
        raise Invalid(f"line {reader.reader.line_num}: {error}") from error


def _row(line: int, record: dict[str | None, str | list[str] | None]) -> DelegationRow | None:
    if None in record:
        raise Invalid(f"line {line}: more cells than the header has columns")
    cells = {key: str(value or "").strip() for key, value in record.items()}
    if not any(cells.values()):
        return None
    groups = tuple(group for group in _GROUP_SEPARATORS.split(cells.get("groups", "")) if group)
    return DelegationRow(line=line, code=cells["code"], name=cells["name"], kind=cells["kind"], groups=groups)


def import_csv(*, session: Session, text: str) -> list[Delegation]:
    """Add every delegation of a CSV file, or none: the first bad row is reported with its line."""
    rows = parse_csv(text)
    if not rows:
        raise Invalid("the file has no delegations")
    added: list[tuple[DelegationRow, Delegation]] = []
    try:
        # Everything is inserted before memberships, so that a row may name a group defined further down.
        for row in rows:
            with _at_line(row.line):
                added.append((row, _insert(session, code=row.code, name=row.name, kind=row.kind)))
        for row, delegation in added:
            with _at_line(row.line):
                _join_groups(session, delegation, row.groups)
    except ServiceError:
        session.rollback()
        raise
    session.commit()
    return [delegation for _row, delegation in added]


def list_all(*, session: Session) -> list[DelegationSummary]:
    """Every delegation by code, with the codes of the groups it belongs to."""
    delegations = session.exec(select(Delegation).order_by(col(Delegation.code))).all()
    codes = {d.id: d.code for d in delegations}
    groups: dict[int, list[str]] = {}
    for membership in session.exec(select(GroupMembership)).all():
        groups.setdefault(membership.member_id, []).append(codes[membership.group_id])
    return [
        DelegationSummary(
            id=d.id, code=d.code, name=d.name, kind=DelegationKind(d.kind), groups=tuple(sorted(groups.get(d.id, [])))
        )
        for d in delegations
        if d.id is not None
    ]


def _insert(session: Session, *, code: str, name: str, kind: str) -> Delegation:
    code = code.strip().upper()
    if not code or len(code) > 16 or not code.replace("-", "").isalnum():
        raise Invalid(f"delegation code {code!r} must be 1 to 16 letters, digits or hyphens")
    if not name.strip() or len(name.strip()) > 200:
        raise Invalid(f"the name of {code} must be 1 to 200 characters")
    text_checks.wording(name, field=f"the name of {code}")
    if kind not in DelegationKind.__members__:
        raise Invalid(f"unknown delegation kind {kind!r}; use one of {', '.join(DelegationKind.__members__)}")
    if find(session=session, code=code) is not None:
        raise Conflict(f"a delegation with code {code!r} already exists")
    delegation = Delegation(code=code, name=name.strip(), kind=DelegationKind(kind))
    session.add(delegation)
    session.flush()
    return delegation


def _join_groups(session: Session, delegation: Delegation, groups: Sequence[str]) -> None:
    for code in dict.fromkeys(group.strip().upper() for group in groups):
        group = find(session=session, code=code)
        if group is None:
            raise NotFound(f"there is no group with code {code!r}; add it first with --kind group")
        if group.kind != DelegationKind.group:
            raise Invalid(f"{group.code} is not a group (its kind is {group.kind})")
        if group.id == delegation.id:
            raise Invalid(f"{group.code} cannot be a member of itself")
        assert delegation.id is not None and group.id is not None
        session.add(GroupMembership(member_id=delegation.id, group_id=group.id))


@contextmanager
def _at_line(line: int) -> Iterator[None]:
    """Prefix a service error raised inside the block with the CSV line it concerns."""
    try:
        yield
    except ServiceError as error:
        raise type(error)(f"line {line}: {error.detail}", **error.extra) from error
