"""Read a repository through GitHub's REST API (used when a token is configured).

Requests, all to the configured API base: the repository (default branch, archived), its recursive
tree, the root README (raw), the root licence, the few manifests the scorer reads (raw), the last
commit, and the releases (asset names: weights are often attached there, which git cannot see).
"""

from __future__ import annotations

import base64
from datetime import datetime, timezone
from urllib.parse import quote

from harvester.audit import paths as P
from harvester.audit.http import MAX_BODY, Web
from harvester.check.client import ProbeError, Reply, TokenRejected
from harvester.audit.snapshot import Limits, ReadError, Snapshot

RAW = {"Accept": "application/vnd.github.raw+json"}
JSON = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
# Definite answers about the repository itself (a 403 that is a rate limit never gets here: the transport handles it)
_DEFINITE = {403: "access blocked", 404: "not found", 410: "gone", 451: "unavailable for legal reasons"}


def read_api(web: Web, api: str, owner: str, name: str, limits: Limits = Limits()) -> Snapshot:
    """The snapshot of the default branch's head of github OWNER/NAME."""
    base = f"{api.rstrip('/')}/repos/{quote(owner, safe='')}/{quote(name, safe='')}"
    info = _json(web, base, "repository")
    branch = info.get("default_branch") or "HEAD"
    tree = _get(web, f"{base}/git/trees/{quote(branch, safe='')}?recursive=1", JSON)
    if tree.status in (404, 409) and not info.get("size"):  # an empty repository has no tree
        return Snapshot(paths=[], archived=bool(info.get("archived")))
    entries = _ok(tree, "tree").json().get("tree", [])
    truncated = bool(tree.json().get("truncated")) or len(entries) > limits.max_tree_entries
    entries = [e for e in entries if e.get("type") in ("blob", "commit")][: limits.max_tree_entries]
    paths = [e["path"] for e in entries]
    submodules = [e["path"] for e in entries if e["type"] == "commit"]
    sizes = {e["path"]: int(e.get("size") or 0) for e in entries if e["type"] == "blob"}
    readme_path, license_path = P.root_readme(paths), P.root_license(paths)
    sha, date = _last_commit(web, base, branch)
    return Snapshot(
        paths=paths,
        readme_path=readme_path,
        readme=_text(_get(web, f"{base}/readme", RAW, limits.max_blob_bytes)) if readme_path else "",
        license_path=license_path,
        license_text=_license_text(web, base, limits) if license_path else None,
        files=_manifests(web, base, branch, paths, submodules, sizes, limits),
        sizes=sizes,
        submodules=submodules,
        release_assets=_release_assets(web, base),
        commit_sha=sha,
        last_commit_at=date,
        archived=bool(info.get("archived")),
        truncated=truncated,
    )


def _get(web: Web, url: str, headers: dict[str, str], max_bytes: int = MAX_BODY) -> Reply:
    return web.get(url, headers, max_bytes, api=True)


def _ok(response: Reply, what: str) -> Reply:
    if response.status == 200:
        return response
    if response.status == 401:  # the token, not the repository: stop, record nothing
        raise TokenRejected(401)
    if response.status in _DEFINITE:
        raise ReadError(f"{what}: {_DEFINITE[response.status]} (HTTP {response.status})", definite=True)
    raise ProbeError(f"{what}: HTTP {response.status}")


def _json(web: Web, url: str, what: str) -> dict:
    return _ok(_get(web, url, JSON), what).json()


def _text(response: Reply) -> str:
    return response.body.decode("utf-8", "replace") if response.status == 200 else ""


def _license_text(web: Web, base: str, limits: Limits) -> str | None:
    response = _get(web, f"{base}/license", JSON)
    if response.status != 200:
        return None
    content = response.json().get("content") or ""
    return base64.b64decode(content)[: limits.max_blob_bytes].decode("utf-8", "replace")


def _manifests(web: Web, base: str, branch: str, paths: list[str], submodules: list[str],
               sizes: dict[str, int], limits: Limits) -> dict[str, str]:
    """Contents of the manifests whose text decides (conda YAML, CMakeLists); the rest are judged by size."""
    wanted = [p for p in P.files_to_read(paths, submodules, limits.max_blobs)
              if (P.is_conda_candidate(p) or P.name(p) == "CMakeLists.txt") and 0 < sizes.get(p, 0) <= limits.max_blob_bytes]
    found = {}
    for path in wanted:
        response = _get(web, f"{base}/contents/{quote(path)}?ref={quote(branch, safe='')}", RAW, limits.max_blob_bytes)
        if response.status == 200:
            found[path] = _text(response)
    return found


def _last_commit(web: Web, base: str, branch: str) -> tuple[str | None, datetime | None]:
    commits = _get(web, f"{base}/commits?sha={quote(branch, safe='')}&per_page=1", JSON)
    if commits.status != 200 or not commits.json():
        return None, None
    head = commits.json()[0]
    stamp = (head.get("commit", {}).get("committer") or {}).get("date")
    when = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(timezone.utc).replace(tzinfo=None) if stamp else None
    return head.get("sha"), when


def _release_assets(web: Web, base: str) -> list[str]:
    releases = _get(web, f"{base}/releases?per_page=100", JSON)
    if releases.status != 200:
        return []
    return [asset.get("name", "") for release in releases.json() for asset in release.get("assets", [])]
