"""The texts a paragraph has had, kept as differences: a change stores what it changed, not the whole paragraph.

The latest version's text is the paragraph's live text. Each later version holds the delta (`app.domain.delta`)
that rebuilds the version before it from its own text, so a version is read by walking back from the live text;
a version stored whole (`text`) is a fresh starting point. Every version keeps a digest of its text, and every
text read back is checked against it: a paragraph changed without a new version cannot go unnoticed.

Within one transaction the texts of the versions just made are remembered, so that the audit log can name the
versions an event's `before` and `after` texts are instead of copying them (`audit.record`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlmodel import Session, col, select

from app.domain.delta import DeltaError, apply_delta, decode, encode, fingerprint, make_delta
from app.models import Paragraph, ParagraphVersion
from app.models._time import utcnow
from app.services import rows as rows_

_KNOWN = "crochets.paragraph_texts"  # session.info key: {paragraph id: {version: text}} made in this session


class HistoryCorrupt(RuntimeError):
    """A paragraph's stored versions do not rebuild the texts they were made from: a bug, never user input."""


def first_version(*, session: Session, paragraph: Paragraph) -> None:
    """Version 1 of a newly stored paragraph: its text is the live text, so only its digest is stored."""
    assert paragraph.id is not None
    session.add(
        ParagraphVersion(paragraph_id=paragraph.id, version=paragraph.version, digest=fingerprint(paragraph.text))
    )
    _remember(session, paragraph.id, {paragraph.version: paragraph.text})


def first_versions(*, session: Session, paragraphs: Sequence[tuple[int, str]]) -> None:
    """`first_version` of many new paragraphs (id, live text) at once, in one executemany (an import)."""
    rows = [
        {"paragraph_id": paragraph_id, "version": 1, "digest": fingerprint(text), "created_at": utcnow()}
        for paragraph_id, text in paragraphs
    ]
    rows_.insert_all(session, ParagraphVersion, rows)
    for paragraph_id, text in paragraphs:
        _remember(session, paragraph_id, {1: text})


def next_version(*, session: Session, paragraph: Paragraph, before: str) -> None:
    """Store the paragraph's new version (already counted): the delta back to `before`, the text it replaced."""
    assert paragraph.id is not None
    delta = encode(make_delta(paragraph.text, before))
    session.add(
        ParagraphVersion(
            paragraph_id=paragraph.id, version=paragraph.version, delta=delta, digest=fingerprint(paragraph.text)
        )
    )
    _remember(session, paragraph.id, {paragraph.version - 1: before, paragraph.version: paragraph.text})


def version_text(*, session: Session, paragraph_id: int, version: int) -> str | None:
    """The paragraph's text at a version, if that version exists."""
    return texts(session=session, paragraph_id=paragraph_id, versions=(version,)).get(version)


def texts(*, session: Session, paragraph_id: int, versions: Collection[int]) -> dict[int, str]:
    """The paragraph's text at each of these versions that exists, rebuilt from its live text."""
    paragraph = session.get(Paragraph, paragraph_id)
    if paragraph is None or not versions:
        return {}
    rows = session.exec(
        select(ParagraphVersion.version, ParagraphVersion.text, ParagraphVersion.delta, ParagraphVersion.digest)
        .where(ParagraphVersion.paragraph_id == paragraph_id, col(ParagraphVersion.version) >= min(versions))
        .order_by(col(ParagraphVersion.version).desc())
    )
    return _rebuilt(paragraph, list(rows), set(versions))


def all_texts(*, session: Session, document_id: int) -> dict[tuple[int, int], str]:
    """Every version's text of every paragraph of a document, by (paragraph id, version)."""
    paragraphs = session.exec(select(Paragraph).where(Paragraph.document_id == document_id)).all()
    rows: dict[int, list[_Row]] = {p.id: [] for p in paragraphs if p.id is not None}
    query = (
        select(ParagraphVersion)
        .where(col(ParagraphVersion.paragraph_id).in_(select(Paragraph.id).where(Paragraph.document_id == document_id)))
        .order_by(col(ParagraphVersion.paragraph_id), col(ParagraphVersion.version).desc())
    )
    for row in session.exec(query):
        rows[row.paragraph_id].append((row.version, row.text, row.delta, row.digest))
    result: dict[tuple[int, int], str] = {}
    for paragraph in paragraphs:
        assert paragraph.id is not None
        wanted = {row[0] for row in rows[paragraph.id]}
        for number, text in _rebuilt(paragraph, rows[paragraph.id], wanted).items():
            result[(paragraph.id, number)] = text
    return result


_Row = tuple[int, str | None, str | None, str]  # version, whole text, delta, digest


def _rebuilt(paragraph: Paragraph, rows: list[_Row], wanted: set[int]) -> dict[int, str]:
    """Walk back from the live text through rows (newest first), keeping the wanted versions' texts."""
    assert paragraph.id is not None
    found: dict[int, str] = {}
    text: str | None = paragraph.text
    for number, whole, delta, digest in rows:
        text = whole if whole is not None else text
        if number in wanted or number == paragraph.version:
            found[number] = _checked(paragraph.id, number, text, digest)
        text = _previous(paragraph.id, number, text, delta)
    return {number: value for number, value in found.items() if number in wanted}


def known(*, session: Session, paragraph_id: int) -> dict[int, str]:
    """The texts of the paragraph's versions made or seen in this session, the live one included."""
    found = dict(session.info.get(_KNOWN, {}).get(paragraph_id, {}))
    paragraph = session.get(Paragraph, paragraph_id)
    if paragraph is not None:
        found[paragraph.version] = paragraph.text
    return found


def stored_rows(*, paragraph_id: int, texts_by_version: dict[int, str], live: str) -> list[ParagraphVersion]:
    """Version rows for whole texts (a restore): deltas back from the live text, which the last version must be."""
    numbers = sorted(texts_by_version)
    rows = []
    for index, number in enumerate(numbers):
        text = texts_by_version[number]
        previous = texts_by_version[numbers[index - 1]] if index else None
        rows.append(
            ParagraphVersion(
                paragraph_id=paragraph_id,
                version=number,
                delta=encode(make_delta(text, previous)) if previous is not None else None,
                digest=fingerprint(text),
            )
        )
    if numbers and texts_by_version[numbers[-1]] != live:
        rows[-1].text = texts_by_version[numbers[-1]]  # not the live text: kept whole, or nothing could be rebuilt
    return rows


def _remember(session: Session, paragraph_id: int, texts_by_version: dict[int, str]) -> None:
    session.info.setdefault(_KNOWN, {}).setdefault(paragraph_id, {}).update(texts_by_version)


def _checked(paragraph_id: int, number: int, text: str | None, digest: str) -> str:
    if text is None or (digest and fingerprint(text) != digest):
        raise HistoryCorrupt(f"paragraph {paragraph_id}: version {number} cannot be rebuilt from the stored history")
    return text


def _previous(paragraph_id: int, number: int, text: str | None, delta: str | None) -> str | None:
    """The text of the version stored before this one, when this one holds the delta to it."""
    if delta is None or text is None:
        return None
    try:
        return apply_delta(text, decode(delta))
    except DeltaError as error:
        raise HistoryCorrupt(f"paragraph {paragraph_id}: version {number}: {error}") from error
