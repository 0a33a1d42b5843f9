"""Team-scale figures: check throughput with 1, 2 and 4 workers, and `harvest run` into PostgreSQL vs SQLite.

    HARVEST_TEST_PG_URL=postgresql+psycopg://USER@HOST:PORT/postgres python benchmarks/bench_team.py

Workers are separate `python -m harvester check --worker` processes against the local GitHub stand-in
(tests/support/github_api.py) answering every request after a fixed latency; each catalog is a fresh
PostgreSQL database. Ingest reads the example digest repeated with varied arXiv ids.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harvester.catalog.db import open_catalog  # noqa: E402
from harvester.catalog.store import utcnow  # noqa: E402
from tests.support.catalog import add_repos  # noqa: E402
from tests.support.github_api import FakeRepo, GitHubStandIn  # noqa: E402
from tests.support.pg import fresh_database  # noqa: E402

EXAMPLE = ROOT / "examples" / "arxiv-cs.CV-2021-01-22.md"
_ARXIV_ID = re.compile(r"\b2101\.(\d{5})\b")


def _harvest(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "harvester", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)


def check_throughput(workers: int, repos: int, latency: float, concurrency: int) -> float:
    """Repositories checked per second by `workers` processes sharing one round."""
    names = [("bench", f"repo-{i:05d}") for i in range(repos)]
    with fresh_database("harvest_bench") as db, GitHubStandIn([FakeRepo(o, n) for o, n in names],
                                                              latency=latency) as gh:
        engine = open_catalog(db)
        add_repos(engine, names)
        engine.dispose()
        round_start = utcnow().strftime("%Y-%m-%dT%H:%M:%S")
        command = [sys.executable, "-m", "harvester", "check", "--worker", "--db", db, "--method", "rest",
                   "--github-api-url", gh.api_url, "--github-url", gh.web_url, "--round-start", round_start,
                   "--concurrency", str(concurrency), "--quiet", "--json"]
        started = time.perf_counter()
        procs = [subprocess.Popen(command + ["--token", f"token-{n}"], cwd=ROOT, stdout=subprocess.DEVNULL,
                                  env={**os.environ, "PYTHONPATH": str(ROOT)}) for n in range(workers)]
        if any(p.wait() for p in procs):
            raise SystemExit("a worker failed")
        return repos / (time.perf_counter() - started)


def digest_copies(copies: int, directory: Path) -> Path:
    """The example digest `copies` times, each copy under other arXiv ids (another YYMM)."""
    text = EXAMPLE.read_text()
    path = directory / "bench-digest.md"
    with path.open("w") as out:
        for k in range(copies):
            yymm = f"{10 + k // 12:02d}{k % 12 + 1:02d}"
            out.write(_ARXIV_ID.sub(lambda m: f"{yymm}.{m.group(1)}", text))
    return path


def ingest_seconds(db: str, source: Path) -> float:
    started = time.perf_counter()
    _harvest("run", str(source), "--db", db, "--quiet", "--json")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=2000)
    parser.add_argument("--latency", type=float, default=0.02, help="seconds per stand-in answer")
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight per worker")
    parser.add_argument("--copies", type=int, default=60, help="copies of the 43-paper example digest to ingest")
    args = parser.parse_args()
    print(f"check: {args.repos} repositories, REST, {args.latency * 1000:.0f} ms per answer, "
          f"concurrency {args.concurrency} per worker, PostgreSQL catalog")
    for workers in (1, 2, 4):
        print(f"  {workers} worker(s): {check_throughput(workers, args.repos, args.latency, args.concurrency):8.1f} repos/s")
    with tempfile.TemporaryDirectory() as tmp:
        source = digest_copies(args.copies, Path(tmp))
        papers = args.copies * 43
        print(f"ingest: harvest run, {papers} papers (example digest x{args.copies})")
        sqlite_s = ingest_seconds(str(Path(tmp) / "bench.db"), source)
        print(f"  SQLite:     {sqlite_s:6.2f} s  {papers / sqlite_s:8.1f} papers/s")
        with fresh_database("harvest_bench") as db:
            pg_s = ingest_seconds(db, source)
        print(f"  PostgreSQL: {pg_s:6.2f} s  {papers / pg_s:8.1f} papers/s")


if __name__ == "__main__":
    main()
