"""`harvest check --worker`: one of several processes (machines) sharing a round of checks.

Each worker claims leased batches of repositories due in the round (see lease.py), checks them with the
ordinary runner, writes the results it still holds leases for, and repeats until nothing is due in the
round: while other workers hold the last leases it waits, so a crashed worker's batch is checked by a
live one once the lease expires.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine

from harvester.catalog.store import utcnow
from harvester.check.lease import claim, release_all, release_held, round_status
from harvester.check.probe import Checked, RepoTarget
from harvester.check.record import ResultWriter
from harvester.check.runner import CheckOptions, CheckSummary, run_check


@dataclass(frozen=True)
class RoundOptions:
    start: datetime  # the round's identity: every worker of a round is given the same start
    batch_size: int = 100
    lease: timedelta = timedelta(minutes=5)  # longer than a batch takes: a live worker's lease must not expire
    poll: float = 1.0  # seconds between looks while other workers hold the last leases


class LeasedResultWriter(ResultWriter):
    """Writes a result only while its lease is held, releasing the lease in the same transaction."""

    def _writable(self, conn: Connection, results: list[Checked]) -> list[Checked]:
        held = release_held(conn, self.worker, [r.target.id for r in results])
        return [r for r in results if r.target.id in held]


def _claimed(engine: Engine, options: CheckOptions, round_: RoundOptions) -> Iterator[RepoTarget]:
    """Leased batches, claimed one at a time as the runner asks for more work."""
    forges = list(options.selection.forges)
    while batch := claim(engine, options.worker, forges, round_.start, round_.batch_size, round_.lease):
        yield from batch


def _merge(total: CheckSummary, part: CheckSummary) -> None:
    total.statuses.update(part.statuses)
    total.requests.update(part.requests)
    total.rate_remaining, total.rate_reset = part.rate_remaining, part.rate_reset
    total.stopped = part.stopped


def run_worker(engine: Engine, options: CheckOptions, round_: RoundOptions,
               on_result: Callable[[Sequence[Checked], CheckSummary], None] = lambda results, summary: None,
               ) -> CheckSummary:
    """Check leased batches until the round has nothing due; returns what this worker checked."""
    forges = list(options.selection.forges)
    total = CheckSummary(options.github_method(), due=round_status(engine, forges, round_.start)[0])
    started = time.monotonic()
    try:
        while True:
            part = run_check(engine, options, on_result, targets=_claimed(engine, options, round_),
                             writer=LeasedResultWriter(engine, options.worker))
            _merge(total, part)
            if part.stopped:
                return total
            due, next_expiry = round_status(engine, forges, round_.start)
            if due == 0:
                return total
            wait = (next_expiry - utcnow()).total_seconds() if next_expiry else 0.0
            time.sleep(min(max(wait, 0.05), round_.poll))
    finally:
        release_all(engine, options.worker)
        total.seconds = time.monotonic() - started
