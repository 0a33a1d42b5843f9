"""Other forges (GitLab, Bitbucket, Gitee, Hugging Face, SourceForge): plain page checks on a local server."""

from __future__ import annotations

from harvester.check.forges import Endpoints
from tests.support.catalog import history, make_catalog, repo_row, statuses
from tests.support.checking import check
from tests.support.github_api import FakeRepo, GitHubStandIn


def test_site_statuses(tmp_path):
    engine = make_catalog(tmp_path, [
        ("gitlab", "group", "tool"), ("gitlab", "group", "gone"), ("gitlab", "group", "old"),
        ("bitbucket", "team", "secret"), ("huggingface", "org", "model"), ("gitee", "lab", "taken"),
    ])
    repos = [FakeRepo("group", "tool"), FakeRepo("group", "old", moved_to="group/new"), FakeRepo("group", "new"),
             FakeRepo("team", "secret", private=True), FakeRepo("org", "model"), FakeRepo("lab", "taken", blocked="dmca")]
    with GitHubStandIn(repos, login_wall=True) as site:
        summary = check(engine, site, "git")
        assert site.count("api") == 0
    assert statuses(engine) == {
        "group/tool": "available", "group/gone": "missing", "group/old": "moved", "group/new": "available",
        "team/secret": "missing", "org/model": "available", "lab/taken": "blocked",
    }
    assert summary.checked == 6
    assert repo_row(engine, "group", "new").forge == "gitlab"
    assert repo_row(engine, "group", "new").url == "https://gitlab.com/group/new"
    assert history(engine, "team", "secret")[-1].detail == "login required (private or missing)"
    assert {c.method for c in history(engine, "group", "tool")} == {"http"}


def test_sourceforge_pages_live_under_projects(tmp_path):
    engine = make_catalog(tmp_path, [("sourceforge", "ignored", "tool")])
    with GitHubStandIn([FakeRepo("projects", "tool")]) as site:
        check(engine, site, "git")
        assert site.count("web", "/projects/tool") == 1
    assert statuses(engine) == {"ignored/tool": "available"}


def test_redirect_to_another_host_is_not_followed(tmp_path):
    engine = make_catalog(tmp_path, [("gitlab", "group", "away")])
    with GitHubStandIn([]) as elsewhere, GitHubStandIn([]) as site:
        site.add(FakeRepo("group", "away", redirect_to=f"{elsewhere.web_url}/group/away"))
        check(engine, site, "git")
        assert elsewhere.count() == 0
    row = repo_row(engine, "group", "away")
    assert (row.status, row.status_detail, row.http_status) == ("unknown", "redirected to another host", 302)


def test_site_base_urls_come_from_the_environment():
    environ = {"HARVEST_GITLAB_URL": "http://127.0.0.1:8001/", "HARVEST_SOURCEFORGE_URL": "http://127.0.0.1:8002"}
    endpoints = Endpoints.configure(environ=environ)
    assert endpoints.site_page("gitlab", "g", "r") == "http://127.0.0.1:8001/g/r"
    assert endpoints.site_page("sourceforge", "x", "r") == "http://127.0.0.1:8002/projects/r"
    assert endpoints.site_page("bitbucket", "t", "r") == "https://bitbucket.org/t/r"
    assert endpoints.github_api == "https://api.github.com" and endpoints.github_web == "https://github.com"
