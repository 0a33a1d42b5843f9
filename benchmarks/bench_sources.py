#!/usr/bin/env python3
"""JSON-lines reader throughput: the shared dev sample repeated to N lines, read through read_source.

    python benchmarks/bench_sources.py [--lines 200000] [--runs 3] [--gzip] [--shared ../shared]

Prints records/s by wall clock and by this process's CPU time (the machine may be busy
with other work; CPU time is what the reader itself costs). Target: >= 150,000 records/s.
Then the CPU time of the catalog's content_hash on the records read, which every record costs too.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
import time
from collections import deque
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harvester.catalog.store import content_hash  # noqa: E402
from harvester.records import PaperRecord  # noqa: E402
from harvester.sources import read_source  # noqa: E402


def build_input(sample: Path, lines: int, directory: Path, compress: bool) -> Path:
    rows = sample.read_bytes().splitlines(keepends=True)
    path = directory / ("bench.jsonl.gz" if compress else "bench.jsonl")
    with gzip.open(path, "wb", compresslevel=1) if compress else path.open("wb") as out:
        for start in range(0, lines, len(rows)):
            out.writelines(rows[: lines - start])
    return path


def measure(path: Path) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, records) for one full read."""
    wall, cpu = time.perf_counter(), time.process_time()
    records = deque(read_source(str(path)), maxlen=1)  # consumes at C speed; keeps the last for a check
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return wall, cpu, int(records[-1].location.rsplit(":", 1)[1]) if records else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--gzip", action="store_true", help="read a gzip-compressed copy")
    parser.add_argument("--shared", type=Path, help="the team's shared/ directory (default: the nearest ../shared)")
    args = parser.parse_args()
    here = Path(__file__).resolve().parents[1]
    shared = args.shared or next((up / "shared" for up in here.parents if (up / "shared" / "examples").is_dir()), here / "shared")
    sample = shared / "examples" / "dev-abstracts.jsonl"
    with tempfile.TemporaryDirectory() as directory:
        path = build_input(sample, args.lines, Path(directory), args.gzip)
        problems = sum(not isinstance(item, PaperRecord) for item in read_source(str(path)))
        print(f"{path.name}: {args.lines:,} lines, {path.stat().st_size / 1e6:.0f} MB, {problems} problems")
        for run in range(1, args.runs + 1):
            wall, cpu, last_line = measure(path)
            assert last_line == args.lines, f"read {last_line} lines of {args.lines}"
            print(f"run {run}: {args.lines / wall:>9,.0f} records/s wall  {args.lines / cpu:>9,.0f} records/s CPU  ({wall:.2f} s)")
        records = [item for item in read_source(str(path)) if isinstance(item, PaperRecord)]
        print(f"content_hash: {min(hash_seconds(records) for _ in range(args.runs)) / len(records) * 1e6:.2f} us a record (CPU)")


def hash_seconds(records: list[PaperRecord]) -> float:
    cpu = time.process_time()
    deque(map(content_hash, records), maxlen=0)
    return time.process_time() - cpu


if __name__ == "__main__":
    main()
