"""document layout: whether the document's paragraphs were read one per line or wrapped over lines

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Not in batch mode: on SQLite a batch rebuilds the table, and dropping the old `document` table would cascade
# to every paragraph; SQLite (3.35+) adds and drops a column in place.


def upgrade() -> None:
    op.add_column("document", sa.Column("layout", sa.String(length=20), nullable=False, server_default="lines"))


def downgrade() -> None:
    op.drop_column("document", "layout")
