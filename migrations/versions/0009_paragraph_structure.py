"""paragraph structure: paragraphs leave the live text (retired) and keep their lineage; sets can be dropped

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Plain columns without foreign keys, added in place (a batch rebuild of `paragraph` would cascade to its sets).


def upgrade() -> None:
    op.add_column("paragraph", sa.Column("retired_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.add_column("paragraph", sa.Column("derived_from_id", sa.Integer(), nullable=True))
    op.add_column("paragraph", sa.Column("merged_into_id", sa.Integer(), nullable=True))
    op.add_column("bracket_set", sa.Column("ended_in_revision", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("bracket_set", "ended_in_revision")
    op.drop_column("paragraph", "merged_into_id")
    op.drop_column("paragraph", "derived_from_id")
    op.drop_column("paragraph", "retired_at")
