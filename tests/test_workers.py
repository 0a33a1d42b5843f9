"""Distributed checking: leased batches, one result per repository per round, a killed worker loses nothing."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from harvester.catalog.db import open_catalog
from harvester.catalog.store import utcnow
from harvester.check.lease import REPOS, claim
from harvester.check.probe import Checked
from harvester.check.status import Outcome, Status
from harvester.check.worker import LeasedResultWriter

from tests.conftest import ROOT
from tests.support.catalog import CHECKS, add_repos
from tests.support.github_api import FakeRepo, GitHubStandIn

REPO_COUNT = 2000


def checks_per_repository(engine, since: datetime) -> dict[int, int]:
    with engine.connect() as conn:
        rows = conn.execute(select(REPOS.c.id, func.count(CHECKS.c.id))
                            .outerjoin(CHECKS, (CHECKS.c.repository_id == REPOS.c.id) & (CHECKS.c.checked_at >= since))
                            .group_by(REPOS.c.id)).all()
    return dict(rows)


def test_a_taken_over_lease_cannot_write_a_second_result(db):
    engine = open_catalog(db)
    add_repos(engine, [("octo", "one")])
    start = utcnow() - timedelta(seconds=1)
    slow = claim(engine, "slow", ["github"], start, 10, timedelta(seconds=-1))  # its lease is already over
    fast = claim(engine, "fast", ["github"], start, 10, timedelta(minutes=5))
    assert [t.id for t in slow] == [t.id for t in fast] == [1]
    assert claim(engine, "third", ["github"], start, 10, timedelta(minutes=5)) == []  # held, not expired
    answer = Outcome(Status.AVAILABLE, "ok", 200)
    for worker, targets in (("fast", fast), ("slow", slow)):
        writer = LeasedResultWriter(engine, worker)
        writer.add([Checked(t, answer, "rest", 1.0) for t in targets])
        writer.flush()
    with engine.connect() as conn:
        assert conn.execute(select(CHECKS.c.worker)).scalars().all() == ["fast"]
        assert conn.execute(select(REPOS.c.lease_owner)).scalar() is None
    assert claim(engine, "next", ["github"], start, 10, timedelta(minutes=5)) == []  # done in this round


def _worker(db: str, gh: GitHubStandIn, n: int, round_start: datetime) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "harvester", "check", "--worker", "--db", db, "--method", "rest",
         "--github-api-url", gh.api_url, "--github-url", gh.web_url, "--token", f"token-{n}",
         "--round-start", round_start.strftime("%Y-%m-%dT%H:%M:%S"), "--lease", "3s", "--batch", "20",
         "--concurrency", "4", "--retries", "0", "--json", "--quiet"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)


def _leases_of(engine, worker: str) -> set[int]:
    with engine.connect() as conn:
        return set(conn.execute(select(REPOS.c.id).where(REPOS.c.lease_owner == worker)).scalars())


def _checks_by(engine, worker: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(CHECKS).where(CHECKS.c.worker == worker)).scalar()


@pytest.mark.slow
def test_four_workers_one_killed_check_every_repository_exactly_once(db):
    engine = open_catalog(db)
    names = [("team", f"repo-{i:04d}") for i in range(REPO_COUNT)]
    add_repos(engine, names)
    round_start = (utcnow() - timedelta(seconds=1)).replace(microsecond=0)
    with GitHubStandIn([FakeRepo(o, n) for o, n in names], latency=0.02) as gh:
        workers = [_worker(db, gh, n, round_start) for n in range(4)]
        victim = workers[0]
        victim_id = f"{socket.gethostname()}:{victim.pid}"
        deadline = time.monotonic() + 60
        while not (_checks_by(engine, victim_id) and _leases_of(engine, victim_id)):  # mid-run, batch in hand
            assert time.monotonic() < deadline and victim.poll() is None, "the victim never got going"
            time.sleep(0.02)
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        orphaned = _leases_of(engine, victim_id)
        outputs = [w.communicate(timeout=120) for w in workers[1:]]
    assert [w.returncode for w in workers[1:]] == [0, 0, 0], [err for _, err in outputs]
    per_repo = checks_per_repository(engine, round_start)
    assert len(per_repo) == REPO_COUNT and set(per_repo.values()) == {1}  # none lost, none twice
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).where(REPOS.c.lease_owner.is_not(None))).scalar() == 0
        rechecked = conn.execute(select(CHECKS.c.worker).where(CHECKS.c.repository_id.in_(orphaned))).scalars().all()
    assert orphaned and len(rechecked) == len(orphaned) and victim_id not in rechecked  # taken over after expiry
    survivors = sum(json.loads(out)["checked"] for out, _ in outputs)
    assert survivors + _checks_by(engine, victim_id) == REPO_COUNT
