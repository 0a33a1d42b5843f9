"""A stand-in for GitHub on 127.0.0.1: REST, GraphQL, git smart-HTTP ref advertisements and web pages.

    gh = GitHubStandIn([FakeRepo("octo", "hello"), FakeRepo("octo", "old", moved_to="octo/new"),
                        FakeRepo("octo", "new")], latency=0.02, faults=Faults(rate=0.2, seed=1))
    with gh:
        gh.api_url            # REST /repos/O/N, /repositories/ID; GraphQL POST /graphql
        gh.web_url            # pages /O/N and /O/N.git/info/refs?service=git-upload-pack
        gh.count("api", "/graphql")   # requests received, per listener and path prefix
        gh.hits               # (listener, method, path, Authorization) of every request

Two listeners (api and web) share one in-memory state, so a test can tell which
host was contacted and with which credentials. The web listener also serves as
any other forge's site (pages at /OWNER/NAME). Shapes follow GitHub's:
x-ratelimit-* headers on API answers, weak ETags and 304, 301 to
/repositories/ID for a renamed repository, 451 with a `block` for a blocked one,
GraphQL nulls with NOT_FOUND errors, RATE_LIMITED errors in an HTTP 200, and
secondary limits as 403 with retry-after. Not GitHub's: the GraphQL side only
understands aliased `repository(owner:, name:)` fields and `rateLimit`.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import socket
import struct
import threading
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote

FAULT_KINDS = ("timeout", "reset", "500", "502", "503", "429", "truncated", "invalid")
CAPABILITIES = b"multi_ack thin-pack side-band side-band-64k ofs-delta shallow no-progress include-tag"
DOCS = "https://docs.github.com/rest"


@dataclass
class FakeRepo:
    owner: str
    name: str
    archived: bool = False
    disabled: bool = False
    empty: bool = False
    private: bool = False
    blocked: str | None = None  # block reason, e.g. "dmca"
    moved_to: str | None = None  # "owner/name" of another FakeRepo: renamed or transferred
    redirect_to: str | None = None  # an absolute URL its REST answer and web page redirect to (another host)
    stars: int = 0
    pushed_at: str = "2021-01-20T12:00:00Z"
    license: str | None = "MIT"
    id: int = 0

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"


@dataclass
class Faults:
    """Transient faults injected into a share of all requests, reproducibly (seeded)."""

    rate: float = 0.0
    seed: int = 0
    kinds: tuple[str, ...] = FAULT_KINDS
    timeout_sleep: float = 1.0  # "timeout": answer only after this long (set above the client's timeout)
    retry_after: int = 0  # the retry-after of an injected 429


@dataclass
class RateLimit:
    """One GitHub rate-limit resource ("core", "graphql")."""

    limit: int = 5000
    window: float = 3600.0
    remaining: int = 0
    reset: float = 0.0  # epoch seconds; the first request opens a window with the full quota

    def take(self, now: float, cost: int = 1) -> bool:
        """Spend `cost` points; False when the quota is spent."""
        if now >= self.reset:
            self.remaining, self.reset = self.limit, now + self.window
        if self.remaining <= 0:
            return False
        self.remaining -= min(cost, self.remaining)
        return True

    def headers(self, resource: str) -> dict[str, str]:
        return {"x-ratelimit-limit": str(self.limit), "x-ratelimit-remaining": str(max(self.remaining, 0)),
                "x-ratelimit-reset": str(int(self.reset)), "x-ratelimit-used": str(self.limit - max(self.remaining, 0)),
                "x-ratelimit-resource": resource}


@dataclass
class Hit:
    listener: str  # "api" | "web"
    method: str
    path: str  # without the query
    authorization: str | None


@dataclass
class _Answer:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    kind: str = "json"  # json | git | page: what an "invalid" fault garbles


class GitHubStandIn:
    def __init__(self, repos: Iterable[FakeRepo] = (), *, latency: float = 0.0, faults: Faults | None = None,
                 api_prefix: str = "", login_wall: bool = False, core_limit: int = 5000,
                 graphql_limit: int = 5000, reset_after: float = 3600.0) -> None:
        self.repos: dict[str, FakeRepo] = {}
        self.by_id: dict[int, FakeRepo] = {}
        for repo in repos:
            self.add(repo)
        self.latency = latency
        self.faults = faults or Faults()
        self.api_prefix = api_prefix  # "/api/v3" to look like GitHub Enterprise
        self.login_wall = login_wall  # private pages redirect to a login page (GitLab, Bitbucket), not 404
        self.limits = {"core": RateLimit(core_limit, reset_after), "graphql": RateLimit(graphql_limit, reset_after)}
        self.secondary = 0  # the next N API requests get a secondary-limit 403
        self.secondary_retry_after = 1
        self.scripted: dict[str, list[int]] = {}  # path -> statuses to answer first (e.g. flaky 502s)
        self.hits: list[Hit] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self._rng = random.Random(self.faults.seed)
        self._api = _Server(self, "api")
        self._web = _Server(self, "web")

    # -- set-up ------------------------------------------------------------------------------
    def add(self, repo: FakeRepo) -> FakeRepo:
        repo.id = repo.id or len(self.by_id) + 1
        self.repos[repo.full_name.lower()] = repo
        self.by_id[repo.id] = repo
        return repo

    def fail_next(self, path: str, *statuses: int) -> None:
        self.scripted.setdefault(path, []).extend(statuses)

    @property
    def api_url(self) -> str:
        return self._api.url + self.api_prefix

    @property
    def web_url(self) -> str:
        return self._web.url

    def __enter__(self) -> GitHubStandIn:
        self._api.start()
        self._web.start()
        return self

    def __exit__(self, *exc) -> None:
        self._api.stop()
        self._web.stop()

    # -- what was asked ----------------------------------------------------------------------
    def count(self, listener: str | None = None, prefix: str = "") -> int:
        with self._lock:
            return sum(1 for h in self.hits if (listener is None or h.listener == listener) and h.path.startswith(prefix))

    # -- shared state, under the lock ---------------------------------------------------------
    def _arrive(self, hit: Hit) -> str | None:
        """Log a request; returns the fault to inject, if any."""
        with self._lock:
            self.hits.append(hit)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            if self.faults.rate and self._rng.random() < self.faults.rate:
                return self._rng.choice(self.faults.kinds)
        return None

    def _leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def _scripted(self, path: str) -> int | None:
        with self._lock:
            queue = self.scripted.get(path)
            return queue.pop(0) if queue else None

    def _lookup(self, owner: str, name: str) -> FakeRepo | None:
        return self.repos.get(f"{owner}/{name}".lower())

    def _final(self, repo: FakeRepo) -> FakeRepo | None:
        return self.repos.get(repo.moved_to.lower()) if repo.moved_to else repo

    # -- REST --------------------------------------------------------------------------------
    def rest(self, path: str, headers) -> _Answer:
        limited = self._spend("core", headers)
        if limited:
            return limited
        parts = path.strip("/").split("/")
        if len(parts) == 3 and parts[0] == "repos":
            repo = self._lookup(unquote(parts[1]), unquote(parts[2]))
        elif len(parts) == 2 and parts[0] == "repositories" and parts[1].isdigit():
            repo = self.by_id.get(int(parts[1]))
        else:
            return self._api_json(404, {"message": "Not Found", "documentation_url": DOCS})
        if repo is None or repo.private:
            return self._api_json(404, {"message": "Not Found", "documentation_url": DOCS, "status": "404"})
        if repo.redirect_to:
            answer = self._api_json(301, {"message": "Moved Permanently", "url": repo.redirect_to})
            answer.headers["Location"] = repo.redirect_to
            return answer
        if repo.moved_to:
            target = self._final(repo)
            url = f"{self.api_url}/repositories/{target.id}"
            answer = self._api_json(301, {"message": "Moved Permanently", "url": url, "documentation_url": DOCS})
            answer.headers["Location"] = url
            return answer
        if repo.blocked:
            return self._api_json(451, {"message": "Repository access blocked", "block": {
                "reason": repo.blocked, "created_at": "2021-04-22T17:53:56Z", "html_url": "https://github.com/tos"}})
        answer = self._api_json(200, self._rest_repo(repo))
        etag = 'W/"' + hashlib.sha1(answer.body).hexdigest() + '"'
        answer.headers["ETag"] = etag
        if headers.get("If-None-Match") == etag:
            return _Answer(304, b"", {**answer.headers})
        return answer

    def _rest_repo(self, repo: FakeRepo) -> dict:
        return {
            "id": repo.id, "name": repo.name, "full_name": repo.full_name, "owner": {"login": repo.owner},
            "private": repo.private, "html_url": f"https://github.com/{repo.full_name}",
            "archived": repo.archived, "disabled": repo.disabled, "size": 0 if repo.empty else 1234,
            "stargazers_count": repo.stars, "pushed_at": repo.pushed_at,
            "license": {"key": repo.license.lower(), "spdx_id": repo.license} if repo.license else None,
        }

    def _spend(self, resource: str, headers, cost: int = 1) -> _Answer | None:
        """A rate-limit refusal when the quota or a secondary limit says so; else None."""
        with self._lock:
            if self.secondary > 0:
                self.secondary -= 1
                return _Answer(403, json.dumps({
                    "message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
                    "documentation_url": DOCS}).encode(), {"retry-after": str(self.secondary_retry_after)})
            if headers.get("If-None-Match"):  # GitHub does not count conditional requests answered 304
                return None
            allowed = self.limits[resource].take(time.time(), cost)
        if allowed:
            return None
        message = "API rate limit exceeded for user ID 1."
        if resource == "graphql":
            return self._api_json(200, {"errors": [{"type": "RATE_LIMITED", "message": message}]}, resource)
        return self._api_json(403, {"message": message, "documentation_url": DOCS}, resource)

    def _api_json(self, status: int, payload: dict, resource: str = "core") -> _Answer:
        with self._lock:
            headers = self.limits[resource].headers(resource)
        headers["Content-Type"] = "application/json; charset=utf-8"
        return _Answer(status, json.dumps(payload).encode(), headers)

    # -- GraphQL -----------------------------------------------------------------------------
    def graphql(self, body: bytes, headers) -> _Answer:
        limited = self._spend("graphql", headers)
        if limited:
            return limited
        try:
            request = json.loads(body)
            query, variables = request["query"], request.get("variables") or {}
        except (ValueError, KeyError, TypeError):
            return self._api_json(400, {"message": "Problems parsing JSON"}, "graphql")
        data: dict = {}
        errors: list[dict] = []
        for alias, args in re.findall(r"(\w+)\s*:\s*repository\s*\(([^)]*)\)", query):
            values = {k: variables.get(v[1:]) if v.startswith("$") else v.strip('"')
                      for k, v in re.findall(r'(\w+)\s*:\s*(\$\w+|"[^"]*"|\w+)', args)}
            data[alias] = self._graphql_repo(alias, values.get("owner") or "", values.get("name") or "", errors)
        if "rateLimit" in query:
            with self._lock:
                limit = self.limits["graphql"]
                reset = datetime.fromtimestamp(limit.reset, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
                data["rateLimit"] = {"cost": 1, "remaining": limit.remaining, "resetAt": reset, "limit": limit.limit}
        return self._api_json(200, {"data": data, **({"errors": errors} if errors else {})}, "graphql")

    def _graphql_repo(self, alias: str, owner: str, name: str, errors: list[dict]) -> dict | None:
        repo = self._lookup(owner, name)
        repo = self._final(repo) if repo else None
        if repo is None or repo.private:
            errors.append({"type": "NOT_FOUND", "path": [alias], "locations": [{"line": 1, "column": 1}],
                           "message": f"Could not resolve to a Repository with the name '{owner}/{name}'."})
            return None
        if repo.blocked:
            errors.append({"type": "FORBIDDEN", "path": [alias], "message": "Repository access blocked"})
            return None
        return {"nameWithOwner": repo.full_name, "isArchived": repo.archived, "isDisabled": repo.disabled,
                "isEmpty": repo.empty, "isPrivate": repo.private, "stargazerCount": repo.stars,
                "pushedAt": repo.pushed_at, "licenseInfo": {"spdxId": repo.license} if repo.license else None}

    # -- web: git ref advertisements and pages -------------------------------------------------
    def web(self, path: str, query: str) -> _Answer:
        parts = [unquote(p) for p in path.strip("/").split("/")]
        if len(parts) == 4 and parts[1].endswith(".git") and parts[2:] == ["info", "refs"]:
            if parse_qs(query).get("service") != ["git-upload-pack"]:
                return _Answer(403, b"dumb protocol not served", {"Content-Type": "text/plain"}, "page")
            return self._git(parts[0], parts[1].removesuffix(".git"))
        if parts == ["users", "sign_in"]:
            return _page(200, "Sign in")
        if len(parts) == 2:
            return self._page(parts[0], parts[1])
        return _page(404, "Not Found")

    def _git(self, owner: str, name: str) -> _Answer:
        repo = self._lookup(owner, name)
        if repo is None or repo.private:
            return _Answer(401, b"", {"WWW-Authenticate": 'Basic realm="GitHub"'}, "git")
        if repo.moved_to:
            return _Answer(301, b"", {"Location": f"/{repo.moved_to}.git/info/refs?service=git-upload-pack"}, "git")
        if repo.blocked or repo.disabled:
            return _Answer(451, b"Repository unavailable", {"Content-Type": "text/plain"}, "git")
        return _Answer(200, advertisement(repo), {"Content-Type": "application/x-git-upload-pack-advertisement",
                                                   "Cache-Control": "no-cache"}, "git")

    def _page(self, owner: str, name: str) -> _Answer:
        repo = self._lookup(owner, name)
        if repo is not None and repo.redirect_to:
            return _Answer(302, b"", {"Location": repo.redirect_to}, "page")
        if repo is not None and repo.private and self.login_wall:
            return _Answer(302, b"", {"Location": "/users/sign_in"}, "page")
        if repo is None or repo.private:
            return _page(404, "Not Found")
        if repo.moved_to:
            return _Answer(301, b"", {"Location": f"/{repo.moved_to}"}, "page")
        if repo.blocked or repo.disabled:
            return _page(451, "Unavailable for legal reasons")
        return _page(200, repo.full_name)


def advertisement(repo: FakeRepo) -> bytes:
    """A smart-HTTP (protocol v0) ref advertisement, as git http-backend writes it."""
    lines = [pkt(b"# service=git-upload-pack\n"), b"0000"]
    if repo.empty:
        lines.append(pkt(b"0" * 40 + b" capabilities^{}\0" + CAPABILITIES + b"\n"))
    else:
        sha = hashlib.sha1(repo.full_name.encode()).hexdigest().encode()
        lines += [pkt(sha + b" HEAD\0" + CAPABILITIES + b" symref=HEAD:refs/heads/main\n"),
                  pkt(sha + b" refs/heads/main\n")]
    return b"".join(lines) + b"0000"


def pkt(data: bytes) -> bytes:
    return b"%04x" % (len(data) + 4) + data


def _page(status: int, title: str) -> _Answer:
    body = f"<!DOCTYPE html><html><head><title>{title}</title></head><body>{title}</body></html>".encode()
    return _Answer(status, body, {"Content-Type": "text/html; charset=utf-8"}, "page")


class _Quiet(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # clients that hung up mid-answer are expected
        pass


class _Server:
    """One listener of the stand-in."""

    def __init__(self, standin: GitHubStandIn, listener: str) -> None:
        self._httpd = _Quiet(("127.0.0.1", 0), _handler(standin, listener))
        # a short poll interval: shutdown() waits for the next poll
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def _handler(standin: GitHubStandIn, listener: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def setup(self) -> None:
            super().setup()
            # headers and body go out in two writes: without this, Nagle + delayed ACK add ~40 ms to each answer
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def do_GET(self) -> None:
            self._serve()

        def do_POST(self) -> None:
            self._serve()

        def do_HEAD(self) -> None:
            self._serve()

        def _serve(self) -> None:
            path, _, query = self.path.partition("?")
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            fault = standin._arrive(Hit(listener, self.command, path, self.headers.get("Authorization")))
            try:
                if standin.latency:
                    time.sleep(standin.latency)
                if fault == "reset":
                    return self._reset()
                if fault == "timeout":
                    time.sleep(standin.faults.timeout_sleep)
                self._answer(self._route(path, query, body), fault)
            finally:
                standin._leave()

        def _route(self, path: str, query: str, body: bytes) -> _Answer:
            scripted = standin._scripted(path)
            if scripted is not None:
                return _Answer(scripted, json.dumps({"message": "scripted"}).encode(), {"Content-Type": "application/json"})
            if listener == "web":
                return standin.web(path, query)
            if self.command == "POST" and path == standin.api_prefix.removesuffix("/v3") + "/graphql":
                return standin.graphql(body, self.headers)
            if not path.startswith(standin.api_prefix):
                return standin._api_json(404, {"message": "Not Found"})
            return standin.rest(path[len(standin.api_prefix):], self.headers)

        def _answer(self, answer: _Answer, fault: str | None) -> None:
            if fault == "invalid" and answer.kind == "page":
                fault = "502"  # a garbled page would still be a 200: not a transient fault a checker can see
            if fault in ("500", "502", "503"):
                answer = _Answer(int(fault), b'{"message": "Server Error"}', {"Content-Type": "application/json"})
            elif fault == "429":
                answer = _Answer(429, b'{"message": "Too Many Requests"}',
                                 {"Content-Type": "application/json", "retry-after": str(standin.faults.retry_after)})
            elif fault == "invalid":
                answer = _Answer(200, b'{"data": {"r0": {"nameWith' if answer.kind == "json" else b"<html>oops",
                                 answer.headers)
            self.send_response(answer.status)
            for key, value in answer.headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            if self.command == "HEAD":
                return
            if fault == "truncated" and answer.body:
                self.wfile.write(answer.body[: len(answer.body) // 2])
                self.wfile.flush()
                return self._reset()
            self.wfile.write(answer.body)

        def _reset(self) -> None:
            """Drop the connection with a TCP reset, as a crashing proxy does."""
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()

    return Handler


# -- a synthetic population, for benchmarks and scale tests -------------------------------------
MIX = (("available", 0.70), ("archived", 0.06), ("empty", 0.04), ("missing", 0.08), ("private", 0.02),
       ("moved", 0.05), ("blocked", 0.03), ("disabled", 0.02))
# the status each kind should get from each method: git and plain pages cannot see archived or disabled
EXPECTED = {
    "available": {"graphql": "available", "rest": "available", "git": "available"},
    "archived": {"graphql": "archived", "rest": "archived", "git": "available"},
    "empty": {"graphql": "empty", "rest": "empty", "git": "empty"},
    "missing": {"graphql": "missing", "rest": "missing", "git": "missing"},
    "private": {"graphql": "missing", "rest": "missing", "git": "missing"},
    "moved": {"graphql": "moved", "rest": "moved", "git": "moved"},
    "blocked": {"graphql": "blocked", "rest": "blocked", "git": "blocked"},
    "disabled": {"graphql": "blocked", "rest": "blocked", "git": "blocked"},
}


@dataclass
class Population:
    repos: list[FakeRepo]  # what the stand-in holds
    catalog: list[tuple[str, str, str]]  # (owner, name, kind) to put in the catalog

    def expected(self, method: str) -> dict[tuple[str, str], str]:
        return {(o.lower(), n.lower()): EXPECTED[kind][method] for o, n, kind in self.catalog}


def synthetic(n: int, seed: int = 0) -> Population:
    """n catalog repositories in the MIX proportions (moved ones add their new name to the stand-in)."""
    rng = random.Random(seed)
    kinds, weights = zip(*MIX)
    repos: list[FakeRepo] = []
    catalog: list[tuple[str, str, str]] = []
    for i in range(n):
        kind = rng.choices(kinds, weights)[0]
        owner, name = f"lab{i % 97}", f"project-{i}"
        catalog.append((owner, name, kind))
        if kind == "missing":
            continue
        repo = FakeRepo(owner, name, stars=i % 500, archived=kind == "archived", empty=kind == "empty",
                        private=kind == "private", disabled=kind == "disabled",
                        blocked="dmca" if kind == "blocked" else None)
        if kind == "moved":
            repo.moved_to = f"{owner}-renamed/{name}"
            repos.append(FakeRepo(f"{owner}-renamed", name, stars=i % 500))
        repos.append(repo)
    return Population(repos, catalog)


def as_dicts(repos: Iterable[FakeRepo]) -> list[dict]:
    """Plain dicts (to hand a population to a stand-in in another process)."""
    return [asdict(r) for r in repos]
