"""Report views: one row per paper with its listing day, category and code status.

Revision ID: 0002
Revises: 0001
"""
from __future__ import annotations

from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# The report needs per-day and per-category counts, which the paper-level views of 0001 cannot give
# (they only list papers that have a repository, a promise or a dataset). `code` is the strongest
# claim a paper makes: a released link beats a promised one, which beats nothing.
VIEWS = {
    "v_papers": """
        SELECT p.arxiv_id, p.title, p.listing_date, p.published, p.primary_category,
               CASE
                   WHEN EXISTS (SELECT 1 FROM paper_repos pr
                                WHERE pr.paper_id = p.id AND pr.link_status = 'released') THEN 'released'
                   WHEN EXISTS (SELECT 1 FROM paper_repos pr WHERE pr.paper_id = p.id)
                        OR EXISTS (SELECT 1 FROM code_promises cp WHERE cp.paper_id = p.id) THEN 'promised'
                   ELSE 'none'
               END AS code
        FROM papers p""",
}


def upgrade() -> None:
    for name, body in VIEWS.items():
        op.execute(f"CREATE VIEW {name} AS {body}")


def downgrade() -> None:
    for name in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {name}")
