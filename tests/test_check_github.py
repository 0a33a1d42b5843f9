"""GitHub, three ways (GraphQL, REST, git probe), against the local GitHub stand-in."""

from __future__ import annotations

import math
import time

import pytest
from sqlalchemy import text

from harvester.check.retry import RetryPolicy
from harvester.check.select import Selection
from tests.support.catalog import history, make_catalog, repo_row, statuses
from tests.support.checking import TOKEN, check
from tests.support.github_api import EXPECTED, Faults, FakeRepo, GitHubStandIn, synthetic

METHODS = ("graphql", "rest", "git")


def one_of_each() -> tuple[list[FakeRepo], list[tuple[str, str, str]]]:
    """One repository of every kind the stand-in knows, and the catalog rows naming them."""
    kinds = [kind for kind in EXPECTED]
    repos = [
        FakeRepo("octo", "available", stars=42, license="Apache-2.0", pushed_at="2021-03-04T05:06:07Z"),
        FakeRepo("octo", "archived", archived=True),
        FakeRepo("octo", "empty", empty=True),
        FakeRepo("octo", "private", private=True),
        FakeRepo("octo", "moved", moved_to="octo-new/renamed"),
        FakeRepo("octo-new", "renamed", stars=7),
        FakeRepo("octo", "blocked", blocked="dmca"),
        FakeRepo("octo", "disabled", disabled=True),
    ]
    return repos, [("octo", kind, kind) for kind in kinds]


@pytest.mark.parametrize("method", METHODS)
def test_every_status(tmp_path, method):
    repos, catalog = one_of_each()
    engine = make_catalog(tmp_path, [(o, n) for o, n, _ in catalog])
    with GitHubStandIn(repos) as gh:
        summary = check(engine, gh, method)
    found = statuses(engine)
    assert {f"octo/{kind}": found[f"octo/{kind}"] for _, _, kind in catalog} == {
        f"octo/{kind}": EXPECTED[kind][method] for _, _, kind in catalog}
    assert summary.checked == len(catalog) and summary.stopped is None
    # the move is recorded: the new name joins the catalog with its own status, the old row points at it
    assert found["octo-new/renamed"] == "available"
    assert repo_row(engine, "octo", "moved").moved_to_id == repo_row(engine, "octo-new", "renamed").id
    with engine.connect() as conn:
        view = conn.execute(text("SELECT status, detail, moved_to FROM v_repo_status WHERE name = 'moved'")).one()
    assert view.status == "moved" and view.moved_to == "https://github.com/octo-new/renamed"
    assert "octo-new/renamed" in view.detail


@pytest.mark.parametrize("method", ("graphql", "rest"))
def test_api_facts_are_kept(tmp_path, method):
    engine = make_catalog(tmp_path, [("octo", "available")])
    with GitHubStandIn([FakeRepo("octo", "available", stars=42, license="Apache-2.0",
                                 pushed_at="2021-03-04T05:06:07Z")]) as gh:
        check(engine, gh, method)
    row = repo_row(engine, "octo", "available")
    assert (row.stars, row.license_spdx, row.pushed_at.isoformat()) == (42, "Apache-2.0", "2021-03-04T05:06:07")
    assert row.http_status == 200 and row.checked_at is not None


def test_graphql_asks_for_100_repositories_per_request(tmp_path):
    population = synthetic(250, seed=3)
    engine = make_catalog(tmp_path, [(o, n) for o, n, _ in population.catalog])
    with GitHubStandIn(population.repos) as gh:
        summary = check(engine, gh, "graphql")
        assert gh.count("api", "/graphql") == math.ceil(250 / 100)
        assert gh.count("web") == 0
    assert summary.checked == 250 and sum(summary.requests.values()) / 250 <= 0.02
    assert summary.rate_remaining == 5000 - 3


def test_graphql_missing_alias_does_not_spoil_the_batch(tmp_path):
    engine = make_catalog(tmp_path, [("octo", "a"), ("octo", "gone"), ("octo", "b")])
    with GitHubStandIn([FakeRepo("octo", "a"), FakeRepo("octo", "b")]) as gh:
        check(engine, gh, "graphql")
    assert statuses(engine) == {"octo/a": "available", "octo/gone": "missing", "octo/b": "available"}
    assert history(engine, "octo", "gone")[-1].detail == "not found (missing or private)"


def test_graphql_on_github_enterprise_path(tmp_path):
    engine = make_catalog(tmp_path, [("octo", "a")])
    with GitHubStandIn([FakeRepo("octo", "a")], api_prefix="/api/v3") as gh:
        assert gh.api_url.endswith("/api/v3")
        check(engine, gh, "graphql")
        assert gh.count("api", "/api/graphql") == 1
    assert statuses(engine) == {"octo/a": "available"}


def test_rest_conditional_request_keeps_status_on_304(tmp_path):
    engine = make_catalog(tmp_path, [("octo", "arch")])
    with GitHubStandIn([FakeRepo("octo", "arch", archived=True)]) as gh:
        check(engine, gh, "rest")
        first = repo_row(engine, "octo", "arch")
        check(engine, gh, "rest")
        remaining = gh.limits["core"].remaining
    second = repo_row(engine, "octo", "arch")
    assert first.etag and second.etag == first.etag
    assert (second.status, second.http_status, second.status_detail) == ("archived", 200, first.status_detail)
    assert second.checked_at > first.checked_at
    checks = history(engine, "octo", "arch")
    assert [(c.http_status, c.result) for c in checks] == [(200, "archived"), (304, "archived")]
    assert remaining == 4999  # a 304 does not spend quota


@pytest.mark.parametrize("method", METHODS)
def test_flaky_502_recovers(tmp_path, method):
    engine = make_catalog(tmp_path, [("octo", "a")])
    path = {"graphql": "/graphql", "rest": "/repos/octo/a", "git": "/octo/a.git/info/refs"}[method]
    with GitHubStandIn([FakeRepo("octo", "a")]) as gh:
        gh.fail_next(path, 502, 502)
        check(engine, gh, method)
        assert gh.count(None, path) == 3
    assert statuses(engine) == {"octo/a": "available"}
    assert [c.result for c in history(engine, "octo", "a")] == ["available"]


@pytest.mark.parametrize("method", METHODS)
def test_persistent_errors_are_unknown_and_keep_the_definite_status(tmp_path, method):
    engine = make_catalog(tmp_path, [("octo", "a")])
    path = {"graphql": "/graphql", "rest": "/repos/octo/a", "git": "/octo/a.git/info/refs"}[method]
    with GitHubStandIn([FakeRepo("octo", "a")]) as gh:
        check(engine, gh, method)
        before = repo_row(engine, "octo", "a")
        gh.fail_next(path, 500, 503, 500, 502)
        check(engine, gh, method)
    after = repo_row(engine, "octo", "a")
    assert (after.status, after.checked_at, after.http_status) == ("available", before.checked_at, 200)
    last = history(engine, "octo", "a")[-1]
    assert (last.result, last.http_status, last.detail) == ("unknown", 502, "HTTP 502")


@pytest.mark.parametrize("method", METHODS)
def test_timeouts_are_unknown_never_missing(tmp_path, method):
    engine = make_catalog(tmp_path, [("octo", "slow")])
    faults = Faults(rate=1.0, kinds=("timeout",), timeout_sleep=0.5)
    with GitHubStandIn([FakeRepo("octo", "slow")], faults=faults) as gh:
        check(engine, gh, method, timeout=0.1, retry=RetryPolicy(retries=1, delay=0.01))
        assert gh.count() == 2
    row = repo_row(engine, "octo", "slow")
    assert row.status == "unknown" and row.status_detail == "timeout after 0.1s"


def test_primary_limit_stops_cleanly_and_the_next_run_continues(tmp_path):
    engine = make_catalog(tmp_path, [("octo", f"r{i}") for i in range(6)])
    repos = [FakeRepo("octo", f"r{i}") for i in range(6)]
    with GitHubStandIn(repos, core_limit=3, reset_after=1.0) as gh:
        summary = check(engine, gh, "rest", concurrency=1, selection=Selection())
        assert summary.stopped and "rate limit exhausted" in summary.stopped and "resets at" in summary.stopped
        assert summary.checked == 3 and summary.rate_remaining == 0
        assert list(statuses(engine).values()).count("available") == 3
        time.sleep(max(0.0, gh.limits["core"].reset - time.time()) + 0.05)
        before = gh.count("api")
        summary = check(engine, gh, "rest", concurrency=1, selection=Selection())
        assert gh.count("api") - before == 3  # only what was left
    assert summary.stopped is None and set(statuses(engine).values()) == {"available"}


def test_wait_for_reset_sleeps_and_goes_on(tmp_path):
    engine = make_catalog(tmp_path, [("octo", f"r{i}") for i in range(4)])
    with GitHubStandIn([FakeRepo("octo", f"r{i}") for i in range(4)], core_limit=2, reset_after=1.0) as gh:
        started = time.monotonic()
        summary = check(engine, gh, "rest", concurrency=2, wait_for_reset=True)
    assert summary.stopped is None and summary.checked == 4
    assert set(statuses(engine).values()) == {"available"}
    assert time.monotonic() - started >= 0.9


def test_graphql_rate_limited_error_stops_cleanly(tmp_path):
    population = synthetic(150, seed=5)
    engine = make_catalog(tmp_path, [(o, n) for o, n, _ in population.catalog])
    with GitHubStandIn(population.repos, graphql_limit=1) as gh:
        summary = check(engine, gh, "graphql", concurrency=1)
    assert summary.stopped and "rate limit exhausted" in summary.stopped
    assert summary.checked == 100  # the first query's answers are kept
    assert sum(1 for s in statuses(engine).values() if s is not None) >= 100


def test_secondary_limit_honours_retry_after(tmp_path):
    engine = make_catalog(tmp_path, [("octo", "a"), ("octo", "b")])
    with GitHubStandIn([FakeRepo("octo", "a"), FakeRepo("octo", "b")]) as gh:
        gh.secondary, gh.secondary_retry_after = 1, 1
        started = time.monotonic()
        summary = check(engine, gh, "rest", concurrency=1)
        assert gh.count("api") == 3
    assert time.monotonic() - started >= 1.0
    assert summary.stopped is None and set(statuses(engine).values()) == {"available"}


def test_repeated_secondary_limits_back_off_exponentially(tmp_path):
    engine = make_catalog(tmp_path, [("octo", "a")])
    with GitHubStandIn([FakeRepo("octo", "a")]) as gh:
        gh.secondary, gh.secondary_retry_after = 3, 0
        started = time.monotonic()
        check(engine, gh, "rest", retry=RetryPolicy(delay=0.1, secondary_delay=0.1))
        assert gh.count("api") == 4
    assert time.monotonic() - started >= 0.1 + 0.2 + 0.4  # doubling from the base delay
    assert statuses(engine) == {"octo/a": "available"}


def test_token_goes_only_to_the_api_host(tmp_path):
    engine = make_catalog(tmp_path, [("octo", "a"), ("octo", "moved"), ("octo", "away"),
                                     ("gitlab", "octo", "a")])
    repos = [FakeRepo("octo", "a"), FakeRepo("octo", "moved", moved_to="octo/a")]
    with GitHubStandIn(repos) as gh, GitHubStandIn([]) as elsewhere:
        gh.add(FakeRepo("octo", "away", redirect_to=f"{elsewhere.api_url}/repos/octo/away"))
        for method in METHODS:
            check(engine, gh, method)
        api = [h.authorization for h in gh.hits if h.listener == "api"]
        web = [h.authorization for h in gh.hits if h.listener == "web"]
        assert api and set(api) == {f"Bearer {TOKEN}"}
        assert web and set(web) == {None}
        assert elsewhere.count() == 0  # a redirect off the API host is not followed
    rest = [c for c in history(engine, "octo", "away") if c.method == "rest"]
    assert [(c.result, c.detail) for c in rest] == [("unknown", "redirected off the API host")]


@pytest.mark.parametrize("kind", ("timeout", "reset", "500", "502", "503", "429", "truncated", "invalid"))
@pytest.mark.parametrize("method", METHODS)
def test_each_transient_fault_is_retried_to_the_right_status(tmp_path, method, kind):
    population = synthetic(12, seed=11)
    engine = make_catalog(tmp_path, [(o, n) for o, n, _ in population.catalog])
    faults = Faults(rate=0.4, seed=7, kinds=(kind,), timeout_sleep=0.3)
    with GitHubStandIn(population.repos, faults=faults) as gh:
        check(engine, gh, method, timeout=0.1, retry=RetryPolicy(retries=8, delay=0.001, secondary_delay=0.001))
    expected = population.expected(method)
    found = {(k.split("/")[0].lower(), k.split("/")[1].lower()): v for k, v in statuses(engine).items()}
    assert {k: found[k] for k in expected} == expected
