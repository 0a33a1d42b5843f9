"""Where each forge lives, and how a repository's request URL is built.

Request URLs are built only from a configured base URL plus the quoted owner and
name of a catalog row, never from a URL the catalog holds: whatever links a paper
carried (cloud metadata addresses, file:// URLs), only these hosts are contacted.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlsplit

GITHUB = "github"
DEFAULT_GITHUB_API = "https://api.github.com"
DEFAULT_GITHUB_WEB = "https://github.com"


@dataclass(frozen=True, slots=True)
class Site:
    """A forge checked by plain HTTP: its base URL's environment variable, default, and repository path."""

    env: str
    default: str
    path: str  # "{owner}/{name}" or "projects/{name}"


SITES: dict[str, Site] = {
    "gitlab": Site("HARVEST_GITLAB_URL", "https://gitlab.com", "{owner}/{name}"),
    "bitbucket": Site("HARVEST_BITBUCKET_URL", "https://bitbucket.org", "{owner}/{name}"),
    "gitee": Site("HARVEST_GITEE_URL", "https://gitee.com", "{owner}/{name}"),
    "huggingface": Site("HARVEST_HUGGINGFACE_URL", "https://huggingface.co", "{owner}/{name}"),
    "sourceforge": Site("HARVEST_SOURCEFORGE_URL", "https://sourceforge.net", "projects/{name}"),
}
FORGES = (GITHUB, *SITES)
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class UnsafeName(ValueError):
    """An owner or name that cannot be put in a URL path as one segment."""


class BadBaseUrl(ValueError):
    """A configured base URL that is not an absolute http(s) URL."""


def origin(url: str) -> tuple[str, str, int]:
    """(scheme, host, port): what must match for a redirect to be followed or a token sent."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or (443 if scheme == "https" else 80)


def segment(value: str) -> str:
    """One path segment, quoted; refuses what could escape its place in the path."""
    if not value or value in (".", "..") or "/" in value or "\\" in value or any(ord(c) < 0x20 for c in value):
        raise UnsafeName(f"not a usable repository name: {value!r}")
    return quote(value, safe="")


def _base(url: str, what: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise BadBaseUrl(f"{what} must be an http(s) base URL, not {url!r}")
    return url.rstrip("/")


@dataclass(frozen=True)
class Endpoints:
    """Base URLs of every forge the checker may contact."""

    github_api: str = DEFAULT_GITHUB_API
    github_web: str = DEFAULT_GITHUB_WEB
    sites: Mapping[str, str] = field(default_factory=lambda: {f: s.default for f, s in SITES.items()})

    def __post_init__(self) -> None:
        object.__setattr__(self, "github_api", _base(self.github_api, "the GitHub API URL"))
        object.__setattr__(self, "github_web", _base(self.github_web, "the GitHub URL"))
        object.__setattr__(self, "sites", {f: _base(u, f"the {f} URL") for f, u in self.sites.items()})

    @classmethod
    def configure(cls, github_api: str | None = None, github_web: str | None = None,
                  environ: Mapping[str, str] = os.environ) -> Endpoints:
        """Options first, then HARVEST_* environment variables, then the real hosts."""
        return cls(
            github_api or environ.get("HARVEST_GITHUB_API_URL") or DEFAULT_GITHUB_API,
            github_web or environ.get("HARVEST_GITHUB_URL") or DEFAULT_GITHUB_WEB,
            {f: environ.get(s.env) or s.default for f, s in SITES.items()},
        )

    @property
    def graphql(self) -> str:
        """GitHub Enterprise serves GraphQL at {host}/api/graphql beside its REST /api/v3."""
        if self.github_api.endswith("/api/v3"):
            return self.github_api.removesuffix("/v3") + "/graphql"
        return self.github_api + "/graphql"

    def rest_repo(self, owner: str, name: str) -> str:
        return f"{self.github_api}/repos/{segment(owner)}/{segment(name)}"

    def git_refs(self, owner: str, name: str) -> str:
        return f"{self.github_web}/{segment(owner)}/{segment(name)}.git/info/refs?service=git-upload-pack"

    def site_page(self, forge: str, owner: str, name: str) -> str:
        values = {"owner": owner, "name": name}
        path = _PLACEHOLDER.sub(lambda m: segment(values[m.group(1)]), SITES[forge].path)
        return f"{self.sites[forge]}/{path}"

    def site_name(self, forge: str, url: str, owner: str) -> tuple[str, str] | None:
        """The owner/name a page URL of this site names (`owner` stands in where the path has none)."""
        parts = _relative(self.sites[forge], url)
        template = SITES[forge].path.split("/")
        if parts is None or len(parts) != len(template):
            return None
        found = {"owner": owner}
        for pattern, part in zip(template, parts):
            key = _PLACEHOLDER.fullmatch(pattern)
            if key:
                found[key.group(1)] = part
            elif pattern != part:
                return None
        return found["owner"], found["name"]

    def git_name(self, url: str) -> tuple[str, str] | None:
        """The owner/name of a {web}/OWNER/NAME.git/info/refs URL (where a redirect led)."""
        parts = _relative(self.github_web, url)
        if parts is None or len(parts) != 4 or parts[2:] != ["info", "refs"] or not parts[1].endswith(".git"):
            return None
        return parts[0], parts[1].removesuffix(".git")



def _relative(base: str, url: str) -> list[str] | None:
    """The unquoted path segments of `url` below `base` (None when it is not below it)."""
    prefix = urlsplit(base).path.rstrip("/") + "/"
    path = urlsplit(url).path
    if not path.startswith(prefix):
        return None
    return [unquote(p) for p in path[len(prefix):].rstrip("/").split("/")]
