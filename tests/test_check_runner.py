"""The run as a whole: what is selected, what is written when, what is never contacted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, text, update

from harvester.check.runner import ConfigError, run_check
from harvester.check.select import UNCHECKED, Selection
from tests.support.catalog import REPOS, history, make_catalog, repo_row, statuses
from tests.support.checking import TOKEN, check, options
from tests.support.github_api import Faults, FakeRepo, GitHubStandIn


def test_connection_failures_are_unknown_never_missing(tmp_path):
    engine = make_catalog(tmp_path, [("octo", "a"), ("gitlab", "g", "b")])
    for method in ("rest", "git"):
        summary = run_check(engine, options(method=method))  # every base URL refuses connections
        assert summary.statuses == {"unknown": 2}
    assert statuses(engine) == {"octo/a": "unknown", "g/b": "unknown"}
    assert {c.detail for c in history(engine, "octo", "a")} == {"connection failed"}


def test_unknown_never_replaces_a_definite_status(tmp_path):
    engine = make_catalog(tmp_path, [("octo", "gone")])
    with GitHubStandIn([]) as gh:
        check(engine, gh, "rest")
    definite = repo_row(engine, "octo", "gone")
    run_check(engine, options(method="rest"))  # nothing answers now
    after = repo_row(engine, "octo", "gone")
    assert (after.status, after.status_detail, after.http_status, after.checked_at) == (
        "missing", definite.status_detail, 404, definite.checked_at)
    assert [c.result for c in history(engine, "octo", "gone")] == ["missing", "unknown"]


def test_selection_by_staleness_status_forge_and_limit(tmp_path):
    engine = make_catalog(tmp_path, [("octo", f"r{i}") for i in range(5)] + [("gitlab", "g", "x")])
    with GitHubStandIn([FakeRepo("octo", "r0"), FakeRepo("octo", "r1"), FakeRepo("g", "x")]) as gh:
        assert check(engine, gh, "rest", selection=Selection(forges=["github"], limit=3)).checked == 3
        assert statuses(engine)["g/x"] is None and list(statuses(engine).values()).count(None) == 3
        # checked a moment ago: not stale; the rest is still due
        assert check(engine, gh, "rest", selection=Selection(stale_after=timedelta(days=7))).checked == 3
        assert check(engine, gh, "rest", selection=Selection(stale_after=timedelta(days=7))).checked == 0
        recheck = check(engine, gh, "rest", selection=Selection(statuses=["missing"], stale_after=None))
        assert recheck.statuses == {"missing": 3}
        assert check(engine, gh, "rest", selection=Selection(statuses=[UNCHECKED], stale_after=None)).checked == 0
    with engine.begin() as conn:  # make one check old
        conn.execute(update(REPOS).where(REPOS.c.name == "r0").values(checked_at=text("datetime('now', '-30 days')")))
    with GitHubStandIn([FakeRepo("octo", "r0")]) as gh:
        assert check(engine, gh, "rest", selection=Selection(stale_after=timedelta(days=7))).checked == 1


def test_unknown_is_always_due(tmp_path):
    engine = make_catalog(tmp_path, [("octo", "a")])
    run_check(engine, options(method="rest"))
    with GitHubStandIn([FakeRepo("octo", "a")]) as gh:
        assert check(engine, gh, "rest", selection=Selection(stale_after=timedelta(days=7))).checked == 1
    assert statuses(engine) == {"octo/a": "available"}


def test_only_configured_hosts_are_contacted(tmp_path):
    engine = make_catalog(tmp_path, [("octo", "a"), ("..", "etc"), ("octo", "..")])
    with engine.begin() as conn:  # whatever URLs ingest recorded, and whatever forges
        conn.execute(update(REPOS).where(REPOS.c.owner == "octo").values(url="http://169.254.169.254/latest/meta-data"))
        conn.execute(REPOS.insert(), [
            {"forge": "file", "owner": "etc", "name": "passwd", "owner_key": "etc", "name_key": "passwd",
             "url": "file:///etc/passwd"},
            {"forge": "169.254.169.254", "owner": "latest", "name": "meta-data", "owner_key": "latest",
             "name_key": "meta-data", "url": "http://169.254.169.254/latest/meta-data"},
        ])
    with GitHubStandIn([FakeRepo("octo", "a")]) as gh:
        for method in ("rest", "git"):
            summary = check(engine, gh, method)
            assert summary.checked == 3 and set(summary.requests) == {gh.api_url[7:] if method == "rest" else gh.web_url[7:]}
        assert {h.path for h in gh.hits} == {"/repos/octo/a", "/octo/a.git/info/refs"}
    assert statuses(engine)["../etc"] == "unknown"
    assert history(engine, "..", "etc")[-1].detail == "not a usable repository name: '..'"
    assert statuses(engine)["etc/passwd"] is None and statuses(engine)["latest/meta-data"] is None


def test_interrupted_run_keeps_results_and_the_next_continues(tmp_path):
    names = [("octo", f"r{i}") for i in range(12)]
    engine = make_catalog(tmp_path, names)

    def interrupt_after_five(results, summary):
        if summary.checked >= 5:
            raise KeyboardInterrupt

    with GitHubStandIn([FakeRepo(o, n) for o, n in names], latency=0.01) as gh:
        with pytest.raises(KeyboardInterrupt):
            run_check(engine, options(gh.api_url, gh.web_url, method="rest", concurrency=1,
                                      selection=Selection()), interrupt_after_five)
        kept = [s for s in statuses(engine).values() if s]
        assert len(kept) >= 5
        check(engine, gh, "rest", selection=Selection())
        asked = [h.path for h in gh.hits]
    assert set(statuses(engine).values()) == {"available"}
    assert len(asked) <= len(names) + 1 and set(asked) == {f"/repos/octo/r{i}" for i in range(12)}


def test_concurrency_is_a_hard_cap(tmp_path):
    names = [("octo", f"r{i}") for i in range(40)]
    engine = make_catalog(tmp_path, names)
    with GitHubStandIn([FakeRepo(o, n) for o, n in names], latency=0.03) as gh:
        check(engine, gh, "git", concurrency=4)
        assert 2 <= gh.max_in_flight <= 4


def test_token_never_reaches_catalog_messages_or_reprs(tmp_path):
    engine = make_catalog(tmp_path, [("octo", "a"), ("octo", "b")])
    faults = Faults(rate=1.0, seed=2, kinds=("reset", "truncated", "invalid", "timeout"), timeout_sleep=0.3)
    with GitHubStandIn([FakeRepo("octo", "a")], faults=faults) as gh:
        summary = check(engine, gh, "rest", timeout=0.1)
        opts = options(gh.api_url, gh.web_url, method="rest")
    with engine.connect() as conn:
        dump = "\n".join(str(tuple(row)) for table in ("repositories", "repo_checks")
                         for row in conn.execute(text(f"SELECT * FROM {table}")))
    assert "unknown" in dump
    for where in (dump, repr(opts), str(opts), repr(summary)):
        assert TOKEN not in where


def test_graphql_without_a_token_is_refused_before_any_request(tmp_path):
    engine = make_catalog(tmp_path, [("octo", "a")])
    with pytest.raises(ConfigError, match="needs a token"):
        run_check(engine, options(method="graphql", token=None))
    assert options(token=None).github_method() == "git" and options().github_method() == "graphql"
    with engine.connect() as conn:
        assert conn.execute(select(REPOS.c.status)).scalar_one() is None


def test_rejected_token_stops_the_run(tmp_path):
    engine = make_catalog(tmp_path, [("octo", "a"), ("octo", "b")])
    with GitHubStandIn([FakeRepo("octo", "a"), FakeRepo("octo", "b")]) as gh:
        gh.fail_next("/graphql", 401)
        summary = check(engine, gh, "graphql")
    assert summary.stopped and "rejected the token" in summary.stopped
    assert set(statuses(engine).values()) == {None}


def test_results_are_written_while_the_run_goes_on(tmp_path):
    names = [("octo", f"r{i}") for i in range(20)]
    engine = make_catalog(tmp_path, names)
    seen_written = []

    def look(results, summary):
        if summary.checked == 18:
            with engine.connect() as conn:
                seen_written.append(conn.execute(text("SELECT count(*) FROM repo_checks")).scalar_one())

    with GitHubStandIn([FakeRepo(o, n) for o, n in names], latency=0.03) as gh:
        run_check(engine, options(gh.api_url, gh.web_url, method="git", concurrency=1, flush_every=0.2), look)
    assert seen_written and seen_written[0] > 0  # flushed on time, long before the end
