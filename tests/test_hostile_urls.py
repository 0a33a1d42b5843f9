"""Hostile URLs are recorded as links, never classified as forge repositories, never fetched: the checker talks
only to the configured forge hosts, and a local "evil" server standing for every other host receives nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from harvester.catalog.db import open_catalog
from harvester.extract import extract
from tests.support import figures
from tests.support.checking import check
from tests.support.corpus import digest_entry
from tests.support.github_api import FakeRepo
from tests.support.harvest import harvest
from tests.support.hostile_urls import NON_HTTP, hostile_urls
from tests.support.hosts import CountingStandIn, RecordingServer

LEGIT = ("good", "repo")


def _digest(path: Path, urls: list[str]) -> Path:
    """One paper per hostile URL (so each is its own sentence), plus two legitimate GitHub repositories."""
    entries = [digest_entry(i + 1, f"2101.{70000 + i:05d}", f"Hostile {i}", f"Code at {url} for you.")
               for i, url in enumerate(urls)]
    entries.append(digest_entry(len(urls) + 1, "2101.79998", "Legit", "Code at https://github.com/good/repo ."))
    entries.append(digest_entry(len(urls) + 2, "2101.79999", "Redirects", "Code at https://github.com/octo/redirector ."))
    path.write_text("# ArXiv cs.CV --Fri, 22 Jan 2021\n" + "".join(entries), encoding="utf-8")
    return path


def _rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("url", hostile_urls("127.0.0.1:8") + list(NON_HTTP))
def test_extraction_never_makes_a_repository_of_a_hostile_url(url):
    links = extract(f"Code at {url} for you.").links
    assert all(link.repo is None and link.kind != "repository" for link in links), [(l.url, l.repo) for l in links]


@pytest.mark.parametrize("url", NON_HTTP)
def test_non_http_schemes_are_recorded_as_links(url):
    assert [link.url for link in extract(f"Code at {url} for you.").links] == [url]


@pytest.mark.slow
def test_checker_contacts_only_configured_forge_hosts(tmp_path):
    with RecordingServer() as evil:
        evil_host = f"127.0.0.1:{evil.port}"
        urls = hostile_urls(evil_host)
        source = _digest(tmp_path / "hostile.md", urls)
        db = tmp_path / "catalog.db"
        assert harvest("run", str(source), "--db", str(db)).returncode == 0
        # Recorded: every hostile http(s) URL is a link row of its paper...
        stored = {u for (u,) in _rows(db, "SELECT url FROM links")}
        assert set(urls) <= stored, set(urls) - stored
        # ...and the only repositories are the two real GitHub ones.
        repos = sorted(_rows(db, "SELECT forge, owner_key, name_key FROM repositories"))
        assert repos == [("github", "good", "repo"), ("github", "octo", "redirector")]

        repos_served = [FakeRepo(*LEGIT), FakeRepo("octo", "redirector", redirect_to=f"{evil.url}/octo/redirector")]
        for method in ("graphql", "rest", "git"):
            with CountingStandIn(repos_served) as gh:
                check(open_catalog(str(db)), gh, method)
                paths = {h.path for h in gh.hits}
            # Only the catalogued repositories were asked about, in the forge's own URL shapes.
            assert all(("good" in p or "redirector" in p or p.startswith(("/graphql", "/rate_limit"))) for p in paths), paths
            figures.count("forbidden_offered", len(urls) + 1)  # every hostile URL and the off-forge redirect
        figures.count("forbidden_made", len(evil.requests))
        assert evil.requests == [], evil.requests
