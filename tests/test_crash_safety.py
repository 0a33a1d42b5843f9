"""Crash safety: `harvest run` killed with SIGKILL at random (seeded) moments never leaves a broken catalog.

After every kill: the file passes integrity and foreign-key checks, every visible paper carries exactly the
links extraction gives for it, and no link lacks its paper. After the last kill a plain re-run must reach
exactly the rows an uninterrupted run produces.
"""

from __future__ import annotations

import random
import shutil
import time
from pathlib import Path

import pytest

from tests.support import figures
from tests.support.catalog_dump import dump
from tests.support.corpus import write_digest
from tests.support.harvest import harvest, harvest_env, kill_after, start
from tests.support.invariants import duplicates, partial_papers, storage_problems

pytestmark = pytest.mark.slow

ENTRIES = 1500
# Small batches: many commits per run, so a kill can land between, inside, or at the end of any of them.
ENV = harvest_env(HARVEST_BATCH_SIZE="40")


def _run(source: Path, db: Path) -> float:
    began = time.monotonic()
    result = harvest("run", str(source), "--db", str(db), "--quiet", env=ENV)
    assert result.returncode == 0, result.output
    return time.monotonic() - began


def _assert_sound(db: Path, context: str) -> None:
    if not db.exists():
        return  # killed before SQLite created the file
    problems = storage_problems(db) + partial_papers(db) + duplicates(db)
    assert not problems, f"{context}: {problems[:5]}"


def _kill_rounds(tmp_path: Path, source: Path, seed: int, rounds: int, kills: int, prepare=None) -> None:
    """`rounds` times: a fresh catalog (optionally prepared), `kills` killed runs, then a full re-run
    that must equal the uninterrupted reference."""
    reference = tmp_path / "reference.db"
    if prepare:
        prepare(reference)
    duration = _run(source, reference)
    rerun = _run(source, reference)  # a pass over the same input with nothing left to write: the shortest run
    expected = dump(reference)
    rng = random.Random(seed)
    interrupted = 0
    for round_number in range(rounds):
        landed = 0
        db = tmp_path / f"round{round_number}.db"
        if prepare:
            prepare(db)
        for kill in range(kills):
            # First kill: uniform over a whole run (start-up, migrations, batches, the end). Later ones: within
            # the shortest possible run, as earlier runs already wrote part of the input.
            delay = rng.uniform(0.2, (duration if kill == 0 else rerun) * 0.95)
            hit = kill_after(start(["run", str(source), "--db", str(db), "--quiet"], ENV), delay)
            figures.count("kills", hit)
            landed += hit
            _assert_sound(db, f"round {round_number} kill {kill} at {delay:.2f}s")
        _run(source, db)
        _assert_sound(db, f"round {round_number} after re-run")
        assert dump(db) == expected, f"round {round_number}: re-run after kills differs from an uninterrupted run"
        figures.count("kills_survived", landed)  # only once the round's every check passed
        interrupted += landed
        for leftover in tmp_path.glob(f"round{round_number}.db*"):
            leftover.unlink()
    # Most kills must interrupt a running process, or this test proves nothing.
    assert interrupted >= rounds * kills * 0.6, f"only {interrupted} kills landed mid-run"


def test_killed_first_ingest_recovers(tmp_path):
    source = write_digest(tmp_path / "big.md", ENTRIES, seed=11)
    _kill_rounds(tmp_path, source, seed=1, rounds=7, kills=5)


def test_killed_update_of_every_paper_recovers(tmp_path):
    """The update path deletes and rewrites each paper's findings: a kill there must not lose links."""
    old = write_digest(tmp_path / "v1.md", ENTRIES, seed=21, version=1)
    new = write_digest(tmp_path / "v2.md", ENTRIES, seed=22, version=2)
    template = tmp_path / "v1-catalog.db"
    _run(old, template)

    def prepare(db: Path) -> None:
        shutil.copy(template, db)

    _kill_rounds(tmp_path, new, seed=2, rounds=5, kills=5, prepare=prepare)


# ---- harvest check ----

CHECK_REPOS = 300


def _check_args(db: Path, gh) -> tuple[list[str], dict[str, str]]:
    env = harvest_env(HARVEST_GITHUB_API_URL=gh.api_url, HARVEST_GITHUB_URL=gh.web_url)
    return ["check", "--db", str(db), "--method", "rest", "--quiet", "--concurrency", "4",
            "--retry-delay", "0.01", "--timeout", "5"], env


def _statuses(db: Path) -> list[tuple]:
    """What a check decides, without when it decided it."""
    import sqlite3
    conn = sqlite3.connect(db, timeout=60)
    try:
        return sorted(conn.execute("SELECT forge, owner, name, status, detail, http_status, moved_to FROM v_repo_status"))
    finally:
        conn.close()


def test_killed_check_recovers(tmp_path):
    from tests.support.catalog import make_catalog
    from tests.support.github_api import GitHubStandIn, synthetic

    population = synthetic(CHECK_REPOS, seed=9)
    template = tmp_path / "template"
    template.mkdir()
    make_catalog(template, [(o, n) for o, n, _ in population.catalog]).dispose()
    rng = random.Random(3)
    interrupted = 0
    # Latency makes a run last long enough to be interrupted at many points.
    with GitHubStandIn(population.repos, latency=0.01) as gh:
        reference = tmp_path / "reference.db"
        shutil.copy(template / "catalog.db", reference)
        args, env = _check_args(reference, gh)
        began = time.monotonic()
        assert harvest(*args, env=env).returncode == 0
        duration = time.monotonic() - began
        expected = _statuses(reference)
        for round_number in range(4):
            db = tmp_path / f"check{round_number}.db"
            shutil.copy(template / "catalog.db", db)
            args, env = _check_args(db, gh)
            landed = 0
            for kill in range(5):
                delay = rng.uniform(0.3, duration * 0.6)
                hit = kill_after(start(args, env), delay)
                figures.count("kills", hit)
                landed += hit
                assert not storage_problems(db), f"round {round_number} kill {kill}"
                assert all(row[3] in (None, "available", "archived", "empty", "moved", "missing", "blocked", "unknown")
                           for row in _statuses(db))
            assert harvest(*args, env=env).returncode == 0  # continues with the repositories still due
            assert _statuses(db) == expected
            figures.count("kills_survived", landed)
            interrupted += landed
    assert interrupted >= 14, f"only {interrupted} kills landed mid-check"
