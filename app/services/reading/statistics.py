"""Statistics of a negotiation: open bracket sets per revision, contested paragraphs, delegations' activity."""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlmodel import Session, col, select

from app import domain
from app.domain import bracket_sets_in
from app.models import AlternativeRow, BracketSetRow, Delegation, Position, SetState
from app.services.documents import catalog as documents
from app.services.negotiation import revisions
from app.services.negotiation.content import Contents
from app.services.reading.charts import SeriesPoint
from app.services.reading.report_models import DelegationActivity, DocumentStatistics, ParagraphCount, RevisionCount


def document_statistics(*, session: Session, document_id: int) -> DocumentStatistics:
    """Per revision (and live), per paragraph (most contested first) and per delegation."""
    documents.get(session=session, document_id=document_id)
    return DocumentStatistics(
        document_id=document_id,
        revisions=[_point_data(p) for p in revision_series(session=session, document_id=document_id)],
        paragraphs=_paragraphs(session, document_id),
        delegations=_delegations(session, document_id),
    )


def revision_series(*, session: Session, document_id: int) -> list[SeriesPoint]:
    """Open bracket sets and placeholders of each revision and of the live text, parsed by the domain."""
    points = []
    document = documents.get(session=session, document_id=document_id)
    for revision in revisions.listing(session=session, document_id=document_id):
        stats = domain.statistics(documents.reparse(document, revision.text))
        points.append(SeriesPoint(f"Rev.{revision.number}", stats.bracket_sets, stats.placeholders, revision.number))
    live_text = documents.bracketed_source(session=session, document_id=document_id)
    live = domain.statistics(documents.reparse(document, live_text))
    points.append(SeriesPoint("live", live.bracket_sets, live.placeholders, None))
    return points


def _point_data(point: SeriesPoint) -> RevisionCount:
    return RevisionCount(
        number=point.number, label=point.label, open_bracket_sets=point.open_sets, placeholders=point.placeholders
    )


def _paragraphs(session: Session, document_id: int) -> list[ParagraphCount]:
    contents = Contents(session, document_id)
    stances = _active_stances(session, document_id)
    found: list[ParagraphCount] = []
    for paragraph in documents.paragraphs(session=session, document_id=document_id):
        sets = bracket_sets_in(contents.tree(paragraph.content))
        alternative_ids = [a.key or 0 for s in sets for a in s.alternatives]
        counts: Counter[str] = Counter()
        for alternative_id in alternative_ids:
            counts.update(stances.get(alternative_id, Counter()))
        found.append(
            ParagraphCount(
                id=paragraph.id,
                position=paragraph.position,
                label=paragraph.label,
                status=str(paragraph.status),
                open_bracket_sets=len(sets),
                alternatives=len(alternative_ids),
                positions=sum(counts.values()),
                objections=counts["objects"],
            )
        )
    found.sort(key=lambda p: (-p.objections, -p.alternatives, -p.positions, p.position))
    return found


def _active_stances(session: Session, document_id: int) -> dict[int, Counter[str]]:
    stances: dict[int, Counter[str]] = defaultdict(Counter)
    rows = session.exec(
        select(Position.alternative_id, Position.stance)
        .join(AlternativeRow, col(AlternativeRow.id) == Position.alternative_id)
        .join(BracketSetRow, col(BracketSetRow.id) == AlternativeRow.bracket_set_id)
        .where(BracketSetRow.document_id == document_id, col(Position.withdrawn_at).is_(None))
    )
    for alternative_id, stance in rows:
        stances[alternative_id][str(stance)] += 1
    return stances


def _delegations(session: Session, document_id: int) -> list[DelegationActivity]:
    """Positions ever taken per delegation (withdrawn ones counted too) and how many of its proposals won."""
    rows = session.exec(
        select(Position, BracketSetRow, Delegation.code)
        .join(AlternativeRow, col(AlternativeRow.id) == Position.alternative_id)
        .join(BracketSetRow, col(BracketSetRow.id) == AlternativeRow.bracket_set_id)
        .join(Delegation, col(Delegation.id) == Position.delegation_id)
        .where(BracketSetRow.document_id == document_id)
    )
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for position, bracket_set, code in rows:
        counts = table[code]
        counts[str(position.stance)] += 1
        if position.withdrawn_at is not None:
            counts["withdrawn"] += 1
        chosen = (
            bracket_set.state == SetState.resolved and bracket_set.resolution_alternative_id == position.alternative_id
        )
        if chosen and position.stance != "objects" and position.withdrawn_at is None:
            counts["accepted"] += 1
    return [
        DelegationActivity(
            code=code,
            proposed=counts["proposes"],
            supported=counts["supports"],
            objected=counts["objects"],
            withdrawn=counts["withdrawn"],
            accepted=counts["accepted"],
        )
        for code, counts in sorted(table.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    ]
