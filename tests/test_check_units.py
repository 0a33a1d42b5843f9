"""The checker's pure parts: parsing, URL building, classification, backoff."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta

import pytest
from requests.structures import CaseInsensitiveDict

from harvester.check import ratelimit
from harvester.check.client import HttpClient, Reply, Token, TransientError
from harvester.check.forges import BadBaseUrl, Endpoints, UnsafeName, segment
from harvester.check.git_probe import has_refs
from harvester.check.github_graphql import build_query
from harvester.check.retry import RetryPolicy
from harvester.check.select import parse_duration
from harvester.check.status import Status, from_flags, parse_timestamp
from tests.support.github_api import FakeRepo, advertisement, pkt


def reply(status: int, headers: dict | None = None, body: bytes = b"") -> Reply:
    return Reply(status, CaseInsensitiveDict(headers or {}), body, "http://x/", True, False, 1.0)


def test_ref_advertisements():
    assert has_refs(advertisement(FakeRepo("o", "n")))
    assert not has_refs(advertisement(FakeRepo("o", "n", empty=True)))  # capabilities^{} under the zero id
    assert not has_refs(b"001e# service=git-upload-pack\n00000000")  # git http-backend's empty repository
    assert has_refs(pkt(b"a" * 40 + b" HEAD\0caps\n") + b"0000")  # no service line
    for broken in (b"", b"001e# service=git-upl", b"zzzz", b"001e# service=git-upload-pack\n0000" + b"00ff" + b"x" * 10):
        with pytest.raises(TransientError):
            has_refs(broken)


def test_durations():
    assert parse_duration("7d") == timedelta(days=7)
    assert parse_duration("12h") == timedelta(hours=12)
    assert parse_duration(" 30m ") == timedelta(minutes=30)
    assert parse_duration("2") == timedelta(days=2)
    assert parse_duration("0") == timedelta(0)
    with pytest.raises(ValueError):
        parse_duration("soon")


@pytest.mark.parametrize("bad", ["", ".", "..", "a/b", "a\\b", "a\nb"])
def test_unsafe_names_are_refused(bad):
    with pytest.raises(UnsafeName):
        segment(bad)


def test_request_urls_quote_names():
    endpoints = Endpoints("https://api.github.com/", "https://github.com")
    assert endpoints.rest_repo("octo", "a b?#") == "https://api.github.com/repos/octo/a%20b%3F%23"
    assert endpoints.git_refs("octo", "x.y") == "https://github.com/octo/x.y.git/info/refs?service=git-upload-pack"
    assert endpoints.git_name("https://github.com/new/x%20y.git/info/refs?service=git-upload-pack") == ("new", "x y")
    assert endpoints.git_name("https://github.com/login") is None
    assert endpoints.site_name("gitlab", "https://gitlab.com/grp/proj/", "o") == ("grp", "proj")
    assert endpoints.site_name("sourceforge", "https://sourceforge.net/projects/tool/", "o") == ("o", "tool")
    assert endpoints.site_name("gitlab", "https://gitlab.com/grp/proj/-/tree/main", "o") is None


def test_graphql_url_follows_github_enterprise_layout():
    assert Endpoints("https://api.github.com").graphql == "https://api.github.com/graphql"
    assert Endpoints("https://ghe.example.org/api/v3").graphql == "https://ghe.example.org/api/graphql"


@pytest.mark.parametrize("bad", ["file:///etc/passwd", "api.github.com", "https://x/?q=1", "ftp://x"])
def test_base_urls_must_be_http(bad):
    with pytest.raises(BadBaseUrl):
        Endpoints(github_api=bad)


def test_rate_limit_classification():
    ratelimit.check(reply(200, {"x-ratelimit-remaining": "0"}))  # the last allowed request succeeded
    ratelimit.check(reply(403, {"x-ratelimit-remaining": "12"}, b'{"message": "Forbidden"}'))
    with pytest.raises(ratelimit.PrimaryLimit) as primary:
        ratelimit.check(reply(403, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1700000000"}))
    assert primary.value.reset == 1700000000
    with pytest.raises(ratelimit.SecondaryLimit) as secondary:
        ratelimit.check(reply(403, {"retry-after": "30"}))
    assert secondary.value.retry_after == 30
    with pytest.raises(ratelimit.SecondaryLimit):
        ratelimit.check(reply(403, {}, b'{"message": "You have exceeded a secondary rate limit."}'))
    with pytest.raises(ratelimit.SecondaryLimit):
        ratelimit.check(reply(429))


def test_gate_stops_or_waits_on_a_spent_quota():
    stop = threading.Event()
    with pytest.raises(ratelimit.RateLimitReached, match="resets at"):
        ratelimit.Gate(stop, wait_for_reset=False).primary(time.time() + 600)
    assert stop.is_set()
    stop = threading.Event()
    gate = ratelimit.Gate(stop, wait_for_reset=True)
    gate.primary(time.time() - 5)  # a reset in the past still waits the margin
    started = time.monotonic()
    gate.wait_turn()
    assert time.monotonic() - started >= ratelimit.RESET_MARGIN * 0.9 and not stop.is_set()


def test_gate_keeps_the_lowest_quota_of_a_window():
    gate = ratelimit.Gate(threading.Event(), wait_for_reset=False)
    gate.observe(10, 100.0)
    gate.observe(12, 100.0)  # an older answer arriving late
    assert gate.remaining == 10
    gate.observe(4999, 200.0)  # a new window
    assert (gate.remaining, gate.reset) == (4999, 200.0)


def test_backoff_doubles_with_jitter():
    policy = RetryPolicy(delay=1.0, secondary_delay=60.0)
    for attempt in range(3):
        assert 2**attempt <= policy.backoff(attempt) <= 2**attempt * 1.25
    assert policy.backoff(0, floor=5) >= 5
    assert 60 <= policy.secondary_backoff(1, None) <= 90
    assert 10 <= policy.secondary_backoff(1, 10) <= 15
    assert 40 <= policy.secondary_backoff(3, 10) <= 60


def test_github_flags():
    assert from_flags(archived=True, disabled=False, empty=True, private=False)[0] is Status.ARCHIVED
    assert from_flags(archived=True, disabled=True, empty=False, private=False)[0] is Status.BLOCKED
    assert from_flags(archived=False, disabled=False, empty=False, private=True)[0] is Status.MISSING
    assert from_flags(archived=False, disabled=False, empty=False, private=False) == (Status.AVAILABLE, "ok")


def test_timestamps_become_naive_utc():
    assert parse_timestamp("2021-01-20T12:00:00Z") == datetime(2021, 1, 20, 12)
    assert parse_timestamp("2021-01-20T14:00:00+02:00") == datetime(2021, 1, 20, 12)
    assert parse_timestamp("yesterday") is None and parse_timestamp(None) is None


def test_graphql_query_passes_names_as_variables():
    query = build_query(2)
    assert "r1: repository(owner: $o1, name: $n1, followRenames: true)" in query
    assert "rateLimit { cost remaining resetAt }" in query


def test_token_does_not_print():
    token = Token("ghp_secret")
    client = HttpClient(timeout=1, api_url="https://api.github.com", token=token)
    assert "ghp_secret" not in repr(token) + str(token) + repr(client) + f"{token}"
    assert token.reveal() == "ghp_secret"
