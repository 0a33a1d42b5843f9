"""`harvest check` from the command line: end to end on the example digest, stops, and bad options."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harvester.cli import app
from tests.support.catalog import make_catalog
from tests.support.checking import TOKEN
from tests.support.github_api import FakeRepo, GitHubStandIn

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "arxiv-cs.CV-2021-01-22.md"


def harvest(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "harvester", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env}, timeout=120)


def test_run_check_sql_end_to_end(tmp_path):
    db = str(tmp_path / "catalog.db")
    repos = [FakeRepo("LayneH", "self-adaptive-training", stars=120), FakeRepo("ucas-vg", "Anti-UAV", archived=True),
             FakeRepo("mergarsal", "FastCertRelPose", moved_to="mergarsal/fast-cert-relpose"),
             FakeRepo("mergarsal", "fast-cert-relpose")]  # arkel23/animesion: gone
    with GitHubStandIn(repos) as gh:
        env = {"HARVEST_DB": db, "HARVEST_GITHUB_API_URL": gh.api_url, "HARVEST_GITHUB_URL": gh.web_url,
               "GITHUB_TOKEN": TOKEN}
        ran = harvest("run", str(EXAMPLE), "--quiet", env=env)
        assert ran.returncode == 0, ran.stderr
        checked = harvest("check", "--method", "rest", "--json", "--retry-delay", "0.01", "--timeout", "2", env=env)
        assert checked.returncode == 0, checked.stderr
        contacted = {h.listener for h in gh.hits}
    summary = json.loads(checked.stdout)
    assert summary["checked"] == 4 and summary["stopped"] is None
    assert summary["statuses"] == {"available": 1, "archived": 1, "empty": 0, "moved": 1, "missing": 1,
                                   "blocked": 0, "unknown": 0}
    assert summary["requests"] == 5 and summary["rate_limit_remaining"] == 4995
    assert contacted == {"api"}
    shown = harvest("sql", "select * from v_repo_status order by owner, name", "--json", env=env)
    rows = {(r["owner"], r["name"]): r for r in json.loads(shown.stdout)}
    assert {k: r["status"] for k, r in rows.items()} == {
        ("LayneH", "self-adaptive-training"): "available", ("arkel23", "animesion"): "missing",
        ("mergarsal", "FastCertRelPose"): "moved", ("mergarsal", "fast-cert-relpose"): "available",
        ("ucas-vg", "Anti-UAV"): "archived",
    }
    assert rows[("mergarsal", "FastCertRelPose")]["moved_to"] == "https://github.com/mergarsal/fast-cert-relpose"
    assert rows[("arkel23", "animesion")]["http_status"] == 404 and rows[("arkel23", "animesion")]["checked_at"]
    for out in (ran, checked, shown):
        assert TOKEN not in out.stdout + out.stderr


def invoke(*args: str, env: dict[str, str | None]):
    return CliRunner().invoke(app, ["check", *args], env={"GITHUB_TOKEN": None, **env})


def test_rate_limit_stop_is_one_line_and_exit_1(tmp_path):
    make_catalog(tmp_path, [("octo", f"r{i}") for i in range(4)])
    db = str(tmp_path / "catalog.db")
    with GitHubStandIn([FakeRepo("octo", f"r{i}") for i in range(4)], core_limit=2) as gh:
        result = invoke("--db", db, "--method", "rest", "--concurrency", "1", "--github-api-url", gh.api_url,
                        "--retry-delay", "0", env={"GITHUB_TOKEN": TOKEN})
    assert result.exit_code == 1
    error = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(error) == 1 and "rate limit exhausted" in error[0] and "resets at" in error[0]
    assert "results so far are kept" in error[0]
    assert "available" in result.stdout and TOKEN not in result.stdout + result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["--method", "graphql"], "needs a token"),
    (["--method", "svn"], "--method must be one of"),
    (["--status", "gone"], "--status must be one of"),
    (["--forge", "myforge"], "--forge must be one of"),
    (["--stale-after", "soon"], "not a duration"),
    (["--github-api-url", "file:///etc/passwd"], "must be an http(s) base URL"),
])
def test_bad_options_fail_before_anything_runs(tmp_path, args, message):
    make_catalog(tmp_path)
    result = invoke("--db", str(tmp_path / "catalog.db"), *args, env={})
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_missing_catalog_is_an_error_not_a_new_catalog(tmp_path):
    result = invoke("--db", str(tmp_path / "typo.db"), env={})
    assert result.exit_code == 2 and "no such catalog" in result.stderr
