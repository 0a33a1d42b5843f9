"""`harvest audit` end to end: a catalog from a digest, real git and API servers, archive stand-ins, the views."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import text

from harvester.audit.runner import Selection, due_for_archives, due_for_audit
from harvester.catalog.db import make_engine

from tests.support import research_repos as shapes
from tests.support.archives import ArchiveStub
from tests.support.catalog_dump import dump
from tests.support.git_server import GitServer, make_bare_repo
from tests.support.github_contents import ApiRepo, GitHubContents

DIGEST = f"""# ArXiv cs.CV --Fri, 22 Jan 2021
### 1.{shapes.PAPER_TITLE}  [ :arrow_down: ](https://arxiv.org/pdf/{shapes.PAPER_ID}.pdf)
>  We learn things from other things. Code: https://github.com/lab/complete      
### 2.Coming Things  [ :arrow_down: ](https://arxiv.org/pdf/2101.00002.pdf)
>  Code will be released at https://github.com/lab/soon      
### 3.Weighty Things  [ :arrow_down: ](https://arxiv.org/pdf/2101.00003.pdf)
>  Code and models: https://github.com/lab/weights      
### 4.Lost Things  [ :arrow_down: ](https://arxiv.org/pdf/2101.00004.pdf)
>  Code: https://github.com/lab/gone and https://github.com/lab/hidden      
"""
GONE = "https://github.com/lab/gone"
TOKEN = "ghp_s3cretTOKENvalue"


@pytest.fixture
def catalog(cli, tmp_path, db_path):
    digest = tmp_path / "digest.md"
    digest.write_text(DIGEST)
    assert cli("run", str(digest), "--db", str(db_path)).exit_code == 0
    engine = make_engine(str(db_path))
    with engine.begin() as conn:  # the checker's job; set here so the audit has something to do
        conn.execute(text("UPDATE repositories SET status = 'available' WHERE name IN ('complete', 'soon', 'weights')"))
        conn.execute(text("UPDATE repositories SET status = 'missing' WHERE name = 'gone'"))
        conn.execute(text("UPDATE repositories SET status = 'blocked' WHERE name = 'hidden'"))
    return db_path


@pytest.fixture
def servers(tmp_path):
    root = tmp_path / "git"
    make_bare_repo(root, "lab", "complete", shapes.COMPLETE)
    make_bare_repo(root, "lab", "soon", shapes.COMING_SOON)
    make_bare_repo(root, "lab", "weights", shapes.WEIGHTS_IN_RELEASES)
    api_repos = {"lab/complete": ApiRepo(shapes.COMPLETE), "lab/soon": ApiRepo(shapes.COMING_SOON),
                 "lab/weights": ApiRepo(shapes.WEIGHTS_IN_RELEASES, releases=shapes.RELEASES)}
    archive = {"swh": {GONE: {"date": "2021-02-03T04:05:06+00:00", "snapshot": "ab" * 20}},
               "wayback": {GONE: {"available": True, "url": f"http://web.archive.org/web/20210122123456/{GONE}",
                                  "timestamp": "20210122123456", "status": "200"}}}
    with GitServer(root) as git, GitHubContents(api_repos, token=TOKEN) as api, ArchiveStub(**archive) as archives:
        yield git, api, archives


def urls(git, api, archives) -> list[str]:
    return ["--github-url", git.url, "--github-api-url", api.url, "--swh-url", archives.url,
            "--wayback-url", archives.url, "--archive-delay", "0"]


def views(cli, db_path, view: str) -> list[dict]:
    result = cli("sql", f"SELECT * FROM {view} ORDER BY name", "--db", str(db_path), "--format", "json")
    return json.loads(result.stdout)


def test_audit_with_git_then_query_the_views(cli, catalog, servers):
    git, api, archives = servers
    result = cli("audit", "--db", str(catalog), *urls(*servers), "--json", env={"GITHUB_TOKEN": ""})
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["summary"]["audited"] == 3 and report["summary"]["score_distribution"]["5"] == 1
    audits = {r["name"]: r for r in views(cli, catalog, "v_repo_audit")}
    assert set(audits) == {"complete", "soon", "weights"}
    assert (audits["complete"]["score"], audits["complete"]["license"], audits["complete"]["cites_paper"]) == (5, "MIT", 1)
    assert audits["soon"]["placeholder"] == 1 and audits["soon"]["score"] == 0
    assert audits["weights"]["pretrained"] == 0  # git cannot see release assets
    assert audits["complete"]["last_commit_at"].startswith("2021-01-20")
    assert api.requests == []  # no token: the API was not used
    archived = {r["name"]: r for r in views(cli, catalog, "v_repo_archive")}
    assert archived["gone"]["swh_archived"] == 1 and archived["gone"]["wayback_timestamp"].startswith("2021-01-22 12:34:56")
    assert archived["hidden"]["swh_archived"] == 0 and archived["hidden"]["wayback_url"] is None
    evidence = json.loads(make_engine(str(catalog)).connect().execute(
        text("SELECT evidence FROM audits a JOIN repositories r ON r.id = a.repository_id WHERE r.name = 'complete'")).scalar())
    assert evidence["training"]["paths"] == ["train.py"] and evidence["license"]["spdx"] == "MIT"


def test_nothing_due_until_something_changes_and_history_is_kept(cli, catalog, servers):
    assert cli("audit", "--db", str(catalog), *urls(*servers), "--method", "git").exit_code == 0
    again = json.loads(cli("audit", "--db", str(catalog), *urls(*servers), "--method", "git", "--json").stdout)
    assert again["summary"]["audited"] == 0 and again["summary"]["archives_asked"] == 0
    engine = make_engine(str(catalog))
    with engine.begin() as conn:
        conn.execute(text("UPDATE repositories SET pushed_at = '2999-01-01 00:00:00' WHERE name = 'soon'"))
    changed = json.loads(cli("audit", "--db", str(catalog), *urls(*servers), "--method", "git", "--json",
                             "--no-archives", "--stale-after", "30d").stdout)
    assert [a["name"] for a in changed["audits"]] == ["soon"]
    forced = json.loads(cli("audit", "--db", str(catalog), *urls(*servers), "--method", "git", "--json", "--force",
                            "--archives-only").stdout)
    assert forced["summary"]["audited"] == 0 and forced["summary"]["archives_asked"] == 2
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM audits")).scalar() == 4
        assert conn.execute(text("SELECT COUNT(*) FROM archive_checks")).scalar() == 4
    assert len(views(cli, catalog, "v_repo_audit")) == 3 and len(views(cli, catalog, "v_repo_archive")) == 2
    later = datetime.now() + timedelta(days=100)  # past the default --stale-after: everything is due again
    assert len(due_for_audit(engine, Selection(), now=later)) == 3
    assert len(due_for_archives(engine, Selection(), now=later)) == 2
    # without an age limit only a change makes one due: 'soon' was pushed (in 2999) after its audit
    assert [t.name for t in due_for_audit(engine, Selection(stale_after=None), now=later)] == ["soon"]


def test_audit_with_a_token_uses_the_api_and_the_token_goes_nowhere_else(cli, catalog, servers):
    git, api, archives = servers
    result = cli("audit", "--db", str(catalog), *urls(*servers), "--limit", "10", env={"GITHUB_TOKEN": TOKEN})
    assert result.exit_code == 0, result.output
    assert "harvest audit" in result.stdout and "score 5" in result.stdout  # the summary table
    audits = {r["name"]: r for r in views(cli, catalog, "v_repo_audit")}
    assert audits["weights"]["pretrained"] == 1 and audits["weights"]["score"] == 4  # release assets seen
    assert git.requests == []
    assert all(h.get("authorization") == f"Bearer {TOKEN}" for _, h in api.requests)
    assert all("authorization" not in h for _, h in archives.requests)
    assert TOKEN not in result.output and TOKEN not in str(dump(catalog))


def test_failures_unanswered_are_not_recorded_and_exit_1(cli, catalog, servers, tmp_path):
    git, api, archives = servers
    with GitServer(tmp_path / "nothing", statuses={"/lab": 503}) as down, ArchiveStub(down={"swh", "wayback"}) as dead:
        result = cli("audit", "--db", str(catalog), "--github-url", down.url, "--swh-url", dead.url,
                     "--wayback-url", dead.url, "--archive-delay", "0", "--archive-retries", "1", "--method", "git", "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["summary"]["no_answer"] == 3 and report["summary"]["archives_recorded"] == 0
    assert views(cli, catalog, "v_repo_audit") == [] and views(cli, catalog, "v_repo_archive") == []


def test_a_repository_not_found_is_recorded_with_its_reason(cli, catalog, servers, tmp_path):
    git, api, archives = servers
    with GitServer(tmp_path / "nothing", statuses={"/lab": 404}) as empty:
        result = cli("audit", "--db", str(catalog), "--github-url", empty.url, "--no-archives", "--method", "git", "--json")
    assert result.exit_code == 0
    rows = views(cli, catalog, "v_repo_audit")
    assert len(rows) == 3 and all(r["score"] is None for r in rows)
    with make_engine(str(catalog)).connect() as conn:
        assert all("not found" in e for e in conn.execute(text("SELECT error FROM audits")).scalars())


def test_bad_options_are_one_line_errors(cli, catalog):
    result = cli("audit", "--db", str(catalog), "--method", "svn")
    assert result.exit_code == 2 and "--method" in result.stderr
    result = cli("audit", "--db", str(catalog), "--no-archives", "--archives-only")
    assert result.exit_code == 2 and "Traceback" not in result.output
    result = cli("audit", "--db", str(catalog), "--stale-after", "soon")
    assert result.exit_code == 2 and "--stale-after" in result.stderr
