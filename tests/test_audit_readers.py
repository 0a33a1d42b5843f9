"""The readers against real servers: git over smart HTTP, the GitHub API stand-in, the archives stand-in."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

import pytest

from harvester.audit.archive import ask_archives
from harvester.audit.checklist import score
from harvester.audit.http import NO_ANSWER, web
from harvester.audit.snapshot import Limits, PaperInfo, ReadError
from harvester.audit.tree_api import read_api
from harvester.audit.tree_git import read_git

from tests.support import research_repos as shapes
from tests.support.archives import ArchiveStub
from tests.support.git_server import GitServer, make_bare_repo
from tests.support.github_contents import ApiRepo, GitHubContents

PAPER = [PaperInfo(shapes.PAPER_ID, shapes.PAPER_TITLE)]
TRAP = {**shapes.COMPLETE, "setup.py": "open('/tmp/harvest-audit-trap', 'w').write('ran')\n",
        ".gitattributes": "* filter=evil\n", ".githooks/post-checkout": "#!/bin/sh\ntouch /tmp/harvest-audit-trap\n"}


@pytest.fixture(scope="module")
def git_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("git")
    make_bare_repo(root, "lab", "complete", shapes.COMPLETE, date="2021-03-04T05:06:07+02:00")
    make_bare_repo(root, "lab", "soon", shapes.COMING_SOON)
    make_bare_repo(root, "lab", "nolicence", shapes.NO_LICENSE, gitlinks=["ext/sub"])
    make_bare_repo(root, "lab", "empty", None)
    make_bare_repo(root, "lab", "trap", TRAP)
    with GitServer(root, statuses={"/lab/broken": 500, "/lab/gone": 404}) as server:
        yield server


def test_git_reads_a_complete_repository(git_server):
    snap = read_git(f"{git_server.url}/lab/complete.git")
    assert sorted(snap.paths) == sorted(shapes.COMPLETE)
    assert snap.readme == shapes.COMPLETE["README.md"] and snap.license_text == shapes.MIT
    assert snap.files["requirements.txt"] == shapes.COMPLETE["requirements.txt"]
    assert "train.py" not in snap.files  # only the blobs the scorer reads are fetched
    assert snap.last_commit_at == datetime(2021, 3, 4, 3, 6, 7) and len(snap.commit_sha) == 40
    result = score(snap, PAPER)
    assert result.score == 5 and result.license == "MIT" and result.cites_arxiv_id == shapes.PAPER_ID
    assert not result.placeholder.value
    assert all(path.startswith("/lab/complete.git/") for path in git_server.requests if "complete" in path)


def test_git_coming_soon_no_licence_and_empty(git_server):
    soon = score(read_git(f"{git_server.url}/lab/soon.git"), PAPER)
    assert soon.placeholder.value and soon.score == 0 and soon.cites_paper.value and soon.cites_arxiv_id is None
    bare = read_git(f"{git_server.url}/lab/nolicence.git")
    assert bare.submodules == ["ext/sub"] and bare.license_path is None
    result = score(bare, PAPER)
    assert result.license is None and result.dependencies.paths == ["environment.yml"]
    assert not result.training.value  # third_party/lib/train.py is vendored
    empty = read_git(f"{git_server.url}/lab/empty.git")
    assert empty.paths == [] and empty.readme == ""
    result = score(empty, PAPER)
    assert result.score == 0 and not result.placeholder.value


def test_git_failures_say_whether_they_are_definite(git_server):
    with pytest.raises(ReadError) as gone:
        read_git(f"{git_server.url}/lab/gone.git")
    assert gone.value.definite
    with pytest.raises(ReadError) as broken:
        read_git(f"{git_server.url}/lab/broken.git")
    assert not broken.value.definite


def test_git_runs_nothing_and_leaves_nothing(git_server, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    trap = Path("/tmp/harvest-audit-trap")
    trap.unlink(missing_ok=True)
    result = score(read_git(f"{git_server.url}/lab/trap.git"), PAPER)
    assert result.score == 5 and not trap.exists()
    assert list(tmp_path.iterdir()) == []  # the clone's temporary folder is gone


def test_git_caps(git_server):
    snap = read_git(f"{git_server.url}/lab/complete.git", Limits(max_blob_bytes=100, max_tree_entries=3))
    assert snap.truncated and len(snap.paths) == 3
    assert len(snap.readme.encode()) <= 100 or snap.readme_path is None


@pytest.fixture(scope="module")
def api():
    repos = {
        "lab/complete": ApiRepo(shapes.COMPLETE, date="2021-03-04T03:06:07Z"),
        "lab/weights": ApiRepo(shapes.WEIGHTS_IN_RELEASES, releases=shapes.RELEASES, archived=True),
        "lab/nolicence": ApiRepo(shapes.NO_LICENSE, submodules=["ext/sub"]),
        "lab/empty": ApiRepo(None),
    }
    with GitHubContents(repos, token="s3cret-token") as server:
        yield server


def api_client(api):
    return web([api.url], api_url=api.url, token="s3cret-token", backoff=0)


def test_api_reads_what_git_reads(api, git_server):
    via_api = read_api(api_client(api), api.url, "lab", "complete")
    via_git = read_git(f"{git_server.url}/lab/complete.git")
    assert sorted(via_api.paths) == sorted(via_git.paths) and via_api.readme == via_git.readme
    assert via_api.license_text == via_git.license_text and via_api.last_commit_at == via_git.last_commit_at
    assert score(via_api, PAPER).evidence() == score(via_git, PAPER).evidence()
    assert all(headers.get("authorization") == "Bearer s3cret-token" for _, headers in api.requests)


def test_api_sees_release_weights_archived_flag_and_empty(api):
    snap = read_api(api_client(api), api.url, "lab", "weights")
    assert snap.archived and snap.release_assets == ["detector_r50_coco.pth", "source.zip"]
    result = score(snap, PAPER)
    assert result.pretrained.value and "detector_r50_coco.pth" in result.pretrained.evidence
    assert result.training.value and result.evaluation.value and result.license == "MIT"
    conda = read_api(api_client(api), api.url, "lab", "nolicence")
    assert conda.submodules == ["ext/sub"] and score(conda, PAPER).dependencies.value
    assert read_api(api_client(api), api.url, "lab", "empty").paths == []


def test_api_failures(api):
    with pytest.raises(ReadError) as missing:
        read_api(api_client(api), api.url, "lab", "nope")
    assert missing.value.definite
    with pytest.raises(NO_ANSWER) as refused:  # wrong token: 401 stops, records nothing, never shows the token
        read_api(web([api.url], api_url=api.url, token="wrong"), api.url, "lab", "complete")
    assert "wrong" not in str(refused.value) and "s3cret" not in str(refused.value)


def test_client_retries_then_gives_up_and_contacts_only_configured_hosts():
    with ArchiveStub(down={"swh"}) as stub:
        client = web([stub.url], retries=2, backoff=0.01)
        with pytest.raises(NO_ANSWER):
            client.get(f"{stub.url}/api/1/origin/x/get/")
        assert len(stub.requests) == 3
        with pytest.raises(NO_ANSWER, match="not configured"):
            client.get("http://127.0.0.1:1/elsewhere")


ORIGIN = "https://github.com/lab/gone"


def test_archives_answers():
    visit = {"date": "2021-02-03T04:05:06.123456+00:00", "snapshot": "ab" * 20}
    closest = {"available": True, "url": f"http://web.archive.org/web/20210122123456/{ORIGIN}",
               "timestamp": "20210122123456", "status": "200"}
    with ArchiveStub(swh={ORIGIN: visit}, wayback={ORIGIN: closest}) as stub:
        answer = ask_archives(web([stub.url]), stub.url, stub.url, ORIGIN)
    assert answer.swh_archived and answer.swh_snapshot == "ab" * 20
    assert answer.swh_last_visit == datetime(2021, 2, 3, 4, 5, 6, 123456)
    assert answer.wayback_timestamp == datetime(2021, 1, 22, 12, 34, 56) and answer.wayback_url == closest["url"]
    with ArchiveStub() as stub:
        nothing = ask_archives(web([stub.url]), stub.url, stub.url, ORIGIN)
    assert nothing.swh_archived is False and nothing.wayback_url is None and nothing.answered


def test_an_archive_that_cannot_be_asked_answers_none_not_false():
    with ArchiveStub(down={"swh"}) as stub:
        answer = ask_archives(web([stub.url], backoff=0), stub.url, stub.url, ORIGIN)
    assert answer.swh_archived is None and answer.wayback_answered and answer.answered
    assert "Software Heritage" in answer.detail
    with ArchiveStub(down={"swh", "wayback"}) as stub:
        answer = ask_archives(web([stub.url], backoff=0), stub.url, stub.url, ORIGIN)
    assert not answer.answered


def test_archive_requests_keep_their_pace():
    with ArchiveStub() as stub:
        client = web([stub.url], delay=0.2)
        ask_archives(client, stub.url, stub.url, ORIGIN)
        ask_archives(client, stub.url, stub.url, ORIGIN)
    gaps = [b - a for a, b in zip(stub.times, stub.times[1:])]
    assert len(gaps) == 3 and min(gaps) >= 0.19
