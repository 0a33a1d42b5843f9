#!/usr/bin/env python3
"""Time dataset extraction on real abstracts, per abstract, on one core.

    python benchmarks/bench_datasets.py [../shared/examples/dev-abstracts.jsonl] [--repeat N]

Prints microseconds per abstract for plain_text alone, for find_datasets on
raw abstracts (which includes plain_text) and on plain text, and for the whole
extract() pipeline, plus the pipeline's abstracts per second. Each figure is
the best of --repeat runs of this process's CPU time: the machine is shared,
and wall time would mostly measure the other jobs; a fixed loop's time, printed
first, tells how fast the machine was during the run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harvester.extract import extract  # noqa: E402
from harvester.extract.datasets import find_datasets  # noqa: E402
from harvester.extract.text import plain_text  # noqa: E402

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "examples" / "dev-abstracts.jsonl"


def per_item(label: str, items: list[tuple], call: Callable, repeat: int) -> float:
    best = min(_run(items, call) for _ in range(repeat))
    micros = best / len(items) * 1e6
    print(f"  {label:<46} {micros:8.1f} us/abstract")
    return micros


def _run(items: list[tuple], call: Callable) -> float:
    start = time.process_time()
    for item in items:
        call(*item)
    return time.process_time() - start


def _calibration(repeat: int) -> float:
    """The machine's speed right now, by a fixed pure-Python loop."""
    return min(_run([(10**6,)], lambda n: sum(range(n))) for _ in range(repeat))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("abstracts", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.abstracts.open(encoding="utf-8")]
    raw = [(r["abstract"], r["title"]) for r in rows]
    plain = [(plain_text(a), plain_text(t)) for a, t in raw]
    find_datasets(*raw[0])  # the gazetteer is loaded once, outside the timings
    print(f"{len(rows)} abstracts from {args.abstracts.name}, best of {args.repeat} (CPU time)")
    print(f"  calibration: sum(range(10**6)) {_calibration(args.repeat) * 1e3:.1f} ms (the machine's speed now)")
    per_item("plain_text(abstract) + plain_text(title)", raw, lambda a, t: (plain_text(a), plain_text(t)), args.repeat)
    total = per_item("find_datasets(raw abstract, title)", raw, find_datasets, args.repeat)
    per_item("find_datasets(plain abstract, title)", plain, find_datasets, args.repeat)
    pipeline = per_item("extract(abstract, comments, title)", [(r["abstract"], r.get("comments"), r["title"]) for r in rows], extract, args.repeat)
    print(f"  find_datasets on raw input: {1e6 / total:,.0f} abstracts/s; whole extract(): {1e6 / pipeline:,.0f} abstracts/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
