"""The GitHub token never leaks: not on stdout or stderr, not in error text, not in any byte the commands write
(catalog, its WAL, reports, exports), even when servers fail, echo the request headers back, or URLs are bad."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE
from tests.support import figures
from tests.support.github_api import FakeRepo, GitHubStandIn
from tests.support.harvest import Finished, harvest, harvest_env
from tests.support.hosts import RecordingServer

pytestmark = pytest.mark.slow


def _leaks(token: str, outputs: list[Finished], folder: Path) -> list[str]:
    """Where the token appears: command outputs and every file under `folder` (catalog, -wal, -shm, reports)."""
    found = [f"output of command {i}" for i, out in enumerate(outputs) if token in out.output]
    needle = token.encode()
    found += [str(path) for path in folder.rglob("*") if path.is_file() and needle in path.read_bytes()]
    return found


def test_token_never_leaks(tmp_path):
    token = "ghp_" + secrets.token_hex(20)  # unique: any occurrence anywhere is a leak
    db = tmp_path / "catalog.db"
    out = tmp_path / "out"
    out.mkdir()
    outputs: list[Finished] = []
    with RecordingServer(echo_headers=True) as echo, GitHubStandIn([FakeRepo("LayneH", "self-adaptive-training")]) as gh:
        base = harvest_env(GITHUB_TOKEN=token, HARVEST_DB=str(db))
        echoing = {**base, "HARVEST_GITHUB_API_URL": echo.url, "HARVEST_GITHUB_URL": echo.url}
        working = {**base, "HARVEST_GITHUB_API_URL": gh.api_url, "HARVEST_GITHUB_URL": gh.web_url}
        commands: list[tuple[list[str], dict[str, str]]] = [
            (["db", "upgrade"], base),
            (["run", str(EXAMPLE), str(tmp_path / "missing.md"), f"http://127.0.0.1:{echo.port}/listing"], base),
            (["sql", "SELECT * FROM no_such_table"], base),
            (["sql", "DELETE FROM papers"], base),
            *[(["check", "--method", method, "--retries", "1", "--retry-delay", "0", "--timeout", "2", "--stale-after", "0"],
               echoing) for method in ("graphql", "rest", "git")],
            (["check", "--method", "rest", "--stale-after", "0", "--timeout", "1", "--retries", "0",
              "--github-api-url", "http://127.0.0.1:9"], base),  # connection refused
            (["check", "--github-api-url", "ht!tp://bad url"], base),
            (["check", "--method", "rest", "--stale-after", "0"], working),
            (["report", "--out", str(out / "report.html")], base),
            (["report", "--out", str(tmp_path / "no-such-dir" / "r.html")], base),
            (["export", "--format", "json", "--out", str(out)], base),
            (["export", "--format", "csv", "--out", str(out / "csv")], base),
            (["export", "--format", "json", "--view", "v_repo_status"], base),
        ]
        for args, env in commands:
            outputs.append(harvest(*args, env=env, timeout=120))
        for result in outputs:
            assert "Traceback" not in result.output, result.output[-2000:]
        # The echo server did get the token (so there was something to leak) and sent it straight back.
        assert any(token in str(headers) for _, _, headers in echo.requests), "the token was never at risk"
    figures.count("secret_commands", len(commands))
    leaks = _leaks(token, outputs, tmp_path)
    figures.count("secret_leaks", len(leaks))
    assert not leaks, leaks
