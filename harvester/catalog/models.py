"""The catalog schema as SQLAlchemy models. Alembic migrations (top-level migrations/) create and change it.

Portable on purpose: the same models run on SQLite and PostgreSQL. Owner/name and
dataset names are matched through lowercased key columns with unique constraints,
so duplicates are impossible whatever case a text uses.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


# Link tables are keyed by their primary key alone: SQLite stores them clustered on it
# (WITHOUT ROWID), one b-tree less to update per row on a whole-arXiv load.
CLUSTERED = {"sqlite_with_rowid": False}


class Run(Base):
    """One `harvest run` over one source."""

    __tablename__ = "runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    format: Mapped[str | None] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16))  # running | completed | interrupted | failed
    papers_seen: Mapped[int] = mapped_column(Integer, default=0)
    papers_new: Mapped[int] = mapped_column(Integer, default=0)
    papers_updated: Mapped[int] = mapped_column(Integer, default=0)
    papers_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    problems: Mapped[int] = mapped_column(Integer, default=0)
    tool_version: Mapped[str] = mapped_column(String(32))


class Paper(Base):
    __tablename__ = "papers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    arxiv_id: Mapped[str] = mapped_column(String(64), unique=True)
    version: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    abstract: Mapped[str] = mapped_column(Text)
    comments: Mapped[str | None] = mapped_column(Text)
    doi: Mapped[str | None] = mapped_column(Text)
    journal_ref: Mapped[str | None] = mapped_column(Text)
    abs_url: Mapped[str] = mapped_column(Text)
    pdf_url: Mapped[str] = mapped_column(Text)
    primary_category: Mapped[str | None] = mapped_column(String(64), index=True)
    listing_date: Mapped[date | None] = mapped_column(Date, index=True)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    updated: Mapped[date | None] = mapped_column(Date)
    content_hash: Mapped[str] = mapped_column(String(40))  # skip unchanged papers on re-runs
    source_digest: Mapped[str | None] = mapped_column(String(40))  # skip unchanged snapshot lines unparsed
    first_run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))
    last_run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))


class RunPaper(Base):
    """Which run saw which paper, and what it did with it."""

    __tablename__ = "run_papers"
    __table_args__ = (CLUSTERED,)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True, index=True)
    change: Mapped[str] = mapped_column(String(16))  # new | updated | unchanged | older


class Author(Base):
    __tablename__ = "authors"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(512), unique=True)


class PaperAuthor(Base):
    __tablename__ = "paper_authors"
    __table_args__ = (CLUSTERED,)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"), index=True)


class Category(Base):
    __tablename__ = "categories"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)


class PaperCategory(Base):
    __tablename__ = "paper_categories"
    __table_args__ = (CLUSTERED,)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), primary_key=True, index=True)
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)


class Repository(Base):
    """A code repository, one row across all papers; its current availability status lives here."""

    __tablename__ = "repositories"
    __table_args__ = (UniqueConstraint("forge", "owner_key", "name_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forge: Mapped[str] = mapped_column(String(32))
    owner: Mapped[str] = mapped_column(String(255))  # display case, as first seen
    name: Mapped[str] = mapped_column(String(255))
    owner_key: Mapped[str] = mapped_column(String(255))  # lowercased, for matching
    name_key: Mapped[str] = mapped_column(String(255))
    url: Mapped[str] = mapped_column(Text)
    # current status (see check/status.py): unknown never overwrites a definite one
    status: Mapped[str | None] = mapped_column(String(16), index=True)
    status_detail: Mapped[str | None] = mapped_column(Text)
    http_status: Mapped[int | None] = mapped_column(Integer)
    checked_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    moved_to_id: Mapped[int | None] = mapped_column(ForeignKey("repositories.id", ondelete="SET NULL"))
    etag: Mapped[str | None] = mapped_column(String(255))
    stars: Mapped[int | None] = mapped_column(Integer)
    pushed_at: Mapped[datetime | None] = mapped_column(DateTime)
    license_spdx: Mapped[str | None] = mapped_column(String(64))
    # a check worker's lease on this repository (distributed checking)
    lease_owner: Mapped[str | None] = mapped_column(String(128))
    lease_expires: Mapped[datetime | None] = mapped_column(DateTime, index=True)


class RepoCheck(Base):
    """Check history: one row per probe of a repository."""

    __tablename__ = "repo_checks"
    __table_args__ = (Index("ix_repo_checks_repo_time", "repository_id", "checked_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    repository_id: Mapped[int] = mapped_column(ForeignKey("repositories.id", ondelete="CASCADE"))
    checked_at: Mapped[datetime] = mapped_column(DateTime)
    method: Mapped[str] = mapped_column(String(16))
    http_status: Mapped[int | None] = mapped_column(Integer)
    latency_ms: Mapped[float | None] = mapped_column(Float)
    result: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(String(255))
    moved_to: Mapped[str | None] = mapped_column(Text)
    worker: Mapped[str | None] = mapped_column(String(128))


class Link(Base):
    """A URL found in a paper's title, abstract or comments; offsets index that field as stored."""

    __tablename__ = "links"
    __table_args__ = (UniqueConstraint("paper_id", "field", "start_offset"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(16))
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)
    raw: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text)
    host: Mapped[str | None] = mapped_column(String(255), index=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    repository_id: Mapped[int | None] = mapped_column(ForeignKey("repositories.id"), index=True)
    link_status: Mapped[str | None] = mapped_column(String(16))
    evidence: Mapped[str] = mapped_column(Text)


class PaperRepo(Base):
    __tablename__ = "paper_repos"
    __table_args__ = (CLUSTERED,)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True)
    repository_id: Mapped[int] = mapped_column(ForeignKey("repositories.id"), primary_key=True, index=True)
    link_status: Mapped[str] = mapped_column(String(16))  # released | promised
    evidence: Mapped[str] = mapped_column(Text)


class CodePromise(Base):
    """Code promised with no link given."""

    __tablename__ = "code_promises"
    __table_args__ = (UniqueConstraint("paper_id", "field", "start_offset"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(16))
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)
    evidence: Mapped[str] = mapped_column(Text)


class Dataset(Base):
    __tablename__ = "datasets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(255))  # canonical
    name_key: Mapped[str] = mapped_column(String(255), unique=True)
    known: Mapped[bool] = mapped_column(Boolean, default=False)  # in the gazetteer


class DatasetAlias(Base):
    __tablename__ = "dataset_aliases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(255))
    alias_key: Mapped[str] = mapped_column(String(255), unique=True)


class PaperDataset(Base):
    __tablename__ = "paper_datasets"
    __table_args__ = (CLUSTERED,)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(16), index=True)  # introduced | used
    mention: Mapped[str] = mapped_column(String(255))  # the name as the paper wrote it
    evidence: Mapped[str] = mapped_column(Text)


class Audit(Base):
    """One reproducibility audit of a repository (history kept)."""

    __tablename__ = "audits"
    __table_args__ = (Index("ix_audits_repo_time", "repository_id", "audited_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    repository_id: Mapped[int] = mapped_column(ForeignKey("repositories.id", ondelete="CASCADE"))
    audited_at: Mapped[datetime] = mapped_column(DateTime)
    method: Mapped[str] = mapped_column(String(16))  # api | git
    commit_sha: Mapped[str | None] = mapped_column(String(64))
    repo_status: Mapped[str | None] = mapped_column(String(16))  # the status the audit was made under
    score: Mapped[int | None] = mapped_column(Integer)
    dependencies: Mapped[bool | None] = mapped_column(Boolean)
    training: Mapped[bool | None] = mapped_column(Boolean)
    evaluation: Mapped[bool | None] = mapped_column(Boolean)
    pretrained: Mapped[bool | None] = mapped_column(Boolean)
    results: Mapped[bool | None] = mapped_column(Boolean)
    license: Mapped[str | None] = mapped_column(String(64))
    placeholder: Mapped[bool | None] = mapped_column(Boolean)
    cites_paper: Mapped[bool | None] = mapped_column(Boolean)
    cites_arxiv_id: Mapped[str | None] = mapped_column(String(64))
    last_commit_at: Mapped[datetime | None] = mapped_column(DateTime)
    archived: Mapped[bool | None] = mapped_column(Boolean)
    evidence: Mapped[str | None] = mapped_column(Text)  # JSON: item -> evidence line / paths
    error: Mapped[str | None] = mapped_column(Text)  # why the audit could not be made


class ArchiveCheck(Base):
    """Software Heritage and Wayback Machine answers for a dead repository."""

    __tablename__ = "archive_checks"
    __table_args__ = (Index("ix_archive_checks_repo_time", "repository_id", "checked_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    repository_id: Mapped[int] = mapped_column(ForeignKey("repositories.id", ondelete="CASCADE"))
    checked_at: Mapped[datetime] = mapped_column(DateTime)
    swh_archived: Mapped[bool | None] = mapped_column(Boolean)  # None: no answer
    swh_last_visit: Mapped[datetime | None] = mapped_column(DateTime)
    swh_snapshot: Mapped[str | None] = mapped_column(String(64))
    wayback_url: Mapped[str | None] = mapped_column(Text)
    wayback_timestamp: Mapped[datetime | None] = mapped_column(DateTime)
    detail: Mapped[str | None] = mapped_column(Text)
