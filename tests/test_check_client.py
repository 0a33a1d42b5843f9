"""The HTTP client on its own: cut answers, resets, size cap, redirects, where the token goes."""

from __future__ import annotations

import pytest

from harvester.check.client import HttpClient, ProbeError, Request, Token, TransientError
from tests.support.catalog import make_catalog, repo_row
from tests.support.checking import TOKEN, check
from tests.support.github_api import Faults, FakeRepo, GitHubStandIn


def client_for(gh: GitHubStandIn) -> HttpClient:
    return HttpClient(timeout=0.2, api_url=gh.api_url, token=Token(TOKEN))


@pytest.mark.parametrize(("kind", "message"), [
    ("truncated", "response cut short"), ("reset", "connection failed"), ("timeout", "timeout after 0.2s"),
])
def test_failures_become_short_transient_errors(kind, message):
    with GitHubStandIn([FakeRepo("octo", "a")], faults=Faults(rate=1.0, kinds=(kind,), timeout_sleep=0.5)) as gh:
        with pytest.raises(TransientError) as failed:
            client_for(gh).send(Request("GET", f"{gh.api_url}/repos/octo/a", api=True))
    assert str(failed.value).startswith(message)
    assert failed.value.__context__ is None and failed.value.__cause__ is None  # no requests exception (headers) kept
    assert TOKEN not in str(failed.value) and gh.api_url not in str(failed.value)


def test_bodies_are_capped(tmp_path):
    engine = make_catalog(tmp_path, [("octo", "huge")])
    with GitHubStandIn([FakeRepo("octo", "huge", license="X" * (2 << 20))]) as gh:
        reply = client_for(gh).send(Request("GET", f"{gh.api_url}/repos/octo/huge", read_limit=1000))
        assert len(reply.body) == 1000 and not reply.complete
        with pytest.raises(ProbeError, match="size cap"):
            reply.json()
        check(engine, gh, "rest")
    row = repo_row(engine, "octo", "huge")
    assert (row.status, row.status_detail) == ("unknown", "response body larger than the size cap")


def test_redirects_within_the_origin_only_and_the_token_with_them():
    with GitHubStandIn([FakeRepo("octo", "new"), FakeRepo("octo", "old", moved_to="octo/new")]) as gh, \
            GitHubStandIn([]) as elsewhere:
        gh.add(FakeRepo("octo", "away", redirect_to=f"{elsewhere.api_url}/repos/octo/away"))
        client = client_for(gh)
        moved = client.send(Request("GET", f"{gh.api_url}/repos/octo/old", api=True))
        away = client.send(Request("GET", f"{gh.api_url}/repos/octo/away", api=True))
        plain = client.send(Request("GET", f"{gh.api_url}/repos/octo/new"))  # not an API call: no token
        assert (moved.status, moved.redirected, moved.json()["full_name"]) == (200, True, "octo/new")
        assert (away.status, away.redirected) == (301, False) and elsewhere.count() == 0
        assert plain.status == 200
        assert [h.authorization for h in gh.hits] == [f"Bearer {TOKEN}"] * 3 + [None]
        assert client.requests == {gh.api_url[len("http://"):]: 4}
