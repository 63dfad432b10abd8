"""The comments of an imported Word file, kept: attached to the words they anchor and attributed to their author.

A comment whose anchored words lie in a paragraph is that paragraph's; when they lie inside a bracket set (the
innermost that holds them all), it is that set's too. The author is the name Word gives (no account), the time
the one Word recorded (never later than the import). A comment anchored nowhere in the body stays the document's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from app.domain.walk import iter_inline_events
from app.models import Comment, CommentKind, Document, Event, Paragraph
from app.services import text_checks
from app.services.accounts.auth import Actor
from app.services.errors import Invalid
from app.services.formats.wordread import Comment as WordComment
from app.services.negotiation import audit
from app.services.negotiation.audit import Subject
from app.services.negotiation.content import Contents

MAX_WORD_COMMENT_CHARACTERS = 100_000
MAX_AUTHOR_CHARACTERS = 200


@dataclass(frozen=True, slots=True)
class _Place:
    """A paragraph's extent in the imported text, where its text starts, and its sets' spans within its text."""

    paragraph_id: int
    start: int  # its prefix included
    end: int  # its trailing line breaks included
    text_start: int
    sets: tuple[tuple[int, int, int], ...]  # (set id, start, end) in the paragraph's text, outer sets first


def keep(
    *, session: Session, document: Document, text: str, comments: Sequence[WordComment], actor: Actor | None
) -> Event | None:
    """Store the Word comments of a document just imported from `text` (uncommitted); the event telling it."""
    if not comments:
        return None
    assert document.id is not None
    places = _places(session, document)
    now = datetime.now(UTC)
    for comment in comments:
        _check(comment)
        paragraph_id, set_id = _locate(places, text, comment.start, comment.end)
        session.add(
            Comment(
                document_id=document.id,
                paragraph_id=paragraph_id,
                bracket_set_id=set_id,
                kind=CommentKind.word,
                text=comment.text,
                anchor=comment.anchored or None,
                author=(comment.author or comment.initials)[:MAX_AUTHOR_CHARACTERS],
                created_at=_when(comment.date, now),
            )
        )
    authors = sorted({c.author or c.initials or "unnamed" for c in comments})
    named = ", ".join(authors[:5]) + (f" and {len(authors) - 5} more" if len(authors) > 5 else "")
    count = f"{len(comments)} Word comment{'s' if len(comments) != 1 else ''}"
    summary = f"kept {count} of the imported file, by {named}"
    return audit.record(
        session=session, subject=Subject(document.id), actor=actor, action="comments_imported", summary=summary
    )


def _check(comment: WordComment) -> None:
    where = f"file: Word comment {comment.id} by {comment.author or 'an unnamed author'}"
    if len(comment.text) > MAX_WORD_COMMENT_CHARACTERS:
        raise Invalid(f"{where}: {len(comment.text):,} characters; at most {MAX_WORD_COMMENT_CHARACTERS:,}")
    for value in (comment.text, comment.anchored, comment.author):
        text_checks.import_flags(value, field=where)


def _when(date: str | None, now: datetime) -> datetime:
    """The time Word recorded (UTC when it names no zone), never later than now; now when there is none."""
    if not date:
        return now
    try:
        moment = datetime.fromisoformat(date.replace("Z", "+00:00"))
    except ValueError:
        return now
    moment = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return min(moment.astimezone(UTC), now)


def _places(session: Session, document: Document) -> list[_Place]:
    assert document.id is not None
    contents = Contents(session, document.id)
    rows = session.exec(select(Paragraph).where(Paragraph.document_id == document.id).order_by(col(Paragraph.position)))
    offset = len(document.bom) + len(document.leading)
    places = []
    for row in rows:
        assert row.id is not None
        text_start = offset + len(row.prefix)
        end = text_start + len(row.text) + len(row.trailing)
        places.append(_Place(row.id, offset, end, text_start, _set_spans(contents, row.content)))
        offset = end
    return places


def _set_spans(contents: Contents, content: str) -> tuple[tuple[int, int, int], ...]:
    spans: list[tuple[int, int, int]] = []
    opened: list[tuple[int, int]] = []
    position = 0
    for event in iter_inline_events(contents.tree(content)):
        if event.kind == "set":
            opened.append((getattr(event.node, "key", None) or 0, position))
        elif event.kind == "end_set":
            key, start = opened.pop()
            spans.append((key, start, position))
        position += len(event.text)
    return tuple(sorted(spans, key=lambda span: (span[1], -span[2])))


def _locate(places: list[_Place], text: str, start: int | None, end: int | None) -> tuple[int | None, int | None]:
    """The paragraph holding the anchored words (white space at their ends aside), and the innermost set too."""
    if start is None or end is None or not 0 <= start <= end <= len(text):
        return None, None
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    place = next((p for p in places if p.start <= start < p.end), None)
    if place is None:
        return None, None
    low, high = start - place.text_start, end - place.text_start
    holding = [span for span in place.sets if span[1] <= low and high <= span[2] and span[1] < span[2]]
    innermost = min(holding, key=lambda span: span[2] - span[1], default=None)
    return place.paragraph_id, innermost[0] if innermost else None
