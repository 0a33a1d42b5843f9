"""Writing papers and their findings: batched, idempotent, one transaction per batch.

A batch is all-or-nothing, so an interrupted run never leaves a paper without its
links; a paper whose content hash did not change is not touched again, so a re-run
of the same input writes nothing but the run's own bookkeeping.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, datetime, timezone
from typing import NamedTuple

from sqlalchemy import Connection, CursorResult, Engine, Table, delete, func, select, text
from sqlalchemy.dialects import postgresql, sqlite

from harvester.catalog import models
from harvester.extract import EXTRACTOR_VERSION, extract
from harvester.extract.findings import Findings, RepoRef
from harvester.records import PaperRecord, UnchangedLine
from harvester.sources.common import KnownLines

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
_CACHE_LIMIT = 100_000  # entries per id cache: bounds memory (peak RSS < 300 MB) on a whole-arXiv run
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

    arxiv_id: str
    record: PaperRecord | None  # None for a source line known unchanged, which was never parsed
    digest: str  # content_hash of the record
    change: str  # new | updated | unchanged | older
    findings: Findings | None = None  # set for new and updated papers
    paper_id: int | None = None
    line_digest: str | None = None  # papers.source_digest for the line the record was read from
    stale_line: bool = False  # unchanged, but read from other bytes than the stored line digest says

    @property
    def pending(self) -> bool:
        return self.findings is not None

    @property
    def wanted(self) -> bool:
        """Whether the paper is to be written, so extraction must run on it."""
        return self.change in ("new", "updated") and self.record is not None

    def texts(self) -> tuple[str, str | None, str]:
        """What extraction reads of a wanted paper: its abstract, comments and title."""
        record = self.record
        assert record is not None, "only parsed papers are extracted"
        return record.abstract, record.comments, record.title


class Stored(NamedTuple):
    """What the catalog holds of a paper, to decide what to do with it again."""

    paper_id: int
    content_hash: str
    version: int | None
    source_digest: str | None


def select_where_in(conn: Connection, query: str, values: list) -> CursorResult:
    """Run `query`, which ends in "WHERE column", for the column among `values`.

    The values go as one parameter (a JSON array on SQLite, an array on PostgreSQL): asked for
    thousands of keys per batch, an IN list of as many parameters cost more than the lookup itself."""
    if conn.dialect.name == "sqlite":
        return conn.exec_driver_sql(f"{query} IN (SELECT value FROM json_each(?))", (json.dumps(values),))
    return conn.exec_driver_sql(f"{query} = ANY(%s)", (values,))


def read_stored(conn: Connection, arxiv_ids: list[str]) -> dict[str, Stored]:
    """arxiv_id -> what the catalog holds of each of these papers that it has."""
    query = "SELECT arxiv_id, id, content_hash, version, source_digest FROM papers WHERE arxiv_id"
    return {row[0]: Stored(*row[1:]) for row in select_where_in(conn, query, arxiv_ids)}


def stored_line_digest(line_digest: str | None) -> str | None:
    """papers.source_digest for a line: tied to the extractor, so that a new one reads every line again."""
    if line_digest is None:
        return None
    return hashlib.sha1(f"{EXTRACTOR_VERSION}\x1e{line_digest}".encode()).hexdigest()


def known_lines(engine: Engine) -> KnownLines:
    """The catalog's answer to a line-by-line reader: which of these lines its papers were last read from."""

    def known(line_digests: dict[str, str]) -> set[str]:
        query = "SELECT arxiv_id, source_digest FROM papers WHERE arxiv_id"
        with engine.connect() as conn:
            found = select_where_in(conn, query, list(line_digests)).all()
        return {arxiv_id for arxiv_id, stored in found if stored and stored == stored_line_digest(line_digests[arxiv_id])}

    return known


def _decide(record: PaperRecord, digest: str, known: Stored | None) -> str:
    if known is None:
        return "new"
    if known.content_hash == digest:
        return "unchanged"
    if _is_older(record.version, known.version):
        return "older"  # an old version never replaces a newer one
    return "updated"


def decide_batch(engine: Engine, items: Sequence[PaperRecord | UnchangedLine]) -> list[PlannedPaper]:
    """Each paper's fate against the catalog (new, updated, unchanged or older), without extracting.

    A read outside any write transaction, so it can run while another batch is being extracted."""
    latest = {item.arxiv_id: item for item in items}  # the same paper twice in a batch: last wins
    with engine.connect() as conn:
        stored = read_stored(conn, list(latest))
    return [_planned(item, stored.get(arxiv_id)) for arxiv_id, item in latest.items()]


def _planned(item: PaperRecord | UnchangedLine, known: Stored | None) -> PlannedPaper:
    paper_id = known.paper_id if known else None
    if isinstance(item, UnchangedLine):
        return PlannedPaper(item.arxiv_id, None, "", "unchanged", paper_id=paper_id)
    digest = content_hash(item)
    return PlannedPaper(item.arxiv_id, item, digest, _decide(item, digest, known), paper_id=paper_id,
                        line_digest=stored_line_digest(item.source_digest))


def plan_batch(engine: Engine, items: Sequence[PaperRecord | UnchangedLine]) -> list[PlannedPaper]:
    """decide_batch, then extraction of the papers to write, in this process."""
    planned = decide_batch(engine, items)
    for paper in planned:
        if paper.wanted:
            paper.findings = extract(*paper.texts())
    return planned


class _IdCache:
    """key -> id for rows shared across papers (repositories, datasets, authors, categories)."""

    def __init__(self) -> None:
        self.ids: dict = {}

    def missing(self, keys: Iterable) -> list:
        """The keys not cached; asked once per batch, before the batch's lookups fill the cache again.

        A full cache is emptied here, not while a batch is being resolved, which would drop ids
        that batch was counting on. It bounds memory on a whole-arXiv run (millions of authors)."""
        if len(self.ids) > _CACHE_LIMIT:
            self.ids.clear()
        return [k for k in dict.fromkeys(keys) if k not in self.ids]

    def update(self, found: dict) -> None:
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
            _refresh_line_digests(conn, [p for p in planned if p.stale_line])
            bulk_insert(conn, RUN_PAPERS, ("run_id", "paper_id", "change"),
                        [(self.run_id, p.paper_id, p.change) for p in planned if p.paper_id is not None], ignore=True)
        return _count(planned, rows)

    def _reconcile(self, conn: Connection, planned: list[PlannedPaper]) -> None:
        """Re-decide under the write lock: another process may have written some papers since planning.

        A line known unchanged stays so: it was, byte for byte, what the paper was last read from."""
        stored = read_stored(conn, [p.arxiv_id for p in planned])
        for p in planned:
            known = stored.get(p.arxiv_id)
            p.paper_id = known.paper_id if known else None
            if p.record is None:
                continue
            change = _decide(p.record, p.digest, known)
            p.stale_line = (change == "unchanged" and p.line_digest is not None and known is not None
                            and known.source_digest != p.line_digest)
            if change == p.change or (p.pending and change in ("new", "updated")):
                p.change = change
                continue
            p.change = change
            if change in ("unchanged", "older"):
                p.findings = None
            else:
                p.findings = extract(*p.texts())

    def _write_papers(self, conn: Connection, pending: list[PlannedPaper]) -> None:
        fresh = [p for p in pending if p.change == "new"]
        if fresh:
            # Ids chosen up front, so no second query is needed to learn them.
            for p, paper_id in zip(fresh, _reserve_ids(conn, PAPERS, len(fresh))):
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
            cache.update(_ids_inserting(conn, table, column, missing))
        ids = cache.ids
        return {v: ids[v] for v in values}


def _ids_inserting(conn: Connection, table: Table, column: str, values: list[str]) -> dict[str, int]:
    """The ids of these values of a table's unique column, inserting the values it lacks."""
    lookup = f"SELECT {column}, id FROM {table.name} WHERE {column}"
    if conn.dialect.name != "sqlite":  # another transaction may insert the same values meanwhile: read back who won
        bulk_insert(conn, table, (column,), [(v,) for v in values], ignore=True)
        return dict(select_where_in(conn, lookup, values).all())
    found = dict(select_where_in(conn, lookup, values).all())
    new = [v for v in values if v not in found]
    if new:
        # The write lock is held (BEGIN IMMEDIATE): the values still missing and the ids chosen are this batch's,
        # so they need not be read back.
        rows = list(zip(_reserve_ids(conn, table, len(new)), new))
        bulk_insert(conn, table, ("id", column), rows)
        found.update((value, row_id) for row_id, value in rows)
    return found


def _refresh_line_digests(conn: Connection, papers: list[PlannedPaper]) -> None:
    """Unchanged papers read from other bytes (or before lines had digests): the next run skips those lines."""
    if papers:
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        conn.exec_driver_sql(f"UPDATE papers SET source_digest = {mark} WHERE id = {mark}",
                             [(p.line_digest, p.paper_id) for p in papers])


def _reserve_ids(conn: Connection, table: Table, count: int) -> list[int]:
    if conn.dialect.name == "postgresql":
        query = text(f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) FROM generate_series(1, :n)")
        return list(conn.execute(query, {"n": count}).scalars())
    # SQLite: the transaction holds the database's write lock (BEGIN IMMEDIATE), so nobody else
    # can take these ids before it commits.
    first = (conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1
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
    "primary_category", "listing_date", "published", "updated", "content_hash", "source_digest", "last_run_id",
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
        r.primary_category, _iso(r.listing_date), _iso(r.published), _iso(r.updated), p.digest,
        p.line_digest, run_id,
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
    paper_id = p.paper_id
    rows[PAPER_AUTHORS] += [(paper_id, i, author_ids[a[:512]]) for i, a in enumerate(p.record.authors)]
    rows[PAPER_CATEGORIES] += [(paper_id, category_ids[c], i == 0) for i, c in enumerate(dict.fromkeys(p.record.categories))]


def _host(url: str) -> str | None:
    rest = url.split("://", 1)[-1]
    return rest.split("/", 1)[0].lower()[:255] or None
