"""The bracket-set panel: a set's alternatives, who proposed, supported and objected (for whom, when), its
history and comments, and what the person may do with it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from app.models import Account, BracketSetRow, Delegation, Paragraph, Position, SetState
from app.services import permissions, references
from app.services.accounts.auth import Actor
from app.services.lookup import get_or_404
from app.services.negotiation import audit
from app.services.permissions import Capabilities
from app.services.reading import comments as comment_reading
from app.services.reading import live
from app.services.reading.comments import CommentView
from app.services.reading.document import DocumentReader
from app.services.reading.models import BracketSetView, EventView, PositionView


@dataclass(frozen=True, slots=True)
class SetPanel:
    """A bracket set with everything the panel shows, and what the person may do with it."""

    record: BracketSetView
    document_id: int
    paragraph_id: int
    paragraph_label: str | None
    positions: dict[int, list[PositionView]]
    mine: dict[int, dict[str, str]]  # alternative id → {code the person may act for: its current stance}
    history: list[EventView]
    caps: Capabilities
    may_take_positions: bool
    may_resolve: bool
    may_undo: bool
    reference: str = ""  # `décide 2, set 1`: how the page names the set
    last_event_id: int = 0  # the panel reflects every change up to this event
    resolved_with: str = ""  # `the alternative “…”`, `the compromise “…”`, `no text (the passage was deleted)`
    comments: tuple[CommentView, ...] = ()  # on the set: comments, reasons given with proposals, Word comments
    withdrawable: frozenset[int] = frozenset()  # the comments the person may withdraw (their delegations')
    may_comment: bool = False


def set_panel(*, session: Session, actor: Actor | None, bracket_set_id: int) -> SetPanel:
    """The bracket-set panel: alternatives, who proposed, supported and objected, on behalf of whom, when."""
    row = get_or_404(session, BracketSetRow, bracket_set_id)
    reader = DocumentReader(session, row.document_id, [row.paragraph_id])
    record = reader.set_view(bracket_set_id)
    paragraph = get_or_404(session, Paragraph, row.paragraph_id)  # out of the text, too: its sets stay readable
    caps = permissions.capabilities(session=session, actor=actor)
    codes = {code for code, _ in caps.act_for}
    positions, mine = _position_lines(session, [a.id for a in record.alternatives], codes)
    is_open = row.state == SetState.open
    said = comment_reading.on_set(session=session, bracket_set_id=bracket_set_id)
    return SetPanel(
        comments=tuple(said),
        withdrawable=frozenset(c.id for c in said if c.state == "live" and c.delegation in codes),
        may_comment=caps.propose,
        last_event_id=live.latest_event_id(session=session, document_id=row.document_id),
        record=record,
        document_id=row.document_id,
        paragraph_id=row.paragraph_id,
        paragraph_label=paragraph.label,
        positions=positions,
        mine=mine,
        history=audit.history(session=session, document_id=row.document_id, bracket_set_id=bracket_set_id),
        caps=caps,
        may_take_positions=caps.propose and is_open and permissions.may_propose_in(reader.document, paragraph),
        may_resolve=caps.chair and is_open,
        may_undo=caps.chair and row.state == SetState.resolved and row.scope == "inline",
        reference=references.set_reference(session=session, bracket_set=row, paragraph=paragraph),
        resolved_with=_resolved_with(record),
    )


def _resolved_with(record: BracketSetView) -> str:
    """What a resolved set became, in words."""
    resolution = record.resolution
    if resolution is None:
        return ""
    if resolution.alternative_id is not None:
        chosen = next((a.text for a in record.alternatives if a.id == resolution.alternative_id), "")
        return f"the alternative {references.quote(chosen)}"
    if resolution.text:
        return f"the compromise {references.quote(resolution.text)}"
    return "no text (the passage was deleted)"


def _position_lines(
    session: Session, alternative_ids: list[int], codes: set[str]
) -> tuple[dict[int, list[PositionView]], dict[int, dict[str, str]]]:
    acting = aliased(Delegation)
    rows = session.exec(
        select(Position, Delegation, Account.display_name, acting.code)
        .join(Delegation, col(Delegation.id) == Position.delegation_id)
        .join(Account, col(Account.id) == Position.account_id)
        .join(acting, col(acting.id) == Position.acting_delegation_id)
        .where(col(Position.alternative_id).in_(alternative_ids))
        .order_by(col(Position.id))
    ).all()
    lines: dict[int, list[PositionView]] = {i: [] for i in alternative_ids}
    mine: dict[int, dict[str, str]] = {i: {} for i in alternative_ids}
    for position, delegation, person, acting_code in rows:
        code = delegation.code
        line = PositionView(
            stance=str(position.stance),
            code=code,
            name=delegation.name,
            person=person,
            acting_code=acting_code,
            at=position.created_at,
            withdrawn_at=position.withdrawn_at,
        )
        lines[position.alternative_id].append(line)
        if position.withdrawn_at is None and code in codes:
            mine[position.alternative_id][code] = str(position.stance)
    return lines, mine
