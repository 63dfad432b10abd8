"""compact history: paragraph versions kept as deltas, events name the versions holding their texts

Each paragraph version held the whole paragraph, and each audit event two more copies (before and after), so
one amendment of a long paragraph that made 300 bracket sets wrote 600 copies of it. Now the latest version is
the paragraph's live text and every version holds the delta back to the one before (app.domain.delta, whose
JSON form this migration writes and which must stay readable); an event names the versions whose texts it
recorded. Existing rows are converted; the downgrade writes the whole texts back.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.domain.delta import apply_delta, decode, encode, fingerprint, make_delta

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("paragraph_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delta", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("digest", sa.String(length=32), nullable=True))
        batch_op.alter_column("text", existing_type=sa.Text(), nullable=True)
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("before_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("after_version", sa.Integer(), nullable=True))
    connection = op.get_bind()
    for paragraph_id, live in connection.execute(sa.text("SELECT id, text FROM paragraph")).all():
        texts = _whole_versions(connection, paragraph_id)
        _compact_versions(connection, texts, live)
        _compact_events(connection, paragraph_id, {number: text for number, (_, text) in texts.items()})
    with op.batch_alter_table("paragraph_version", schema=None) as batch_op:
        batch_op.alter_column("digest", existing_type=sa.String(length=32), nullable=False)


def downgrade() -> None:
    connection = op.get_bind()
    for paragraph_id, live in connection.execute(sa.text("SELECT id, text FROM paragraph")).all():
        texts = _rebuilt_versions(connection, paragraph_id, live)
        for row_id, text in texts.values():
            connection.execute(
                sa.text("UPDATE paragraph_version SET text = :text WHERE id = :id"), {"text": text, "id": row_id}
            )
        _expand_events(connection, paragraph_id, {number: text for number, (_, text) in texts.items()})
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("after_version")
        batch_op.drop_column("before_version")
    with op.batch_alter_table("paragraph_version", schema=None) as batch_op:
        batch_op.alter_column("text", existing_type=sa.Text(), nullable=False)
        batch_op.drop_column("digest")
        batch_op.drop_column("delta")


def _whole_versions(connection: sa.Connection, paragraph_id: int) -> dict[int, tuple[int, str]]:
    rows = connection.execute(
        sa.text("SELECT version, id, text FROM paragraph_version WHERE paragraph_id = :p ORDER BY version"),
        {"p": paragraph_id},
    )
    return {version: (row_id, text) for version, row_id, text in rows}


def _compact_versions(connection: sa.Connection, texts: dict[int, tuple[int, str]], live: str) -> None:
    numbers = sorted(texts)
    for index, number in enumerate(numbers):
        row_id, text = texts[number]
        previous = texts[numbers[index - 1]][1] if index else None
        # The newest version is the live text; kept whole only where it is not (it then rebuilds the rest).
        whole = text if index == len(numbers) - 1 and text != live else None
        connection.execute(
            sa.text("UPDATE paragraph_version SET text = :text, delta = :delta, digest = :digest WHERE id = :id"),
            {
                "text": whole,
                "delta": encode(make_delta(text, previous)) if previous is not None else None,
                "digest": fingerprint(text),
                "id": row_id,
            },
        )


def _compact_events(connection: sa.Connection, paragraph_id: int, texts: dict[int, str]) -> None:
    rows = connection.execute(
        sa.text(
            "SELECT id, before, after FROM event "
            "WHERE paragraph_id = :p AND before IS NOT NULL AND after IS NOT NULL"
        ),
        {"p": paragraph_id},
    )
    by_text: dict[str, list[int]] = {}
    for number in sorted(texts):
        by_text.setdefault(texts[number], []).append(number)
    for event_id, before, after in rows.all():
        after_version = _latest(by_text, after, below=None)
        if after_version is None:
            continue
        before_version = after_version if before == after else _latest(by_text, before, below=after_version)
        if before_version is None:
            continue
        connection.execute(
            sa.text(
                "UPDATE event SET before = NULL, after = NULL, before_version = :b, after_version = :a WHERE id = :id"
            ),
            {"b": before_version, "a": after_version, "id": event_id},
        )


def _latest(by_text: dict[str, list[int]], text: str, *, below: int | None) -> int | None:
    found = [n for n in by_text.get(text, []) if below is None or n < below]
    return max(found) if found else None


def _rebuilt_versions(connection: sa.Connection, paragraph_id: int, live: str) -> dict[int, tuple[int, str]]:
    rows = connection.execute(
        sa.text(
            "SELECT version, id, text, delta FROM paragraph_version WHERE paragraph_id = :p ORDER BY version DESC"
        ),
        {"p": paragraph_id},
    )
    result: dict[int, tuple[int, str]] = {}
    current: str | None = live
    for number, row_id, whole, delta in rows:
        current = whole if whole is not None else current
        if current is None:
            raise RuntimeError(f"paragraph {paragraph_id}: version {number} cannot be rebuilt")
        result[number] = (row_id, current)
        current = apply_delta(current, decode(delta)) if delta is not None else None
    return result


def _expand_events(connection: sa.Connection, paragraph_id: int, texts: dict[int, str]) -> None:
    rows = connection.execute(
        sa.text(
            "SELECT id, before_version, after_version FROM event "
            "WHERE paragraph_id = :p AND before_version IS NOT NULL AND after_version IS NOT NULL"
        ),
        {"p": paragraph_id},
    )
    for event_id, before_version, after_version in rows.all():
        connection.execute(
            sa.text("UPDATE event SET before = :b, after = :a WHERE id = :id"),
            {"b": texts[before_version], "a": texts[after_version], "id": event_id},
        )
