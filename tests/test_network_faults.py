"""`harvest check` under 30% transient faults (timeouts, resets, 500/502/503, 429, truncated and invalid bodies):
never `missing` unless missing, every unresolved repository `unknown` with a reason, and a fault never
downgrades a status a clean run established."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from harvester.check.retry import RetryPolicy
from tests.support import figures
from tests.support.catalog import make_catalog
from tests.support.checking import check
from tests.support.github_api import FAULT_KINDS, Faults, synthetic
from tests.support.hosts import CountingStandIn

pytestmark = pytest.mark.slow

REPOS = 120
METHODS = ("graphql", "rest", "git")  # "auto" is one of these
ROUNDS = 4
# Few retries on purpose: many repositories must stay unresolved, or the `unknown` rules go untested.
STINGY = RetryPolicy(retries=0, delay=0.001, secondary_delay=0.001)


def _current(engine: Engine) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT owner, name, status, detail FROM v_repo_status")).all()
    return {(r.owner.lower(), r.name.lower()): (r.status, r.detail) for r in rows}


def _faulty_check(engine: Engine, population, method: str, seed: int) -> tuple[int, int]:
    """One check run with 30% of requests faulted; returns (faults injected, requests received)."""
    faults = Faults(rate=0.3, seed=seed, kinds=FAULT_KINDS, timeout_sleep=0.3, retry_after=0)
    with CountingStandIn(population.repos, faults=faults) as gh:
        check(engine, gh, method, timeout=0.15, retry=STINGY)
    figures.count("faults_injected", gh.faults_injected)
    return gh.faults_injected, len(gh.hits)


def _enough(injected: int, requests: int) -> None:
    # GraphQL asks for many repositories per request, so one run meets few faults: tests repeat with new seeds.
    assert injected >= 0.2 * requests and injected >= 3, f"{injected} faults in {requests} requests prove too little"


@pytest.mark.parametrize("method", METHODS)
def test_faults_give_unknown_with_a_reason_never_a_wrong_status(tmp_path: Path, method: str):
    population = synthetic(REPOS, seed=3)
    expected = population.expected(method)
    totals, unknown = [0, 0], 0
    for seed in range(ROUNDS):  # each round a fresh catalog: nothing known before the faults
        (tmp_path / str(seed)).mkdir()
        engine = make_catalog(tmp_path / str(seed), [(o, n) for o, n, _ in population.catalog])
        injected, requests = _faulty_check(engine, population, method, seed=seed)
        totals = [totals[0] + injected, totals[1] + requests]
        current = _current(engine)
        wrong = {k: (current[k], want) for k, want in expected.items() if current[k][0] not in (want, "unknown")}
        unexplained = [k for k, (status, detail) in current.items() if status == "unknown" and not (detail or "").strip()]
        figures.count("fault_wrong_statuses", len(wrong) + len(unexplained))
        assert not wrong, f"faults produced wrong statuses: {list(wrong.items())[:5]}"
        assert not unexplained, f"unknown without a reason: {unexplained[:5]}"
        unknown += sum(status == "unknown" for status, _ in current.values())
    _enough(*totals)
    # GraphQL asks about 100 repositories per request and retries a failed batch at the end of
    # the run, so at 30% faults every batch usually gets its answer: only per-repository
    # methods are sure to leave some repositories unknown.
    assert unknown or method == "graphql", "no fault survived retries: test too weak"


@pytest.mark.parametrize("method", METHODS)
def test_faults_never_downgrade_a_known_status(tmp_path: Path, method: str):
    population = synthetic(REPOS, seed=4)
    engine = make_catalog(tmp_path, [(o, n) for o, n, _ in population.catalog])
    with CountingStandIn(population.repos) as gh:  # a clean run establishes every status
        check(engine, gh, method)
    expected = population.expected(method)
    known = {k: v for k, v in _current(engine).items() if k in expected}  # not the new names of moved ones
    assert {k: s for k, (s, _) in known.items()} == expected
    totals = [0, 0]
    for seed in range(ROUNDS):  # Selection(stale_after=None): every round rechecks everything
        injected, requests = _faulty_check(engine, population, method, seed=100 + seed)
        totals = [totals[0] + injected, totals[1] + requests]
        after = _current(engine)
        downgraded = {k: (known[k][0], after[k][0]) for k in known if after[k][0] != known[k][0]}
        figures.count("fault_wrong_statuses", len(downgraded))
        assert not downgraded, f"a fault replaced a definite status: {list(downgraded.items())[:5]}"
    _enough(*totals)
    with engine.connect() as conn:  # ...and the history shows the faults were really met this time
        unknown_checks = conn.execute(text("SELECT COUNT(*) FROM repo_checks WHERE result = 'unknown'")).scalar()
    assert unknown_checks > 0
