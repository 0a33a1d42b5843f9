#!/usr/bin/env python3
"""The catalog writer alone: planned batches (extraction done beforehand, not timed) written to a new SQLite catalog.

    python benchmarks/bench_writer.py [CORPUS.jsonl] [--records 20000] [--batch 2000] [--profile]

CORPUS is an arXiv-metadata JSON-lines file such as benchmarks/make_corpus.py writes.
Prints the writer's CPU and wall microseconds per paper for new papers, and for a second
pass over the same batches (every paper unchanged: the re-run's bookkeeping).
--profile prints the writer's top functions by own time.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harvester.catalog.db import open_catalog  # noqa: E402
from harvester.catalog.store import CatalogWriter, plan_batch, utcnow  # noqa: E402
from harvester.ingest import RUNS  # noqa: E402
from harvester.records import PaperRecord  # noqa: E402
from harvester.sources import read_source  # noqa: E402


def batches(corpus: Path, records: int, size: int) -> list[list[PaperRecord]]:
    papers = [r for r in islice(read_source(str(corpus)), records) if isinstance(r, PaperRecord)]
    return [papers[i:i + size] for i in range(0, len(papers), size)]


def write_all(writer: CatalogWriter, planned: list, profile: cProfile.Profile | None) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    if profile:
        profile.enable()
    for batch in planned:
        writer.write_planned(batch)
    if profile:
        profile.disable()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        engine = open_catalog(str(Path(workdir) / "bench.db"))
        chunks = batches(args.corpus, args.records, args.batch)
        papers = sum(map(len, chunks))
        profile = cProfile.Profile() if args.profile else None
        planned = [plan_batch(engine, chunk) for chunk in chunks]
        with engine.begin() as conn:
            run_id = conn.execute(RUNS.insert().values(source=str(args.corpus), started_at=utcnow(), status="running",
                                                       tool_version="bench")).inserted_primary_key[0]
        writer = CatalogWriter(engine, run_id)
        first = write_all(writer, planned, profile)
        again = write_all(writer, [plan_batch(engine, chunk) for chunk in chunks], None)
    print(f"{papers:,} papers in batches of {args.batch:,}")
    for label, (wall, cpu) in (("new papers", first), ("unchanged papers", again)):
        print(f"  {label:<18} {cpu / papers * 1e6:7.1f} us/paper CPU  {wall / papers * 1e6:7.1f} us/paper wall")
    if profile:
        pstats.Stats(profile).sort_stats("tottime").print_stats(20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
