"""What the pages show: a document as negotiators read it, and what the signed-in person may do with it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from app.domain import bracket_sets_in
from app.models import Account, AccountRole, BracketSetRow, Delegation, ParagraphStatus, Position, SetState
from app.services.accounts.auth import Actor
from app.services.errors import NotFound
from app.services.negotiation import audit
from app.services.reading.document import DocumentView

STATUS_LABELS = {"open": "open", "informals": "agreed in informals", "ad_ref": "agreed ad ref", "adopted": "adopted"}


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What the signed-in person may do; the templates only show what this allows."""

    signed_in: bool = False
    propose: bool = False  # delegates propose, back and withdraw wording
    act_for: tuple[tuple[str, str], ...] = ()  # (code, name): the own delegation first, then its groups
    chair: bool = False
    issue_revisions: bool = False
    import_documents: bool = False
    administer: bool = False


def capabilities(*, session: Session, actor: Actor | None) -> Capabilities:
    """The capabilities of a person (none for the anonymous)."""
    if actor is None:
        return Capabilities()
    role = actor.role
    act_for: tuple[tuple[str, str], ...] = ()
    if role == AccountRole.delegate:
        names = dict(session.exec(select(Delegation.code, Delegation.name)).all())
        codes = (actor.delegation_code, *actor.group_codes)
        act_for = tuple((code, names.get(code, code)) for code in codes)
    return Capabilities(
        signed_in=True,
        propose=role == AccountRole.delegate,
        act_for=act_for,
        chair=role == AccountRole.chair,
        issue_revisions=role in (AccountRole.chair, AccountRole.secretariat, AccountRole.admin),
        import_documents=role in (AccountRole.secretariat, AccountRole.admin),
        administer=role == AccountRole.admin,
    )


@dataclass(slots=True)
class ParagraphPage:
    """One paragraph as the document page shows it."""

    data: dict[str, Any]
    open_sets: int
    placeholders: int
    involves_me: bool
    can_propose: bool
    status_label: str

    @property
    def contested(self) -> bool:
        """Whether anything in the paragraph is still undecided."""
        return self.open_sets > 0 or self.placeholders > 0


@dataclass(slots=True)
class DocumentPage:
    """A document as the document page shows it."""

    document: dict[str, Any]
    paragraphs: list[ParagraphPage]
    names: dict[str, str]
    caps: Capabilities
    open_sets: int  # in the whole document, whichever paragraphs are shown


def document_page(
    *,
    session: Session,
    actor: Actor | None,
    document_id: int,
    contested_only: bool = False,
    mine_only: bool = False,
    paragraph_ids: set[int] | None = None,
    view: DocumentView | None = None,
) -> DocumentPage:
    """The document with positions, offsets for selections, filters applied, and the person's capabilities."""
    view = view or DocumentView(session, document_id)
    caps = capabilities(session=session, actor=actor)
    mine = {code for code, _ in caps.act_for}
    paragraphs = []
    open_sets = 0
    for row in view.paragraphs:
        if paragraph_ids is not None and row.id not in paragraph_ids:
            open_sets += len(bracket_sets_in(view.contents.tree(row.content)))
            continue
        data = view.paragraph(row)
        annotate_offsets(data["content"], 0)
        sets, placeholders, codes = _count(data["content"])
        page = ParagraphPage(
            data=data,
            open_sets=sets,
            placeholders=placeholders,
            involves_me=bool(mine & codes),
            can_propose=caps.propose and view.document.proposals_open and row.status == ParagraphStatus.open,
            status_label=STATUS_LABELS.get(str(row.status), str(row.status)),
        )
        paragraphs.append(page)
        open_sets += sets
    shown = [p for p in paragraphs if (not contested_only or p.contested) and (not mine_only or p.involves_me)]
    return DocumentPage(document=view.header(), paragraphs=shown, names=view.names, caps=caps, open_sets=open_sets)


def annotate_offsets(runs: list[dict[str, Any]], offset: int = 0) -> int:
    """Give every run its offset `o` in the paragraph's bracketed text, so a selection maps back to it."""
    for run in runs:
        run["o"] = offset
        kind = run["type"]
        if kind == "text":
            offset += len(run["text"])
        elif kind == "placeholder":
            offset += len(run["text"]) + 2
        elif kind == "footnote_ref":
            offset += len(run["raw"])
        elif kind == "footnote":
            offset = annotate_offsets(run["content"], offset + 1 + len(run["head"])) + 1
        else:
            for alternative in run["alternatives"]:
                offset += len(alternative["separator"])
                alternative["o"] = offset
                offset = annotate_offsets(alternative["content"], offset + 1) + 1
    return offset


def _count(runs: list[dict[str, Any]]) -> tuple[int, int, set[str]]:
    sets = placeholders = 0
    codes: set[str] = set()
    stack = list(runs)
    while stack:
        run = stack.pop()
        if run["type"] == "bracket_set":
            sets += 1
            for alternative in run["alternatives"]:
                codes.update(alternative["sponsors"], alternative["supporters"], alternative["objectors"])
                stack.extend(alternative["content"])
        elif run["type"] == "placeholder":
            placeholders += 1
        elif run["type"] == "footnote":
            stack.extend(run["content"])
    return sets, placeholders, codes


@dataclass(frozen=True, slots=True)
class PositionLine:
    """One position as the panel lists it."""

    stance: str
    code: str
    name: str
    person: str
    acting_code: str
    at: datetime
    withdrawn_at: datetime | None


@dataclass(slots=True)
class SetPanel:
    """A bracket set with everything the panel shows, and what the person may do with it."""

    record: dict[str, Any]
    document_id: int
    paragraph_id: int
    paragraph_label: str | None
    positions: dict[int, list[PositionLine]]
    mine: dict[int, dict[str, str]]  # alternative id → {code the person may act for: its current stance}
    history: list[audit.HistoryEntry]
    caps: Capabilities
    may_take_positions: bool
    may_resolve: bool
    may_undo: bool


def set_panel(
    *, session: Session, actor: Actor | None, bracket_set_id: int, view: DocumentView | None = None
) -> SetPanel:
    """The bracket-set panel: alternatives, who proposed, supported and objected, on behalf of whom, when."""
    row = session.get(BracketSetRow, bracket_set_id)
    if row is None:
        raise NotFound(f"there is no bracket set {bracket_set_id}")
    if view is None or view.document.id != row.document_id:
        view = DocumentView(session, row.document_id)
    record = view.set_record(bracket_set_id)
    paragraph = next(p for p in view.paragraphs if p.id == row.paragraph_id)
    caps = capabilities(session=session, actor=actor)
    codes = {code for code, _ in caps.act_for}
    positions, mine = _position_lines(session, [a["id"] for a in record["alternatives"]], codes)
    is_open = row.state == SetState.open
    return SetPanel(
        record=record,
        document_id=row.document_id,
        paragraph_id=row.paragraph_id,
        paragraph_label=paragraph.label,
        positions=positions,
        mine=mine,
        history=audit.history(session=session, document_id=row.document_id, bracket_set_id=bracket_set_id),
        caps=caps,
        may_take_positions=caps.propose and is_open and paragraph.status == ParagraphStatus.open,
        may_resolve=caps.chair and is_open,
        may_undo=caps.chair and row.state == SetState.resolved,
    )


def _position_lines(
    session: Session, alternative_ids: list[int], codes: set[str]
) -> tuple[dict[int, list[PositionLine]], dict[int, dict[str, str]]]:
    acting = aliased(Delegation)
    rows = session.exec(
        select(Position, Delegation, Account.display_name, acting.code)
        .join(Delegation, col(Delegation.id) == Position.delegation_id)
        .join(Account, col(Account.id) == Position.account_id)
        .join(acting, col(acting.id) == Position.acting_delegation_id)
        .where(col(Position.alternative_id).in_(alternative_ids))
        .order_by(col(Position.id))
    ).all()
    lines: dict[int, list[PositionLine]] = {i: [] for i in alternative_ids}
    mine: dict[int, dict[str, str]] = {i: {} for i in alternative_ids}
    for position, delegation, person, acting_code in rows:
        code = delegation.code
        line = PositionLine(
            str(position.stance), code, delegation.name, person, acting_code, position.created_at, position.withdrawn_at
        )
        lines[position.alternative_id].append(line)
        if position.withdrawn_at is None and code in codes:
            mine[position.alternative_id][code] = str(position.stance)
    return lines, mine
