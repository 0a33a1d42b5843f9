"""Writing papers and their findings: batched, idempotent, one transaction per batch.

A batch is all-or-nothing, so an interrupted run never leaves a paper without its
links; a paper whose content hash did not change is not touched again, so a re-run
of the same input writes nothing but the run's own bookkeeping.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, datetime, timezone

from sqlalchemy import Connection, Engine, Table, delete, func, select, text
from sqlalchemy.dialects import postgresql, sqlite

from harvester.catalog import models
from harvester.extract import EXTRACTOR_VERSION, extract
from harvester.extract.findings import Findings, RepoRef
from harvester.records import PaperRecord

PAPERS: Table = models.Paper.__table__
LINKS: Table = models.Link.__table__
REPOS: Table = models.Repository.__table__
PAPER_REPOS: Table = models.PaperRepo.__table__
PROMISES: Table = models.CodePromise.__table__
DATASETS: Table = models.Dataset.__table__
ALIASES: Table = models.DatasetAlias.__table__
PAPER_DATASETS: Table = models.PaperDataset.__table__
AUTHORS: Table = models.Author.__table__
PAPER_AUTHORS: Table = models.PaperAuthor.__table__
CATEGORIES: Table = models.Category.__table__
PAPER_CATEGORIES: Table = models.PaperCategory.__table__
RUN_PAPERS: Table = models.RunPaper.__table__

# Tables holding what was derived from a paper's content; rewritten when the content changes.
_DERIVED = (LINKS, PAPER_REPOS, PROMISES, PAPER_DATASETS, PAPER_AUTHORS, PAPER_CATEGORIES)
_CACHE_LIMIT = 200_000  # entries per id cache: bounds memory on a whole-arXiv run
_EVIDENCE_LIMIT = 2000  # characters: a sentence without full stops can be a whole 10 MB line


def _clip(evidence: str) -> str:
    return evidence if len(evidence) <= _EVIDENCE_LIMIT else evidence[: _EVIDENCE_LIMIT - 1] + "…"


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def name_key(name: str) -> str:
    """How names match: case-insensitive, spacing-insensitive."""
    return " ".join(name.lower().split())


def content_hash(record: PaperRecord) -> str:
    """Everything extraction and storage depend on; a change re-extracts the paper."""
    parts = (
        EXTRACTOR_VERSION, record.arxiv_id, str(record.version), record.title, record.abstract,
        record.comments or "", "\x1f".join(record.authors), " ".join(record.categories),
        _day_text(record.listing_date), _day_text(record.published), _day_text(record.updated),
        record.doi or "", record.journal_ref or "",
    )
    return hashlib.sha1("\x1e".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


# str() of a date costs a third of a microsecond, and a catalog's papers share a few thousand days.
_formatted_day = lru_cache(maxsize=4096)(str)


def _day_text(day: date | None) -> str:
    """str(day), as content_hash has always written it. Only plain dates are looked up: equal
    aware datetimes can be written differently."""
    return _formatted_day(day) if type(day) is date else str(day)


def insert_ignore(conn: Connection, table: Table, rows: Sequence[dict]) -> None:
    """INSERT rows, skipping those that would break a unique constraint (SQLite and PostgreSQL)."""
    if not rows:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(dialect.insert(table).on_conflict_do_nothing(), list(rows))


def bulk_insert(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[tuple], ignore: bool = False) -> None:
    """Plain DBAPI executemany of tuples: the hot path of a whole-arXiv run, where building
    SQLAlchemy parameters per row costs more than SQLite's own insert."""
    if not rows:
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
    conn.exec_driver_sql(sql + (" ON CONFLICT DO NOTHING" if ignore else ""), list(rows))


@dataclass
class BatchCounts:
    seen: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    links: int = 0
    repositories: int = 0
    datasets: int = 0
    introduced: int = 0
    promises: int = 0

    def add(self, other: BatchCounts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(slots=True)
class PlannedPaper:
    """A paper of a batch and what to do with it: write it (with what extraction found) or leave it."""

    record: PaperRecord
    digest: str
    change: str  # new | updated | unchanged | older
    findings: Findings | None = None  # set for new and updated papers
    paper_id: int | None = None

    @property
    def pending(self) -> bool:
        return self.findings is not None


def read_stored(conn: Connection, arxiv_ids: list[str]) -> dict[str, tuple[int, str, int | None]]:
    """arxiv_id -> (paper id, content hash, version) of the papers already in the catalog."""
    query = select(PAPERS.c.arxiv_id, PAPERS.c.id, PAPERS.c.content_hash, PAPERS.c.version).where(
        PAPERS.c.arxiv_id.in_(arxiv_ids)
    )
    return {row.arxiv_id: (row.id, row.content_hash, row.version) for row in conn.execute(query)}


def _decide(record: PaperRecord, digest: str, known: tuple[int, str, int | None] | None) -> str:
    if known is None:
        return "new"
    if known[1] == digest:
        return "unchanged"
    if _is_older(record.version, known[2]):
        return "older"  # an old version never replaces a newer one
    return "updated"


def plan_batch(engine: Engine, records: Sequence[PaperRecord]) -> list[PlannedPaper]:
    """Decide each paper's fate against the catalog and extract the ones to write.

    Pure reading and CPU work outside any write transaction, so it can run in another
    process while the previous batch is being written."""
    latest = {r.arxiv_id: r for r in records}  # the same paper twice in a batch: last wins
    with engine.connect() as conn:
        stored = read_stored(conn, list(latest))
    planned = []
    for arxiv_id, record in latest.items():
        known = stored.get(arxiv_id)
        digest = content_hash(record)
        change = _decide(record, digest, known)
        paper = PlannedPaper(record, digest, change, paper_id=known[0] if known else None)
        if change in ("new", "updated"):
            paper.findings = extract(record.abstract, record.comments, record.title)
        planned.append(paper)
    return planned


class _IdCache:
    """key -> id for rows shared across papers (repositories, datasets, authors, categories)."""

    def __init__(self) -> None:
        self.ids: dict = {}

    def missing(self, keys: Iterable) -> list:
        return [k for k in dict.fromkeys(keys) if k not in self.ids]

    def update(self, found: dict) -> None:
        if len(self.ids) + len(found) > _CACHE_LIMIT:
            self.ids.clear()
        self.ids.update(found)


@dataclass
class CatalogWriter:
    """Writes batches of paper records for one run."""

    engine: Engine
    run_id: int
    _repos: _IdCache = field(default_factory=_IdCache)
    _datasets: _IdCache = field(default_factory=_IdCache)
    _authors: _IdCache = field(default_factory=_IdCache)
    _categories: _IdCache = field(default_factory=_IdCache)

    def write(self, records: Sequence[PaperRecord]) -> BatchCounts:
        """Plan and write one batch."""
        return self.write_planned(plan_batch(self.engine, records))

    def write_planned(self, planned: list[PlannedPaper]) -> BatchCounts:
        """Write one planned batch in one transaction; returns what changed."""
        with self.engine.begin() as conn:
            self._reconcile(conn, planned)
            pending = [p for p in planned if p.pending]
            rows = {}
            if pending:
                self._write_papers(conn, pending)
                rows = self._write_findings(conn, pending)
            bulk_insert(conn, RUN_PAPERS, ("run_id", "paper_id", "change"),
                        [(self.run_id, p.paper_id, p.change) for p in planned], ignore=True)
        return _count(planned, rows)

    def _reconcile(self, conn: Connection, planned: list[PlannedPaper]) -> None:
        """Re-decide under the write lock: another process may have written some papers since planning."""
        stored = read_stored(conn, [p.record.arxiv_id for p in planned])
        for p in planned:
            known = stored.get(p.record.arxiv_id)
            p.paper_id = known[0] if known else None
            change = _decide(p.record, p.digest, known)
            if change == p.change or (p.pending and change in ("new", "updated")):
                p.change = change
                continue
            p.change = change
            if change in ("unchanged", "older"):
                p.findings = None
            else:
                p.findings = extract(p.record.abstract, p.record.comments, p.record.title)

    def _write_papers(self, conn: Connection, pending: list[PlannedPaper]) -> None:
        fresh = [p for p in pending if p.change == "new"]
        if fresh:
            # Ids chosen up front, so no second query is needed to learn them.
            for p, paper_id in zip(fresh, _reserve_paper_ids(conn, len(fresh))):
                p.paper_id = paper_id
            bulk_insert(conn, PAPERS, ("id", *_PAPER_COLUMNS, "first_run_id"),
                        [(p.paper_id, *_paper_values(p, self.run_id), self.run_id) for p in fresh])
        rewritten = [p for p in pending if p.change == "updated"]
        if rewritten:
            mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
            assignments = ", ".join(f"{column} = {mark}" for column in _PAPER_COLUMNS)
            conn.exec_driver_sql(f"UPDATE papers SET {assignments} WHERE id = {mark}",
                                 [(*_paper_values(p, self.run_id), p.paper_id) for p in rewritten])
            paper_ids = [p.paper_id for p in rewritten]
            for table in _DERIVED:
                conn.execute(delete(table).where(table.c.paper_id.in_(paper_ids)))

    def _write_findings(self, conn: Connection, pending: list[PlannedPaper]) -> dict[Table, list[tuple]]:
        repo_ids = self._repository_ids(conn, [link.repo for p in pending for link in p.findings.links if link.repo])
        dataset_ids = self._dataset_ids(conn, pending)
        author_ids = self._simple_ids(conn, AUTHORS, "name", self._authors,
                                      [a[:512] for p in pending for a in p.record.authors])
        category_ids = self._simple_ids(conn, CATEGORIES, "code", self._categories,
                                        [c for p in pending for c in p.record.categories])
        rows: dict[Table, list[tuple]] = {t: [] for t in _DERIVED}
        for p in pending:
            _link_rows(p, repo_ids, rows)
            _dataset_rows(p, dataset_ids, rows)
            _people_rows(p, author_ids, category_ids, rows)
        for table, table_rows in rows.items():
            bulk_insert(conn, table, _COLUMNS[table], table_rows)
        return rows

    def _repository_ids(self, conn: Connection, refs: list[RepoRef]) -> dict[tuple, int]:
        first_seen: dict[tuple, RepoRef] = {}
        for ref in refs:  # input order, so ids and display case follow first appearance
            first_seen.setdefault(ref.key, ref)
        missing = self._repos.missing(first_seen)
        if missing:
            insert_ignore(conn, REPOS, [
                {"forge": k[0], "owner": first_seen[k].owner, "name": first_seen[k].name,
                 "owner_key": k[1], "name_key": k[2], "url": first_seen[k].url}
                for k in missing
            ])
            query = select(REPOS.c.id, REPOS.c.forge, REPOS.c.owner_key, REPOS.c.name_key).where(
                REPOS.c.name_key.in_({k[2] for k in missing})
            )
            wanted = set(missing)
            self._repos.update({key: row.id for row in conn.execute(query)
                                if (key := (row.forge, row.owner_key, row.name_key)) in wanted})
        return {k: self._repos.ids[k] for k in first_seen}

    def _dataset_ids(self, conn: Connection, pending: list[PlannedPaper]) -> dict[str, int]:
        mentions = {name_key(m.name): m for p in pending for m in p.findings.datasets}
        missing = self._datasets.missing(mentions)
        if missing:
            insert_ignore(conn, DATASETS, [
                {"name": mentions[k].name, "name_key": k, "known": mentions[k].known} for k in missing
            ])
            query = select(DATASETS.c.id, DATASETS.c.name_key).where(DATASETS.c.name_key.in_(missing))
            self._datasets.update({row.name_key: row.id for row in conn.execute(query)})
        aliases = {name_key(alias): (alias, self._datasets.ids[k])
                   for k, m in mentions.items() for alias in (m.surface, *m.aliases) if name_key(alias) != k}
        insert_ignore(conn, ALIASES, [
            {"dataset_id": dataset_id, "alias": alias, "alias_key": key} for key, (alias, dataset_id) in aliases.items()
        ])
        return {k: self._datasets.ids[k] for k in mentions}

    def _simple_ids(self, conn: Connection, table: Table, column: str, cache: _IdCache, values: list[str]) -> dict[str, int]:
        missing = cache.missing(values)
        if missing:
            bulk_insert(conn, table, (column,), [(v,) for v in missing], ignore=True)
            col = table.c[column]
            for chunk in _chunks(missing, 5000):
                cache.update({row[0]: row[1] for row in conn.execute(select(col, table.c.id).where(col.in_(chunk)))})
        ids = cache.ids
        return {v: ids[v] for v in values}


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _reserve_paper_ids(conn: Connection, count: int) -> list[int]:
    if conn.dialect.name == "postgresql":
        query = text("SELECT nextval(pg_get_serial_sequence('papers', 'id')) FROM generate_series(1, :n)")
        return list(conn.execute(query, {"n": count}).scalars())
    # SQLite: the transaction holds the database's write lock (BEGIN IMMEDIATE), so nobody else
    # can take these ids before it commits.
    first = (conn.execute(select(func.max(PAPERS.c.id))).scalar() or 0) + 1
    return list(range(first, first + count))


def _count(planned: list[PlannedPaper], rows: dict[Table, list[tuple]]) -> BatchCounts:
    changes = [p.change for p in planned]
    pending = [p.findings for p in planned if p.findings is not None]
    datasets = rows.get(PAPER_DATASETS, [])
    return BatchCounts(
        seen=len(planned), new=changes.count("new"), updated=changes.count("updated"),
        unchanged=changes.count("unchanged") + changes.count("older"),
        links=sum(len(f.links) for f in pending), promises=sum(len(f.promises) for f in pending),
        repositories=len(rows.get(PAPER_REPOS, [])), datasets=len(datasets),
        introduced=sum(1 for r in datasets if r[2] == "introduced"),
    )


def _is_older(incoming: int | None, stored: int | None) -> bool:
    return incoming is not None and stored is not None and incoming < stored


_PAPER_COLUMNS = (
    "arxiv_id", "version", "title", "abstract", "comments", "doi", "journal_ref", "abs_url", "pdf_url",
    "primary_category", "listing_date", "published", "updated", "content_hash", "last_run_id",
)
_COLUMNS: dict[Table, tuple[str, ...]] = {
    LINKS: ("paper_id", "field", "start_offset", "end_offset", "raw", "url", "host", "kind",
            "repository_id", "link_status", "evidence"),
    PAPER_REPOS: ("paper_id", "repository_id", "link_status", "evidence"),
    PROMISES: ("paper_id", "field", "start_offset", "end_offset", "evidence"),
    PAPER_DATASETS: ("paper_id", "dataset_id", "role", "mention", "evidence"),
    PAPER_AUTHORS: ("paper_id", "position", "author_id"),
    PAPER_CATEGORIES: ("paper_id", "category_id", "is_primary"),
}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _paper_values(p: PlannedPaper, run_id: int) -> tuple:
    r = p.record
    return (
        r.arxiv_id, r.version, r.title, r.abstract, r.comments, r.doi, r.journal_ref, r.abs_url, r.pdf_url,
        r.primary_category, _iso(r.listing_date), _iso(r.published), _iso(r.updated), p.digest, run_id,
    )


def _link_rows(p: PlannedPaper, repo_ids: dict[tuple, int], rows: dict[Table, list[tuple]]) -> None:
    seen_offsets = set()
    for link in p.findings.links:
        if (link.field, link.start) in seen_offsets:
            continue
        seen_offsets.add((link.field, link.start))
        rows[LINKS].append((
            p.paper_id, link.field, link.start, link.end, link.raw, link.url, _host(link.url), link.kind,
            repo_ids[link.repo.key] if link.repo else None, link.status, _clip(link.evidence),
        ))
    for key, link in p.findings.repositories.items():
        rows[PAPER_REPOS].append((p.paper_id, repo_ids[key], link.status or "released", _clip(link.evidence)))
    for promise in {(c.field, c.start): c for c in p.findings.promises}.values():
        rows[PROMISES].append((p.paper_id, promise.field, promise.start, promise.end, _clip(promise.evidence)))


def _dataset_rows(p: PlannedPaper, dataset_ids: dict[str, int], rows: dict[Table, list[tuple]]) -> None:
    strongest: dict[int, tuple] = {}
    for m in p.findings.datasets:
        dataset_id = dataset_ids[name_key(m.name)]
        row = strongest.get(dataset_id)
        if row is None or (row[2] == "used" and m.role == "introduced"):
            strongest[dataset_id] = (p.paper_id, dataset_id, m.role, m.surface[:255], _clip(m.evidence))
    rows[PAPER_DATASETS].extend(strongest.values())


def _people_rows(p: PlannedPaper, author_ids: dict, category_ids: dict, rows: dict[Table, list[tuple]]) -> None:
    rows[PAPER_AUTHORS].extend((p.paper_id, i, author_ids[a[:512]]) for i, a in enumerate(p.record.authors))
    rows[PAPER_CATEGORIES].extend(
        (p.paper_id, category_ids[c], i == 0) for i, c in enumerate(dict.fromkeys(p.record.categories))
    )


def _host(url: str) -> str | None:
    rest = url.split("://", 1)[-1]
    return rest.split("/", 1)[0].lower()[:255] or None
