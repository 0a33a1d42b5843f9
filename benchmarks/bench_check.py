#!/usr/bin/env python3
"""Benchmark `harvest check` against the local GitHub stand-in: every method, with and without faults.

    python benchmarks/bench_check.py [--repos 10000] [--latency 0.02] [--concurrency 8] [--methods graphql,rest,git]

The stand-in (tests/support/github_api.py) runs in its own process and holds a
synthetic population (available, archived, empty, missing, private, moved,
blocked, disabled) with a fixed latency per request; for the git probe it
answers info/refs in the smart-HTTP shape. Each run checks a fresh catalog of
`--repos` repositories in a fresh process (so its peak RSS is its own) and prints
repositories/s, requests per repository, peak RSS, and how many statuses differ
from the truth: `wrong` counts definite answers that are not the truth, `unknown`
repositories that got no definite answer (3 retries, then a second chance at the
end of the run), `unchecked` those the run never reached. Fault runs inject
20% transient failures (timeouts, resets, 500/502/503, 429 with retry-after,
cut bodies, invalid bodies); they use a 0.05 s base retry delay instead of 1 s,
or a 10,000-repository run would spend most of its time asleep.

Targets: GraphQL <= 0.02 requests per repository; git probe >= 150 repositories/s
at concurrency 8; zero wrong statuses under 20% transient failures.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from harvester.check.client import Token  # noqa: E402
from harvester.check.forges import Endpoints  # noqa: E402
from harvester.check.retry import RetryPolicy  # noqa: E402
from harvester.check.runner import CheckOptions, run_check  # noqa: E402
from harvester.check.select import Selection  # noqa: E402
from tests.support.catalog import REPOS, make_catalog  # noqa: E402
from tests.support.github_api import Faults, GitHubStandIn, synthetic  # noqa: E402

SEED = 20210122
FAULT_RATE = 0.2


@dataclass
class Result:
    method: str
    faults: float
    repos: int
    seconds: float
    requests: int
    peak_rss_mib: float
    wrong: int
    unknown: int
    unchecked: int
    stopped: str | None
    unknown_why: Counter[str]  # detail -> repositories

    @property
    def rate(self) -> float:
        return self.repos / self.seconds

    @property
    def per_repo(self) -> float:
        return self.requests / self.repos


def serve(repos: int, latency: float, faults: float, urls, stop) -> None:
    """The stand-in, in a process of its own (the checker's threads and its threads do not share a GIL)."""
    fault_config = Faults(rate=faults, seed=SEED, timeout_sleep=0.75, retry_after=0)
    # quotas high enough for the whole run: stopping at a rate limit is tested, not benchmarked
    with GitHubStandIn(synthetic(repos, SEED).repos, latency=latency, faults=fault_config,
                       core_limit=10 * repos, graphql_limit=10 * repos) as gh:
        urls.send((gh.api_url, gh.web_url))
        stop.wait()


def check_once(method: str, repos: int, concurrency: int, faults: float, api: str, web: str, out) -> None:
    """One check run over a fresh catalog, in a fresh process; sends back a Result."""
    population = synthetic(repos, SEED)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_catalog(Path(tmp), [(o, n) for o, n, _ in population.catalog])
        options = CheckOptions(
            endpoints=Endpoints(api, web), token=Token("bench-token"), method=method, concurrency=concurrency,
            timeout=0.5, retry=RetryPolicy(retries=3, delay=0.05 if faults else 1.0),
            selection=Selection(stale_after=None), worker="bench",
        )
        started = time.perf_counter()
        summary = run_check(engine, options)
        seconds = time.perf_counter() - started
        with engine.connect() as conn:
            found = {(r.owner_key, r.name_key): (r.status, r.status_detail) for r in conn.execute(
                select(REPOS.c.owner_key, REPOS.c.name_key, REPOS.c.status, REPOS.c.status_detail))}
    truth = population.expected(method)
    unknown = sum(1 for key in truth if found[key][0] == "unknown")
    unchecked = sum(1 for key in truth if found[key][0] is None)
    wrong = sum(1 for key, status in truth.items() if found[key][0] not in (status, "unknown", None))
    why = Counter(found[key][1] for key in truth if found[key][0] == "unknown")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.send(Result(method, faults, summary.checked, seconds, sum(summary.requests.values()), peak, wrong, unknown,
                    unchecked, summary.stopped, why))


def measure(ctx, method: str, args, faults: float) -> Result:
    urls_recv, urls_send = ctx.Pipe(duplex=False)
    stop = ctx.Event()
    server = ctx.Process(target=serve, args=(args.repos, args.latency, faults, urls_send, stop), daemon=True)
    server.start()
    try:
        api, web = urls_recv.recv()
        result_recv, result_send = ctx.Pipe(duplex=False)
        checker = ctx.Process(target=check_once, args=(method, args.repos, args.concurrency, faults, api, web, result_send))
        checker.start()
        result = result_recv.recv()
        checker.join()
        return result
    finally:
        stop.set()
        server.join(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=10_000)
    parser.add_argument("--latency", type=float, default=0.02, help="seconds per request at the stand-in")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--methods", default="graphql,rest,git")
    args = parser.parse_args()
    ctx = mp.get_context("spawn")
    print(f"{args.repos:,} repositories, {args.latency * 1000:g} ms per request, concurrency {args.concurrency}")
    header = (f"{'method':8} {'faults':>6} {'repos':>7} {'seconds':>8} {'repos/s':>8} {'requests':>9} {'req/repo':>9} "
              f"{'peak RSS':>9} {'wrong':>6} {'unknown':>7} {'unchecked':>9}")
    print(header)
    results = []
    for method in args.methods.split(","):
        for faults in (0.0, FAULT_RATE):
            r = measure(ctx, method, args, faults)
            results.append(r)
            print(f"{r.method:8} {r.faults:>6.0%} {r.repos:>7,} {r.seconds:>8.2f} {r.rate:>8.1f} {r.requests:>9,} "
                  f"{r.per_repo:>9.4f} {r.peak_rss_mib:>6.0f} MiB {r.wrong:>6} {r.unknown:>7} {r.unchecked:>9}"
                  + (f"  stopped: {r.stopped}" if r.stopped else "")
                  + "".join(f"\n    unknown: {n} x {why}" for why, n in r.unknown_why.items()), flush=True)
    print()
    for r in results:
        if r.method == "graphql" and not r.faults:
            print(f"target GraphQL <= 0.02 requests/repository: {r.per_repo:.4f} {'met' if r.per_repo <= 0.02 else 'MISSED'}")
        if r.method == "git" and not r.faults:
            print(f"target git probe >= 150 repositories/s: {r.rate:.1f} {'met' if r.rate >= 150 else 'MISSED'}")
    wrong = sum(r.wrong for r in results if r.faults)
    print(f"target zero wrong statuses under {FAULT_RATE:.0%} transient failures: {wrong} {'met' if wrong == 0 else 'MISSED'}")


if __name__ == "__main__":
    main()
