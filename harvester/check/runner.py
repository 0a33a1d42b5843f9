"""A check run: pick the probers, feed them due repositories, write what they answer.

A pool of `concurrency` worker threads, each sending one request at a time, so no
more than `concurrency` requests are ever in flight. The main thread reads due
rows, hands out jobs (a GraphQL job holds up to 100 repositories), keeps at most
two jobs per worker queued, and writes results as they come. When the run must
stop (rate limit spent without --wait-for-reset, token rejected, Ctrl-C) the
workers stop sending, what was answered is written, and the rest stays due for
the next run.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from sqlalchemy import Engine

from harvester.catalog.store import utcnow
from harvester.check.client import HttpClient, StopRun, Token
from harvester.check.forges import GITHUB, SITES, Endpoints
from harvester.check.git_probe import GitProbe
from harvester.check.github_graphql import GitHubGraphQL
from harvester.check.github_rest import GitHubRest
from harvester.check.http_probe import SiteProbe
from harvester.check.probe import Checked, Prober, RepoTarget
from harvester.check.ratelimit import Stopped
from harvester.check.record import ResultWriter
from harvester.check.retry import RetryPolicy, Transport
from harvester.check.select import Selection, count_due, iter_due

METHODS = ("auto", "graphql", "rest", "git")
MAX_CONCURRENCY = 100


class ConfigError(ValueError):
    """Options that cannot work together (e.g. GraphQL without a token)."""


@dataclass(frozen=True)
class CheckOptions:
    endpoints: Endpoints = field(default_factory=Endpoints)
    token: Token | None = None
    method: str = "auto"
    concurrency: int = 8
    wait_for_reset: bool = False
    timeout: float = 15.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    selection: Selection = field(default_factory=Selection)
    flush_every: float = 1.0  # seconds a result may wait before it is written (what a kill -9 can lose)
    worker: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")

    def github_method(self) -> str:
        if self.method not in METHODS:
            raise ConfigError(f"--method must be one of {', '.join(METHODS)}, not {self.method!r}")
        if self.method == "auto":
            return "graphql" if self.token else "git"
        if self.method == "graphql" and not self.token:
            raise ConfigError("the GraphQL API needs a token: set GITHUB_TOKEN or --token, or use --method rest|git")
        return self.method


@dataclass
class CheckSummary:
    method: str  # the GitHub method used
    due: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    requests: Counter[str] = field(default_factory=Counter)  # "host:port" -> HTTP requests sent
    rate_remaining: int | None = None  # GitHub API quota left, as last reported
    rate_reset: float | None = None  # epoch seconds
    stopped: str | None = None  # why the run stopped early
    seconds: float = 0.0

    @property
    def checked(self) -> int:
        return sum(self.statuses.values())


def build_probers(options: CheckOptions, transport: Transport) -> dict[str, Prober]:
    """forge -> the prober that checks it."""
    github: type[GitHubGraphQL] | type[GitHubRest] | type[GitProbe] = {
        "graphql": GitHubGraphQL, "rest": GitHubRest, "git": GitProbe,
    }[options.github_method()]
    sites = SiteProbe(transport, options.endpoints)
    return {GITHUB: github(transport, options.endpoints), **{forge: sites for forge in SITES}}


def plan_jobs(targets: Iterable[RepoTarget], probers: dict[str, Prober]) -> Iterator[tuple[Prober, list[RepoTarget]]]:
    """Group due repositories into jobs of each prober's batch size (a partial batch goes last)."""
    open_batches: dict[str, list[RepoTarget]] = {}
    for target in targets:
        batch = open_batches.setdefault(target.forge, [])
        batch.append(target)
        if len(batch) >= probers[target.forge].batch_size:
            yield probers[target.forge], open_batches.pop(target.forge)
    for forge, batch in open_batches.items():
        yield probers[forge], batch


def run_check(engine: Engine, options: CheckOptions,
              on_result: Callable[[Sequence[Checked], CheckSummary], None] = lambda results, summary: None,
              ) -> CheckSummary:
    """Check the due repositories; raises ConfigError before any request when options cannot work."""
    if not 1 <= options.concurrency <= MAX_CONCURRENCY:
        raise ConfigError(f"--concurrency must be between 1 and {MAX_CONCURRENCY}")
    summary = CheckSummary(options.github_method())
    started = time.monotonic()
    now = utcnow()
    summary.due = count_due(engine, options.selection, now)
    stop = threading.Event()
    client = HttpClient(timeout=options.timeout, api_url=options.endpoints.github_api, token=options.token)
    transport = Transport(client, options.retry, stop, options.wait_for_reset)
    probers = build_probers(options, transport)
    writer = ResultWriter(engine, options.worker, max_delay=options.flush_every)
    jobs = plan_jobs(iter_due(engine, options.selection, now), probers)
    try:
        _dispatch(jobs, options.concurrency, stop, writer, summary, on_result)
    finally:
        stop.set()  # on an interrupt: workers still running stop at their next request
        writer.flush()
        gate = transport.gate(options.endpoints.github_api)
        summary.requests = client.requests
        summary.rate_remaining, summary.rate_reset = gate.remaining, gate.reset
        summary.seconds = time.monotonic() - started
    return summary


def _dispatch(jobs: Iterator[tuple[Prober, list[RepoTarget]]], concurrency: int, stop: threading.Event,
              writer: ResultWriter, summary: CheckSummary,
              on_result: Callable[[Sequence[Checked], CheckSummary], None]) -> None:
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="check") as pool:
        running: set[Future] = set()
        try:
            while True:
                while not stop.is_set() and len(running) < 2 * concurrency:
                    job = next(jobs, None)
                    if job is None:
                        break
                    prober, batch = job
                    running.add(pool.submit(prober.check, batch))
                if not running:
                    return
                done, running = wait(running, timeout=writer.max_delay, return_when=FIRST_COMPLETED)
                for future in done:
                    _collect(future, stop, writer, summary, on_result)
                writer.add(())  # a time-based flush while answers are slow
        except BaseException:
            stop.set()
            for future in running:
                future.cancel()
            raise


def _collect(future: Future, stop: threading.Event, writer: ResultWriter, summary: CheckSummary,
             on_result: Callable[[Sequence[Checked], CheckSummary], None]) -> None:
    try:
        results = future.result()
    except Stopped:
        return  # not sent: stays due
    except StopRun as reason:
        stop.set()
        summary.stopped = summary.stopped or str(reason)
        return
    writer.add(results)
    summary.statuses.update(r.outcome.status.value for r in results)
    on_result(results, summary)
