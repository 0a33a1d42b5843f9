"""Running the checker in tests: options pointing at local servers, with small timeouts and delays."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import Engine

from harvester.check.client import Token
from harvester.check.forges import SITES, Endpoints
from harvester.check.retry import RetryPolicy
from harvester.check.runner import CheckOptions, CheckSummary, run_check
from harvester.check.select import Selection

TOKEN = "ghp_TestToken0123456789abcdefSECRET"
FAST = RetryPolicy(retries=3, delay=0.01, secondary_delay=0.05)


def endpoints(api: str = "http://127.0.0.1:9", web: str = "http://127.0.0.1:9", sites: str | None = None) -> Endpoints:
    """Every forge on local servers (port 9, discard, refuses connections where not given)."""
    return Endpoints(api, web, {forge: sites or "http://127.0.0.1:9" for forge in SITES})


def options(api: str = "http://127.0.0.1:9", web: str = "http://127.0.0.1:9", *, sites: str | None = None,
            method: str = "auto", token: str | None = TOKEN, **overrides) -> CheckOptions:
    base = CheckOptions(endpoints=endpoints(api, web, sites), token=Token(token) if token else None, method=method,
                        timeout=0.5, retry=FAST, selection=Selection(stale_after=None), worker="test")
    return replace(base, **overrides)


def check(engine: Engine, gh, method: str, **overrides) -> CheckSummary:
    """One check run against a GitHubStandIn (its web listener also stands in for the other forges)."""
    return run_check(engine, options(gh.api_url, gh.web_url, sites=gh.web_url, method=method, **overrides))
