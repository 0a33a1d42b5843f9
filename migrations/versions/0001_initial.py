"""Initial catalog: papers, links, repositories, datasets, checks, audits, archives, and the public views.

Revision ID: 0001
Revises: 
Create Date: 2026-11-26 06:44:56.143968
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


# The public SQL interface. Frozen here: a later change to a view is a new migration.
VIEWS = {
    "v_paper_repos": """
        SELECT p.arxiv_id, p.title, r.forge, r.owner, r.name, r.url AS repo_url, pr.link_status
        FROM paper_repos pr
        JOIN papers p ON p.id = pr.paper_id
        JOIN repositories r ON r.id = pr.repository_id""",
    "v_paper_datasets": """
        SELECT p.arxiv_id, p.title, d.name AS dataset, pd.role, pd.evidence
        FROM paper_datasets pd
        JOIN papers p ON p.id = pd.paper_id
        JOIN datasets d ON d.id = pd.dataset_id""",
    "v_code_promises": """
        SELECT p.arxiv_id, p.title, cp.evidence
        FROM code_promises cp
        JOIN papers p ON p.id = cp.paper_id""",
    "v_repo_status": """
        SELECT r.forge, r.owner, r.name, r.url AS repo_url, r.status, r.status_detail AS detail,
               r.http_status, m.url AS moved_to, r.checked_at
        FROM repositories r
        LEFT JOIN repositories m ON m.id = r.moved_to_id""",
    "v_repo_audit": """
        SELECT r.forge, r.owner, r.name, r.url AS repo_url, a.audited_at, a.score,
               a.dependencies, a.training, a.evaluation, a.pretrained, a.results,
               a.license, a.placeholder, a.cites_paper, a.last_commit_at
        FROM audits a
        JOIN repositories r ON r.id = a.repository_id
        WHERE a.id = (SELECT MAX(a2.id) FROM audits a2 WHERE a2.repository_id = a.repository_id)""",
    "v_repo_archive": """
        SELECT r.forge, r.owner, r.name, r.url AS repo_url, r.status, ac.swh_archived,
               ac.swh_last_visit, ac.wayback_url, ac.wayback_timestamp, ac.checked_at
        FROM archive_checks ac
        JOIN repositories r ON r.id = ac.repository_id
        WHERE ac.id = (SELECT MAX(a2.id) FROM archive_checks a2 WHERE a2.repository_id = ac.repository_id)""",
}


def upgrade() -> None:
    op.create_table('authors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=512), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('categories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('datasets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('name_key', sa.String(length=255), nullable=False),
    sa.Column('known', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name_key')
    )
    op.create_table('repositories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forge', sa.String(length=32), nullable=False),
    sa.Column('owner', sa.String(length=255), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('owner_key', sa.String(length=255), nullable=False),
    sa.Column('name_key', sa.String(length=255), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=True),
    sa.Column('status_detail', sa.Text(), nullable=True),
    sa.Column('http_status', sa.Integer(), nullable=True),
    sa.Column('checked_at', sa.DateTime(), nullable=True),
    sa.Column('moved_to_id', sa.Integer(), nullable=True),
    sa.Column('etag', sa.String(length=255), nullable=True),
    sa.Column('stars', sa.Integer(), nullable=True),
    sa.Column('pushed_at', sa.DateTime(), nullable=True),
    sa.Column('license_spdx', sa.String(length=64), nullable=True),
    sa.Column('lease_owner', sa.String(length=128), nullable=True),
    sa.Column('lease_expires', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['moved_to_id'], ['repositories.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('forge', 'owner_key', 'name_key')
    )
    with op.batch_alter_table('repositories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_repositories_checked_at'), ['checked_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_repositories_lease_expires'), ['lease_expires'], unique=False)
        batch_op.create_index(batch_op.f('ix_repositories_status'), ['status'], unique=False)

    op.create_table('runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('source_sha256', sa.String(length=64), nullable=True),
    sa.Column('format', sa.String(length=16), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('papers_seen', sa.Integer(), nullable=False),
    sa.Column('papers_new', sa.Integer(), nullable=False),
    sa.Column('papers_updated', sa.Integer(), nullable=False),
    sa.Column('papers_unchanged', sa.Integer(), nullable=False),
    sa.Column('problems', sa.Integer(), nullable=False),
    sa.Column('tool_version', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('archive_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('repository_id', sa.Integer(), nullable=False),
    sa.Column('checked_at', sa.DateTime(), nullable=False),
    sa.Column('swh_archived', sa.Boolean(), nullable=True),
    sa.Column('swh_last_visit', sa.DateTime(), nullable=True),
    sa.Column('swh_snapshot', sa.String(length=64), nullable=True),
    sa.Column('wayback_url', sa.Text(), nullable=True),
    sa.Column('wayback_timestamp', sa.DateTime(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['repository_id'], ['repositories.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('archive_checks', schema=None) as batch_op:
        batch_op.create_index('ix_archive_checks_repo_time', ['repository_id', 'checked_at'], unique=False)

    op.create_table('audits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('repository_id', sa.Integer(), nullable=False),
    sa.Column('audited_at', sa.DateTime(), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('commit_sha', sa.String(length=64), nullable=True),
    sa.Column('repo_status', sa.String(length=16), nullable=True),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('dependencies', sa.Boolean(), nullable=True),
    sa.Column('training', sa.Boolean(), nullable=True),
    sa.Column('evaluation', sa.Boolean(), nullable=True),
    sa.Column('pretrained', sa.Boolean(), nullable=True),
    sa.Column('results', sa.Boolean(), nullable=True),
    sa.Column('license', sa.String(length=64), nullable=True),
    sa.Column('placeholder', sa.Boolean(), nullable=True),
    sa.Column('cites_paper', sa.Boolean(), nullable=True),
    sa.Column('cites_arxiv_id', sa.String(length=64), nullable=True),
    sa.Column('last_commit_at', sa.DateTime(), nullable=True),
    sa.Column('archived', sa.Boolean(), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['repository_id'], ['repositories.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audits', schema=None) as batch_op:
        batch_op.create_index('ix_audits_repo_time', ['repository_id', 'audited_at'], unique=False)

    op.create_table('dataset_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dataset_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.String(length=255), nullable=False),
    sa.Column('alias_key', sa.String(length=255), nullable=False),
    sa.ForeignKeyConstraint(['dataset_id'], ['datasets.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('alias_key')
    )
    with op.batch_alter_table('dataset_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dataset_aliases_dataset_id'), ['dataset_id'], unique=False)

    op.create_table('papers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('arxiv_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=True),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('abstract', sa.Text(), nullable=False),
    sa.Column('comments', sa.Text(), nullable=True),
    sa.Column('doi', sa.Text(), nullable=True),
    sa.Column('journal_ref', sa.Text(), nullable=True),
    sa.Column('abs_url', sa.Text(), nullable=False),
    sa.Column('pdf_url', sa.Text(), nullable=False),
    sa.Column('primary_category', sa.String(length=64), nullable=True),
    sa.Column('listing_date', sa.Date(), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('updated', sa.Date(), nullable=True),
    sa.Column('content_hash', sa.String(length=40), nullable=False),
    sa.Column('first_run_id', sa.Integer(), nullable=True),
    sa.Column('last_run_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['first_run_id'], ['runs.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['last_run_id'], ['runs.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('arxiv_id')
    )
    with op.batch_alter_table('papers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_papers_listing_date'), ['listing_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_papers_primary_category'), ['primary_category'], unique=False)
        batch_op.create_index(batch_op.f('ix_papers_published'), ['published'], unique=False)

    op.create_table('repo_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('repository_id', sa.Integer(), nullable=False),
    sa.Column('checked_at', sa.DateTime(), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('http_status', sa.Integer(), nullable=True),
    sa.Column('latency_ms', sa.Float(), nullable=True),
    sa.Column('result', sa.String(length=16), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('etag', sa.String(length=255), nullable=True),
    sa.Column('moved_to', sa.Text(), nullable=True),
    sa.Column('worker', sa.String(length=128), nullable=True),
    sa.ForeignKeyConstraint(['repository_id'], ['repositories.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('repo_checks', schema=None) as batch_op:
        batch_op.create_index('ix_repo_checks_repo_time', ['repository_id', 'checked_at'], unique=False)

    op.create_table('code_promises',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('paper_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=16), nullable=False),
    sa.Column('start_offset', sa.Integer(), nullable=False),
    sa.Column('end_offset', sa.Integer(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['paper_id'], ['papers.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('paper_id', 'field', 'start_offset')
    )
    op.create_table('links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('paper_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=16), nullable=False),
    sa.Column('start_offset', sa.Integer(), nullable=False),
    sa.Column('end_offset', sa.Integer(), nullable=False),
    sa.Column('raw', sa.Text(), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('host', sa.String(length=255), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('repository_id', sa.Integer(), nullable=True),
    sa.Column('link_status', sa.String(length=16), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['paper_id'], ['papers.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['repository_id'], ['repositories.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('paper_id', 'field', 'start_offset')
    )
    with op.batch_alter_table('links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_links_host'), ['host'], unique=False)
        batch_op.create_index(batch_op.f('ix_links_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_links_repository_id'), ['repository_id'], unique=False)

    op.create_table('paper_authors',
    sa.Column('paper_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['authors.id'], ),
    sa.ForeignKeyConstraint(['paper_id'], ['papers.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('paper_id', 'position'),
    sqlite_with_rowid=False,
    )
    with op.batch_alter_table('paper_authors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paper_authors_author_id'), ['author_id'], unique=False)

    op.create_table('paper_categories',
    sa.Column('paper_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('is_primary', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], ),
    sa.ForeignKeyConstraint(['paper_id'], ['papers.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('paper_id', 'category_id'),
    sqlite_with_rowid=False,
    )
    with op.batch_alter_table('paper_categories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paper_categories_category_id'), ['category_id'], unique=False)

    op.create_table('paper_datasets',
    sa.Column('paper_id', sa.Integer(), nullable=False),
    sa.Column('dataset_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('mention', sa.String(length=255), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['dataset_id'], ['datasets.id'], ),
    sa.ForeignKeyConstraint(['paper_id'], ['papers.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('paper_id', 'dataset_id'),
    sqlite_with_rowid=False,
    )
    with op.batch_alter_table('paper_datasets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paper_datasets_dataset_id'), ['dataset_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_paper_datasets_role'), ['role'], unique=False)

    op.create_table('paper_repos',
    sa.Column('paper_id', sa.Integer(), nullable=False),
    sa.Column('repository_id', sa.Integer(), nullable=False),
    sa.Column('link_status', sa.String(length=16), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['paper_id'], ['papers.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['repository_id'], ['repositories.id'], ),
    sa.PrimaryKeyConstraint('paper_id', 'repository_id'),
    sqlite_with_rowid=False,
    )
    with op.batch_alter_table('paper_repos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paper_repos_repository_id'), ['repository_id'], unique=False)

    op.create_table('run_papers',
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('paper_id', sa.Integer(), nullable=False),
    sa.Column('change', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['paper_id'], ['papers.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('run_id', 'paper_id'),
    sqlite_with_rowid=False,
    )
    with op.batch_alter_table('run_papers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_run_papers_paper_id'), ['paper_id'], unique=False)
    for name, body in VIEWS.items():
        op.execute(f"CREATE VIEW {name} AS {body}")


def downgrade() -> None:
    for name in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {name}")
    with op.batch_alter_table('run_papers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_run_papers_paper_id'))

    op.drop_table('run_papers')
    with op.batch_alter_table('paper_repos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_paper_repos_repository_id'))

    op.drop_table('paper_repos')
    with op.batch_alter_table('paper_datasets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_paper_datasets_role'))
        batch_op.drop_index(batch_op.f('ix_paper_datasets_dataset_id'))

    op.drop_table('paper_datasets')
    with op.batch_alter_table('paper_categories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_paper_categories_category_id'))

    op.drop_table('paper_categories')
    with op.batch_alter_table('paper_authors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_paper_authors_author_id'))

    op.drop_table('paper_authors')
    with op.batch_alter_table('links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_links_repository_id'))
        batch_op.drop_index(batch_op.f('ix_links_kind'))
        batch_op.drop_index(batch_op.f('ix_links_host'))

    op.drop_table('links')
    op.drop_table('code_promises')
    with op.batch_alter_table('repo_checks', schema=None) as batch_op:
        batch_op.drop_index('ix_repo_checks_repo_time')

    op.drop_table('repo_checks')
    with op.batch_alter_table('papers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_papers_published'))
        batch_op.drop_index(batch_op.f('ix_papers_primary_category'))
        batch_op.drop_index(batch_op.f('ix_papers_listing_date'))

    op.drop_table('papers')
    with op.batch_alter_table('dataset_aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dataset_aliases_dataset_id'))

    op.drop_table('dataset_aliases')
    with op.batch_alter_table('audits', schema=None) as batch_op:
        batch_op.drop_index('ix_audits_repo_time')

    op.drop_table('audits')
    with op.batch_alter_table('archive_checks', schema=None) as batch_op:
        batch_op.drop_index('ix_archive_checks_repo_time')

    op.drop_table('archive_checks')
    op.drop_table('runs')
    with op.batch_alter_table('repositories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_repositories_status'))
        batch_op.drop_index(batch_op.f('ix_repositories_lease_expires'))
        batch_op.drop_index(batch_op.f('ix_repositories_checked_at'))

    op.drop_table('repositories')
    op.drop_table('datasets')
    op.drop_table('categories')
    op.drop_table('authors')
