"""A check run: pick the probers, feed them due repositories, write what they answer.

A pool of `concurrency` worker threads, each sending one request at a time, so no
more than `concurrency` requests are ever in flight. The main thread reads due
rows, hands out jobs (a GraphQL job holds up to 100 repositories), keeps at most
two jobs per worker queued, and writes results as they come. Repositories whose
check failed for a passing reason get one second chance at the end. When the run must
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

ResultCallback = Callable[[Sequence[Checked], "CheckSummary"], None]
GITHUB_PROBERS: dict[str, Callable[[Transport, Endpoints], Prober]] = {
    "graphql": GitHubGraphQL, "rest": GitHubRest, "git": GitProbe,
}
METHODS = ("auto", *GITHUB_PROBERS)
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
    github = GITHUB_PROBERS[options.github_method()](transport, options.endpoints)
    sites = SiteProbe(transport, options.endpoints)
    return {GITHUB: github, **{forge: sites for forge in SITES}}


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


def run_check(engine: Engine, options: CheckOptions, on_result: ResultCallback = lambda results, summary: None,
              targets: Iterable[RepoTarget] | None = None, writer: ResultWriter | None = None,
              ) -> CheckSummary:
    """Check the due repositories (or `targets`, written by `writer`: a distributed worker's leased
    batches); raises ConfigError before any request when options cannot work."""
    if not 1 <= options.concurrency <= MAX_CONCURRENCY:
        raise ConfigError(f"--concurrency must be between 1 and {MAX_CONCURRENCY}")
    summary = CheckSummary(options.github_method())
    started = time.monotonic()
    now = utcnow()
    if targets is None:
        summary.due = count_due(engine, options.selection, now)
        targets = iter_due(engine, options.selection, now)
    stop = threading.Event()
    client = HttpClient(timeout=options.timeout, api_url=options.endpoints.github_api, token=options.token)
    transport = Transport(client, options.retry, stop, options.wait_for_reset)
    probers = build_probers(options, transport)
    run = _Run(writer or ResultWriter(engine, options.worker, max_delay=options.flush_every), summary, stop, on_result)
    try:
        with ThreadPoolExecutor(max_workers=options.concurrency, thread_name_prefix="check") as pool:
            run.dispatch(pool, options.concurrency, plan_jobs(targets, probers))
            if not stop.is_set():
                run.dispatch(pool, options.concurrency, plan_jobs(run.second_chances(), probers))
    finally:
        stop.set()  # on an interrupt: workers still running stop at their next request
        run.finish()
        gate = transport.gate(options.endpoints.github_api)
        summary.requests = client.requests
        summary.rate_remaining, summary.rate_reset = gate.remaining, gate.reset
        summary.seconds = time.monotonic() - started
    return summary


class _Run:
    """One run's moving parts: the stop signal, the writer, the summary, and second chances.

    A repository whose check failed for a passing reason (the retries of one request
    used up) is asked once more after all others, when a burst of faults has likely
    passed; only its final answer is recorded.
    """

    def __init__(self, writer: ResultWriter, summary: CheckSummary, stop: threading.Event,
                 on_result: ResultCallback) -> None:
        self.writer = writer
        self.summary = summary
        self.stop = stop
        self.on_result = on_result
        self.deferred: dict[int, Checked] = {}  # transient unknowns waiting for their second chance
        self.retried: set[int] = set()

    def second_chances(self) -> list[RepoTarget]:
        targets = [c.target for c in self.deferred.values()]
        self.retried.update(t.id for t in targets)
        return targets

    def dispatch(self, pool: ThreadPoolExecutor, concurrency: int, jobs: Iterator[tuple[Prober, list[RepoTarget]]]) -> None:
        """Run the jobs, at most two per worker queued, collecting answers as they come."""
        running: set[Future] = set()
        try:
            while True:
                while not self.stop.is_set() and len(running) < 2 * concurrency:
                    job = next(jobs, None)
                    if job is None:
                        break
                    prober, batch = job
                    running.add(pool.submit(prober.check, batch))
                if not running:
                    return
                done, running = wait(running, timeout=self.writer.max_delay, return_when=FIRST_COMPLETED)
                for future in done:
                    self._collect(future)
                self.writer.add(())  # a time-based flush while answers are slow
        except BaseException:
            self.stop.set()
            for future in running:
                future.cancel()
            raise

    def finish(self) -> None:
        """Record what is left (the run stopped before the second chances) and write everything."""
        self._record(list(self.deferred.values()), notify=False)
        self.deferred.clear()
        self.writer.flush()

    def _collect(self, future: Future) -> None:
        try:
            results = future.result()
        except Stopped:
            return  # not sent: stays due
        except StopRun as reason:
            self.stop.set()
            self.summary.stopped = self.summary.stopped or str(reason)
            return
        final = []
        for result in results:
            if result.outcome.transient and result.target.id not in self.retried:
                self.deferred[result.target.id] = result
            else:
                self.deferred.pop(result.target.id, None)
                final.append(result)
        self._record(final)

    def _record(self, results: list[Checked], notify: bool = True) -> None:
        if results:
            self.writer.add(results)
            self.summary.statuses.update(r.outcome.status.value for r in results)
            if notify:
                self.on_result(results, self.summary)
