#!/usr/bin/env python3
"""Time `harvester.extract.extract` on real records: abstracts per second on one core.

    python benchmarks/bench_extract.py [JSONL] [--repeat N] [--rounds R] [--profile] [--links-only]

Default input: shared/examples/dev-abstracts.jsonl in the nearest folder above this
checkout that has it. Each record's title, abstract and comments are extracted together,
as the pipeline passes them. The records are loaded once, then extracted N times over,
R rounds; only extraction is timed and the best round is reported (as timeit does: slower
rounds measure other processes, not the code). --links-only times what extract() does
besides finding datasets (links, their status, code promises), in microseconds an abstract.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harvester.extract import extract, find_links_and_promises  # noqa: E402

SAMPLE = Path("shared", "examples", "dev-abstracts.jsonl")
Row = tuple[str, str | None, str | None]
Extractor = Callable[[str, str | None, str | None], object]


def default_input() -> Path:
    """The shared sample next to this checkout (worktrees sit deeper than the main checkout)."""
    for folder in Path(__file__).resolve().parents:
        if (folder / SAMPLE).is_file():
            return folder / SAMPLE
    return SAMPLE


def load(path: Path) -> list[Row]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            rows.append((record.get("abstract") or "", record.get("comments"), record.get("title")))
    return rows


def run(rows: list[Row], repeat: int, work: Extractor = extract) -> tuple[float, float]:
    """Wall-clock and CPU seconds to extract every row `repeat` times. CPU time is the one-core
    figure that holds on a busy machine, where wall-clock time also counts other processes' turns."""
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        for abstract, comments, title in rows:
            work(abstract, comments, title)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input", nargs="?", type=Path, default=default_input())
    parser.add_argument("--repeat", type=int, default=5, help="passes over the records per round")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds; the best one is reported")
    parser.add_argument("--profile", action="store_true", help="print the top functions by own time")
    parser.add_argument("--links-only", action="store_true", help="time extract() without find_datasets")
    args = parser.parse_args()
    rows = load(args.input)
    work: Extractor = find_links_and_promises if args.links_only else extract
    run(rows, 1, work)  # warm-up: compiled regexes, imports
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(run, rows, args.repeat, work)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
        return 0
    wall, cpu = min((run(rows, args.repeat, work) for _ in range(args.rounds)), key=lambda seconds: seconds[1])
    count = len(rows) * args.repeat
    rate = f"{count / cpu:,.0f} abstracts/s on one core, {cpu / count * 1e6:.1f} us an abstract"
    print(f"{count} abstracts: {rate} ({cpu:.2f}s CPU; {count / wall:,.0f}/s wall-clock)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
