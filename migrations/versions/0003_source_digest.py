"""papers.source_digest: the digest of the source line a paper was last read from.

Revision ID: 0003
Revises: 0002
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# A re-run of a metadata snapshot finds most lines byte for byte as they were: with the line's
# digest stored, such a line is known unchanged without parsing it. NULL for papers read from
# sources that are not read line by line (listings, Atom feeds, the digest).


def upgrade() -> None:
    op.add_column('papers', sa.Column('source_digest', sa.String(length=40), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+): a batch table copy would break the views that read papers.
    op.execute("ALTER TABLE papers DROP COLUMN source_digest")
