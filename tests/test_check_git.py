"""The git probe against a real git smart-HTTP server (git http-backend) serving real bare repositories."""

from __future__ import annotations

import pytest

from tests.support.catalog import history, make_catalog, repo_row, statuses
from tests.support.checking import options
from tests.support.git_server import GitServer, make_bare_repo
from harvester.check.runner import run_check


@pytest.fixture(scope="module")
def git_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("git")
    make_bare_repo(root, "octo", "full", {"README.md": "# full\n", "train.py": "print('train')\n"})
    make_bare_repo(root, "octo", "void")  # no commit at all
    make_bare_repo(root, "octo-new", "renamed", {"README.md": "moved here\n"})
    make_bare_repo(root, "octo", "taken", {"README.md": "x\n"})
    return root


def check_git(engine, server: GitServer, **overrides):
    return run_check(engine, options(web=server.url, method="git", **overrides))


def test_git_probe_statuses_from_real_repositories(tmp_path, git_root):
    engine = make_catalog(tmp_path, [("octo", "full"), ("octo", "void"), ("octo", "nothing"), ("octo", "old"),
                                     ("octo", "taken"), ("octo", "locked")])
    redirects = {"/octo/old": "/octo-new/renamed"}
    forced = {"/octo/taken": 451, "/octo/locked": 401}
    with GitServer(git_root, redirects=redirects, statuses=forced) as server:
        summary = check_git(engine, server)
        requested = list(server.requests)
    assert statuses(engine) == {
        "octo/full": "available", "octo/void": "empty", "octo/nothing": "missing", "octo/old": "moved",
        "octo/taken": "blocked", "octo/locked": "missing", "octo-new/renamed": "available",
    }
    assert summary.checked == 6
    assert repo_row(engine, "octo", "old").moved_to_id == repo_row(engine, "octo-new", "renamed").id
    assert history(engine, "octo", "nothing")[-1].detail == "not found (HTTP 404: missing or private)"
    # one ref advertisement per repository (and one more for the redirect), nothing else
    assert all(p.endswith("/info/refs?service=git-upload-pack") for p in requested)
    assert len(requested) == 7


def test_git_probe_case_only_redirect_is_not_a_move(tmp_path, git_root):
    engine = make_catalog(tmp_path, [("Octo", "FULL")])
    with GitServer(git_root, redirects={"/Octo/FULL": "/octo/full"}) as server:
        check_git(engine, server)
    assert statuses(engine) == {"Octo/FULL": "available"}
