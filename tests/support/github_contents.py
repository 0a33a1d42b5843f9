"""A stand-in for the parts of GitHub's REST API the audit reads: repository, tree, README, licence,
contents, commits, releases. Repositories are dicts of files, like make_bare_repo's.

    with GitHubContents({"o/n": ApiRepo(files={...}, releases=[...])}, token="t") as api:
        api.url                        # use as --github-api-url
        api.requests                   # (path, headers) received

With a token configured, every request must carry it (401 otherwise), as private data would.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from urllib.parse import unquote

from tests.support.http_stub import Reply, StubServer, json_reply


@dataclass
class ApiRepo:
    files: dict[str, bytes | str] | None  # None: an empty repository (no commit)
    branch: str = "main"
    archived: bool = False
    releases: list[dict] = field(default_factory=list)  # [{"tag_name": ..., "assets": [{"name": ...}]}]
    submodules: list[str] = field(default_factory=list)
    date: str = "2021-01-20T12:00:00Z"

    def blob(self, path: str) -> bytes | None:
        value = (self.files or {}).get(path)
        return value.encode() if isinstance(value, str) else value


def _sha(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


class GitHubContents(StubServer):
    def __init__(self, repos: dict[str, ApiRepo], token: str | None = None):
        super().__init__()
        self.repos = repos
        self.token = token

    def route(self, path: str, query: dict[str, list[str]], headers: dict[str, str]) -> Reply:
        if self.token and headers.get("authorization") != f"Bearer {self.token}":
            return json_reply({"message": "Bad credentials"}, 401)
        parts = [unquote(p) for p in path.strip("/").split("/")]
        if len(parts) < 3 or parts[0] != "repos" or f"{parts[1]}/{parts[2]}" not in self.repos:
            return json_reply({"message": "Not Found"}, 404)
        repo, rest = self.repos[f"{parts[1]}/{parts[2]}"], parts[3:]
        if not rest:
            return json_reply({"default_branch": repo.branch, "archived": repo.archived,
                               "size": 0 if repo.files is None else 100})
        if repo.files is None and rest[0] in ("git", "readme", "license", "contents", "commits"):
            return json_reply({"message": "Git Repository is empty."}, 409)
        handler = getattr(self, f"_{rest[0]}", None)
        return handler(repo, rest[1:], query, headers) if handler else json_reply({"message": "Not Found"}, 404)

    def _git(self, repo: ApiRepo, rest, query, headers) -> Reply:
        if rest[:1] != ["trees"] or rest[1:] != [repo.branch]:
            return json_reply({"message": "Not Found"}, 404)
        folders = sorted({"/".join(p.split("/")[:i]) for p in repo.files for i in range(1, p.count("/") + 1)})
        tree = [{"path": f, "mode": "040000", "type": "tree"} for f in folders]
        tree += [{"path": p, "mode": "100644", "type": "blob", "size": len(repo.blob(p)), "sha": _sha(repo.blob(p))}
                 for p in sorted(repo.files)]
        tree += [{"path": p, "mode": "160000", "type": "commit", "sha": "1" * 40} for p in repo.submodules]
        return json_reply({"sha": "f" * 40, "tree": tree, "truncated": False})

    def _readme(self, repo: ApiRepo, rest, query, headers) -> Reply:
        roots = sorted((p for p in repo.files if "/" not in p and p.lower().startswith("readme")),
                       key=lambda p: (not p.lower().endswith(".md"), p))
        return self._raw(repo, roots[0], headers) if roots else json_reply({"message": "Not Found"}, 404)

    def _license(self, repo: ApiRepo, rest, query, headers) -> Reply:
        roots = [p for p in repo.files if "/" not in p and p.lower().startswith(("license", "licence", "copying"))]
        if not roots:
            return json_reply({"message": "Not Found"}, 404)
        return json_reply({"path": roots[0], "encoding": "base64", "content": base64.b64encode(repo.blob(roots[0])).decode(),
                           "license": {"spdx_id": "NOASSERTION"}})

    def _contents(self, repo: ApiRepo, rest, query, headers) -> Reply:
        path = "/".join(rest)
        return self._raw(repo, path, headers) if repo.blob(path) is not None else json_reply({"message": "Not Found"}, 404)

    def _commits(self, repo: ApiRepo, rest, query, headers) -> Reply:
        return json_reply([{"sha": "c" * 40, "commit": {"committer": {"date": repo.date}}}])

    def _releases(self, repo: ApiRepo, rest, query, headers) -> Reply:
        return json_reply(repo.releases)

    @staticmethod
    def _raw(repo: ApiRepo, path: str, headers: dict[str, str]) -> Reply:
        if "raw" not in headers.get("accept", ""):
            return json_reply({"path": path, "encoding": "base64", "content": base64.b64encode(repo.blob(path)).decode()})
        return 200, {"Content-Type": "application/vnd.github.raw"}, repo.blob(path)
