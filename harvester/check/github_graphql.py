"""GitHub GraphQL: up to 100 repositories per POST {api}/graphql, about one rate-limit point per query.

Each repository is an aliased `repository(owner:, name:, followRenames: true)` field
(owner and name go in as variables, never spliced into the query text). A renamed
or transferred repository answers under its new nameWithOwner: it moved. A missing
one comes back as null with a NOT_FOUND error whose path names its alias, while the
others succeed in the same HTTP 200. A spent quota is an HTTP 200 whose errors say
RATE_LIMITED (x-ratelimit-reset tells when it ends).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import timezone
from typing import Any

from harvester.check.client import ProbeError, Reply, Request, TokenRejected, TransientError
from harvester.check.forges import Endpoints
from harvester.check.github_rest import API_HEADERS
from harvester.check.probe import Checked, RepoTarget, elapsed_ms, failure
from harvester.check.ratelimit import PrimaryLimit
from harvester.check.retry import Transport
from harvester.check.status import Facts, Outcome, Status, github_outcome, parse_timestamp, unknown

BATCH_SIZE = 100  # GitHub's cap on a query's repository fields is far higher; 100 keeps a query ~1 point
FIELDS = "nameWithOwner isArchived isDisabled isEmpty isPrivate stargazerCount pushedAt licenseInfo { spdxId }"
RATE_LIMITED = {"RATE_LIMITED", "RATE_LIMIT"}  # GitHub has used both spellings
BLOCKED_TYPES = {"FORBIDDEN", "UNAVAILABLE_FOR_LEGAL_REASONS"}


def build_query(count: int) -> str:
    variables = ", ".join(f"$o{i}: String!, $n{i}: String!" for i in range(count))
    fields = " ".join(f"r{i}: repository(owner: $o{i}, name: $n{i}, followRenames: true) {{ ...repo }}"
                      for i in range(count))
    return (f"query({variables}) {{ {fields} rateLimit {{ cost remaining resetAt }} }} "
            f"fragment repo on Repository {{ {FIELDS} }}")


class GitHubGraphQL:
    method = "graphql"
    batch_size = BATCH_SIZE

    def __init__(self, transport: Transport, endpoints: Endpoints) -> None:
        self.transport = transport
        self.url = endpoints.graphql

    def check(self, targets: Sequence[RepoTarget]) -> list[Checked]:
        started = time.perf_counter()
        variables: dict[str, str] = {}
        for i, target in enumerate(targets):
            variables[f"o{i}"], variables[f"n{i}"] = target.owner, target.name
        payload = {"query": build_query(len(targets)), "variables": variables}
        request = Request("POST", self.url, API_HEADERS, json=payload, api=True)
        try:
            outcomes = self.transport.fetch(request, lambda reply: self._interpret(targets, reply))
        except ProbeError as error:
            outcomes = [failure(error)] * len(targets)
        latency = elapsed_ms(started)
        return [Checked(t, o, self.method, latency) for t, o in zip(targets, outcomes)]

    def _interpret(self, targets: Sequence[RepoTarget], reply: Reply) -> list[Outcome]:
        if reply.status == 401:
            raise TokenRejected(reply.status)
        if reply.status != 200:
            return [unknown(f"unexpected HTTP {reply.status}", reply.status)] * len(targets)
        body = reply.json()
        errors = [e for e in (body.get("errors") or []) if isinstance(e, dict)] if isinstance(body, dict) else []
        if any(e.get("type") in RATE_LIMITED for e in errors):
            raise PrimaryLimit(_int(reply.headers.get("x-ratelimit-reset")))
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, dict):  # the whole query failed ("Something went wrong", timeouts)
            raise TransientError(_message(errors[0]) if errors else "GraphQL answer without data")
        self._note_quota(data.get("rateLimit"))
        by_alias = {e["path"][0]: e for e in errors if isinstance(e.get("path"), list) and e["path"]}
        return [_outcome(t, data, by_alias.get(f"r{i}"), f"r{i}") for i, t in enumerate(targets)]

    def _note_quota(self, rate: Any) -> None:
        if isinstance(rate, dict):
            reset = parse_timestamp(rate.get("resetAt"))
            epoch = reset.replace(tzinfo=timezone.utc).timestamp() if reset else None
            self.transport.gate(self.url).observe(_int(rate.get("remaining")), epoch)


def _outcome(target: RepoTarget, data: dict, error: dict | None, alias: str) -> Outcome:
    node = data.get(alias)
    if node is not None:
        return _repository(target, node)
    if error is None:
        return unknown("no answer for this repository" if alias not in data else "null without an error")
    kind, message = error.get("type"), _message(error)
    if kind == "NOT_FOUND":
        return Outcome(Status.MISSING, "not found (missing or private)", 200)
    if kind in BLOCKED_TYPES or "blocked" in message.lower():
        return Outcome(Status.BLOCKED, f"access blocked ({message})", 200)
    return unknown(f"GraphQL {kind or 'error'}: {message}", 200)


def _repository(target: RepoTarget, node: Any) -> Outcome:
    try:
        facts = Facts(node.get("stargazerCount"), parse_timestamp(node.get("pushedAt")),
                      (node.get("licenseInfo") or {}).get("spdxId"))
        return github_outcome(
            (target.owner, target.name), node["nameWithOwner"], archived=bool(node["isArchived"]),
            disabled=bool(node["isDisabled"]), empty=bool(node["isEmpty"]), private=bool(node["isPrivate"]),
            facts=facts, http_status=200,
        )
    except (AttributeError, KeyError, TypeError, ValueError):
        raise TransientError("unexpected repository JSON") from None


def _message(error: dict) -> str:
    return str(error.get("message") or error.get("type") or "error")[:300]


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
