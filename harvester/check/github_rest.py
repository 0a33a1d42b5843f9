"""GitHub REST: GET {api}/repos/{owner}/{repo}, one repository per request, conditional on the stored ETag.

200: the repository (archived, disabled, size 0 -> empty, full_name: another name
means it moved; the client follows GitHub's 301 to /repositories/{id} on the API
host). 304: unchanged since the stored ETag (not counted against the rate limit by
GitHub). 404/410: missing (a private repository also answers 404). 451, or 403
"Repository access blocked": blocked.
"""

from __future__ import annotations

from harvester.check.client import REDIRECTS, ProbeError, Reply, Request, TokenRejected, TransientError
from harvester.check.probe import OneByOne, RepoTarget
from harvester.check.status import DEFINITE, Facts, Outcome, Status, github_outcome, parse_timestamp, unknown

API_HEADERS = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}


class GitHubRest(OneByOne):
    method = "rest"

    def probe(self, target: RepoTarget) -> Outcome:
        headers = dict(API_HEADERS)
        if target.etag and target.status in DEFINITE:  # an ETag only vouches for the status it came with
            headers["If-None-Match"] = target.etag
        request = Request("GET", self.endpoints.rest_repo(target.owner, target.name), headers, api=True)
        return self.transport.fetch(request, lambda reply: interpret(target, reply))


def interpret(target: RepoTarget, reply: Reply) -> Outcome:
    status = reply.status
    if status == 200:
        return _repository(target, reply)
    if status == 304 and target.status in DEFINITE:
        return Outcome(Status(target.status), target.detail or "", status, target.etag, not_modified=True)
    if status in (404, 410):
        return Outcome(Status.MISSING, "not found (missing or private)" if status == 404 else "gone", status)
    if status == 451 or (status == 403 and b"access blocked" in reply.body.lower()):
        return Outcome(Status.BLOCKED, _block_reason(reply), status)
    if status == 401:
        raise TokenRejected(status)
    if status in REDIRECTS:
        return unknown("redirected off the API host", status)
    return unknown(f"unexpected HTTP {status}", status)


def _repository(target: RepoTarget, reply: Reply) -> Outcome:
    data = reply.json()
    try:
        license_info = data.get("license") or {}
        facts = Facts(data.get("stargazers_count"), parse_timestamp(data.get("pushed_at")), license_info.get("spdx_id"))
        return github_outcome(
            (target.owner, target.name), data["full_name"], archived=bool(data["archived"]),
            disabled=bool(data.get("disabled")), empty=data["size"] == 0, private=bool(data["private"]),
            facts=facts, http_status=reply.status, etag=reply.headers.get("ETag"),
        )
    except (AttributeError, KeyError, TypeError, ValueError):
        raise TransientError("unexpected repository JSON") from None


def _block_reason(reply: Reply) -> str:
    try:
        reason = reply.json()["block"]["reason"]
    except (KeyError, TypeError, ProbeError):
        return f"access blocked (HTTP {reply.status})"
    return f"access blocked ({reason})"
