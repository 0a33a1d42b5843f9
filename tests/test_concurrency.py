"""Two `harvest run` processes on one SQLite catalog at once: no "database is locked", no duplicates,
and the same facts as running them one after the other."""

from __future__ import annotations

import sqlite3

from pathlib import Path

import pytest

from tests.support import figures
from tests.support.corpus import write_digest
from tests.support.harvest import harvest, harvest_env, start, wait
from tests.support.invariants import duplicates, logical_dump, partial_papers, storage_problems

pytestmark = pytest.mark.slow

ENV = harvest_env(HARVEST_BATCH_SIZE="25")  # many short transactions: the two writers interleave a lot


def _together(db: Path, *sources: Path) -> None:
    processes = [start(["run", str(s), "--db", str(db), "--quiet"], ENV) for s in sources]
    for process in processes:
        result = wait(process)
        assert "locked" not in result.output.lower() and "Traceback" not in result.output, result.output
        assert result.returncode == 0, result.output
    figures.count("concurrent_runs", len(processes))


def _one_after_the_other(db: Path, *sources: Path) -> dict:
    for source in sources:
        assert harvest("run", str(source), "--db", str(db), "--quiet", env=ENV).returncode == 0
    return logical_dump(db)


def _assert_clean(db: Path) -> None:
    assert not storage_problems(db) + partial_papers(db) + duplicates(db)


@pytest.mark.parametrize("first_ids, second_ids", [
    ((0, 800), (800, 800)),   # disjoint papers (repositories still shared)
    ((0, 800), (400, 800)),   # half the papers in both
    ((0, 800), (0, 800)),     # the very same papers
], ids=["disjoint", "overlapping", "identical"])
def test_two_runs_on_a_fresh_catalog(tmp_path, first_ids, second_ids):
    """Fresh catalog: both processes also race to create the schema."""
    # One seed: a paper in both inputs has the same text in both, so the outcome cannot depend on who wrote last.
    a = write_digest(tmp_path / "a.md", first_ids[1], seed=5, first_id=first_ids[0])
    b = write_digest(tmp_path / "b.md", second_ids[1], seed=5, first_id=second_ids[0])
    together = tmp_path / "together.db"
    _together(together, a, b)
    _assert_clean(together)
    assert logical_dump(together) == _one_after_the_other(tmp_path / "sequential.db", a, b)


def test_older_and_newer_versions_at_once(tmp_path):
    """One process writes v1 of papers while another writes v2 of the same papers: v2 must win."""
    old = write_digest(tmp_path / "v1.md", 600, seed=7, version=1)
    new = write_digest(tmp_path / "v2.md", 600, seed=8, version=2)
    db = tmp_path / "catalog.db"
    assert harvest("db", "upgrade", "--db", str(db), env=ENV).returncode == 0
    _together(db, old, new)
    _assert_clean(db)
    # Repositories that only v1 linked stay in the catalog when v1 happened to be written first (they may
    # have check history); what the papers say must be v2's alone, whichever process won the race.
    _drop_unlinked_repositories(db)
    assert logical_dump(db) == _one_after_the_other(tmp_path / "sequential.db", new)


def _drop_unlinked_repositories(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM repositories WHERE id NOT IN (SELECT repository_id FROM links"
                     " WHERE repository_id IS NOT NULL) AND id NOT IN (SELECT repository_id FROM paper_repos)")
