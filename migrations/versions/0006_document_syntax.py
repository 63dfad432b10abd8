"""document syntax: the syntax a document was imported with (plain or markdown), which its re-parses need

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 18:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Not in batch mode: on SQLite a batch rebuilds the table, and dropping the old `document` table would cascade
# to every paragraph; SQLite (3.35+) adds and drops a column in place.


def upgrade() -> None:
    op.add_column("document", sa.Column("syntax", sa.String(length=20), nullable=False, server_default="plain"))


def downgrade() -> None:
    op.drop_column("document", "syntax")
