#!/usr/bin/env python3
"""End-to-end ingest benchmark: `harvest run` on a generated JSON-lines corpus.

    python benchmarks/bench_ingest.py [--records 1000000] [--workdir DIR] [--abstracts FILE] [--db URL]

Prints: abstracts/s end to end (parse, extract, write), peak RSS of the `harvest run`
process, catalog size, the re-run time (unchanged input: skipped by content hash),
and extraction alone (abstracts/s of harvester.extract.extract over the same records), and
how fast the machine was before and after (a fixed loop's CPU time), since a shared virtual
machine's speed varies from run to run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harvester.extract import extract  # noqa: E402


def harvest_run(corpus: Path, db: str) -> tuple[float, float, dict]:
    """Wall seconds, peak RSS (MB) and the JSON summary of one `harvest run` subprocess."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "harvester", "run", str(corpus), "--db", db, "--json", "--quiet"],
                                 stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own peak RSS, not the generator's
        seconds = time.perf_counter() - start
        out.seek(0), err.seek(0)
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            sys.exit(f"harvest run failed: {err.read().strip()[-500:]}")
        return seconds, usage.ru_maxrss / 1024, json.loads(out.read())[0]


def extraction_rate(corpus: Path, limit: int) -> float:
    rows = [json.loads(line) for line in islice(corpus.open(encoding="utf-8"), limit)]
    start = time.perf_counter()
    for row in rows:
        extract(row["abstract"], row.get("comments"), row["title"])
    return len(rows) / (time.perf_counter() - start)


def calibration() -> float:
    """Milliseconds of CPU for a fixed pure-Python loop: how fast this (shared, virtual) machine is right now."""
    start = time.process_time()
    sum(range(10**6))
    return (time.process_time() - start) * 1e3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, help="keep the corpus and catalog here (default: a temp dir)")
    parser.add_argument("--abstracts", type=Path, action="append", default=[], help="more real abstracts to draw from")
    parser.add_argument("--db", help="catalog URL (default: a SQLite file in the workdir)")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="harvest-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    corpus = workdir / f"corpus-{args.records}.jsonl"
    if not corpus.exists():
        extra = [a for arg in args.abstracts for a in ("--abstracts", str(arg))]
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_corpus.py"), str(corpus),
                        "--records", str(args.records), *extra], check=True)
    db_file = workdir / "bench.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    db = args.db or str(db_file)

    speed_before = min(calibration() for _ in range(5))
    first, rss, summary = harvest_run(corpus, db)
    again, rss_again, summary_again = harvest_run(corpus, db)
    papers = summary["papers"]
    size = sum(Path(f"{db_file}{s}").stat().st_size for s in ("", "-wal") if Path(f"{db_file}{s}").exists())
    print(f"corpus                 {corpus} ({corpus.stat().st_size / 1e6:,.0f} MB, {papers:,} papers)")
    print(f"end to end             {papers / first:,.0f} abstracts/s  ({first:,.1f} s; {summary['repositories']:,} paper-repository links, {summary['datasets']:,} dataset mentions)")
    print(f"peak RSS               {max(rss, rss_again):,.0f} MB")
    if not args.db:
        print(f"catalog size           {size / 1e6:,.0f} MB")
    print(f"re-run (unchanged)     {again:,.1f} s  ({first / again:,.1f}x faster; {summary_again['unchanged']:,} unchanged)")
    print(f"extraction alone       {extraction_rate(corpus, min(papers, 200_000)):,.0f} abstracts/s")
    speed_after = min(calibration() for _ in range(5))
    print(f"machine speed          sum(range(10**6)) took {speed_before:.1f} ms before, {speed_after:.1f} ms after"
          " (lower is faster; compare runs at like speeds)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
