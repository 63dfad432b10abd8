"""block sets: bracket sets over whole paragraphs (a block bracket, labelled options); how `[9]` reads

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Plain columns added in place (a batch rebuild of `bracket_set` or `alternative` would cascade to positions).


def upgrade() -> None:
    op.add_column("bracket_set", sa.Column("scope", sa.String(length=20), nullable=False, server_default="inline"))
    op.add_column("alternative", sa.Column("first_paragraph_id", sa.Integer(), nullable=True))
    op.add_column("alternative", sa.Column("last_paragraph_id", sa.Integer(), nullable=True))
    op.add_column(
        "document", sa.Column("bare_numbers", sa.String(length=20), nullable=False, server_default="negotiable")
    )


def downgrade() -> None:
    op.drop_column("document", "bare_numbers")
    op.drop_column("alternative", "last_paragraph_id")
    op.drop_column("alternative", "first_paragraph_id")
    op.drop_column("bracket_set", "scope")
