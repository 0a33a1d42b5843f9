"""`harvest run`: sources -> extraction -> catalog, one run row per source."""

from __future__ import annotations

import ctypes
import hashlib
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, insert, update

from harvester import __version__
from harvester.catalog.models import Run
from harvester.catalog.store import BatchCounts, CatalogWriter, PlannedPaper, decide_batch, known_lines, plan_batch, utcnow
from harvester.extract import extract
from harvester.extract.findings import Findings
from harvester.records import PaperRecord, SourceProblem, UnchangedLine
from harvester.sources import read_source

RUNS = Run.__table__
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
BATCH_SIZE = 2000


def default_batch_size() -> int:
    """Papers per transaction: BATCH_SIZE, or HARVEST_BATCH_SIZE (small batches let crash tests kill mid-run)."""
    value = os.environ.get("HARVEST_BATCH_SIZE", "")
    return int(value) if value.isdigit() and int(value) > 0 else BATCH_SIZE


@dataclass
class RunSummary:
    source: str
    run_id: int
    counts: BatchCounts = field(default_factory=BatchCounts)
    problems: list[SourceProblem] = field(default_factory=list)
    status: str = "running"


def file_sha256(spec: str) -> str | None:
    path = Path(spec)
    if not path.is_file():
        return None
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _batches(items: Iterable[PaperRecord | UnchangedLine | SourceProblem], size: int, problems: list[SourceProblem],
             on_problem: Callable[[SourceProblem], None]) -> Iterator[list[PaperRecord | UnchangedLine]]:
    batch: list[PaperRecord | UnchangedLine] = []
    for item in items:
        if isinstance(item, SourceProblem):
            problems.append(item)
            on_problem(item)
            continue
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def default_jobs() -> int:
    """Extraction processes beside the writer: the other cores, at most 4 (the writer is the limit then)."""
    return min(max((os.cpu_count() or 1) - 1, 0), 4)


def _die_with_parent(parent: int) -> None:
    """An extraction worker outliving a killed `harvest run` would hold its pipes open and wait forever."""
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    for stream in (0, 1, 2):  # extraction prints nothing; never keep the caller's pipes open
        os.dup2(devnull, stream)


def _extract_all(texts: list[tuple[str, str | None, str]]) -> list[Findings]:
    return [extract(*text) for text in texts]


def planned_batches(engine: Engine, batches: Iterable[list[PaperRecord | UnchangedLine]], jobs: int) -> Iterator[list[PlannedPaper]]:
    """Batches planned (hashes checked, changed papers extracted), in input order.

    With jobs > 0, extraction runs in that many processes while this one decides and writes:
    extraction and SQLite each keep a core busy. Only the texts of changed papers go to the
    workers and only findings come back, since pickling whole records both ways cost the writer
    as much as writing them. At most jobs + 1 batches are in flight, so memory stays flat."""
    if jobs <= 0:
        yield from (plan_batch(engine, batch) for batch in batches)
        return
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
        in_flight: deque[tuple[list[PlannedPaper], Future]] = deque()
        for batch in batches:
            planned = decide_batch(engine, batch)
            texts = [p.texts() for p in planned if p.wanted]
            in_flight.append((planned, pool.submit(_extract_all, texts)))
            if len(in_flight) > jobs:
                yield _with_findings(*in_flight.popleft())
        while in_flight:
            yield _with_findings(*in_flight.popleft())


def _with_findings(planned: list[PlannedPaper], extracted: Future) -> list[PlannedPaper]:
    for paper, findings in zip([p for p in planned if p.wanted], extracted.result(), strict=True):
        paper.findings = findings
    return planned


def ingest_source(
    engine: Engine,
    spec: str,
    *,
    format: str | None = None,
    batch_size: int | None = None,
    jobs: int = 0,
    on_batch: Callable[[BatchCounts], None] = lambda counts: None,
    on_problem: Callable[[SourceProblem], None] = lambda problem: None,
) -> RunSummary:
    """Read one source into the catalog. Each batch commits on its own, so an interrupted run keeps
    what it wrote and a re-run skips it cheaply. Raises SourceError when the source cannot be read at all."""
    records = read_source(spec, format=format, known=known_lines(engine))
    first = next(records, None)  # fail on an unreadable source before a run row exists
    with engine.begin() as conn:
        run_id = conn.execute(insert(RUNS).values(
            source=spec, source_sha256=file_sha256(spec), format=format, started_at=utcnow(),
            status="running", tool_version=__version__,
        )).inserted_primary_key[0]
    summary = RunSummary(spec, run_id)
    writer = CatalogWriter(engine, run_id)
    stream = records if first is None else _chain(first, records)
    try:
        batches = _batches(stream, batch_size or default_batch_size(), summary.problems, on_problem)
        for planned in planned_batches(engine, batches, jobs):
            counts = writer.write_planned(planned)
            summary.counts.add(counts)
            _record_progress(engine, summary)
            on_batch(counts)
        summary.status = "completed"
    except KeyboardInterrupt:
        summary.status = "interrupted"
        raise
    finally:
        _record_progress(engine, summary, finished=True)
    return summary


def _chain(first, rest):
    yield first
    yield from rest


def _record_progress(engine: Engine, summary: RunSummary, finished: bool = False) -> None:
    c = summary.counts
    values = dict(papers_seen=c.seen, papers_new=c.new, papers_updated=c.updated,
                  papers_unchanged=c.unchanged, problems=len(summary.problems), status=summary.status)
    if finished:
        values["finished_at"] = utcnow()
    with engine.begin() as conn:
        conn.execute(update(RUNS).where(RUNS.c.id == summary.run_id).values(**values))
