"""block alternatives indexed by their first paragraph: a paragraph's view finds the sets over whole paragraphs
that begin with it without reading every set of the document

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 06:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_alternative_first_paragraph_id"), "alternative", ["first_paragraph_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_alternative_first_paragraph_id"), table_name="alternative")
