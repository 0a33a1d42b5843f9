"""What a normalized URL points at: a forge repository (with its identity), a project page,
a dataset, a paper, or something else.

Decisions worth knowing:
- Only http(s) URLs on the forge's exact host (``www.`` allowed) with no userinfo and no
  port can be a repository: ``github.com.evil.example``, ``github.com@evil.example``,
  homographs (any non-ASCII host) and other schemes are ``other``. Such links are still
  recorded by the caller; they just never name a repository.
- A user or organisation page (``github.com/owner``) and a forge's reserved paths
  (``github.com/features/...``) are ``other``, not repositories.
- ``*.github.io`` and similar static-site hosts are ``project_page``: their path names a
  site, not a repository.
- A gist (``gist.github.com``) is ``other``: it has no (owner, name) repository identity
  a forge prober could check, and papers use gists for snippets, not for their code release.
- Hugging Face model and Space repositories are repositories (forges ``huggingface`` and
  ``huggingface-spaces``); a Hugging Face dataset repository is a ``dataset`` link.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from harvester.extract.findings import LinkKind, RepoRef

# Path segments that are pages of the forge itself, never an owner (compared lowercased).
_GITHUB_RESERVED = frozenset(
    "about account apps blog codespaces collections contact customer-stories dashboard "
    "enterprise events explore features git-guides github-copilot issues join login "
    "marketplace new nonprofit notifications orgs organizations pricing pulls readme search "
    "security sessions settings signup site sponsors team topics trending users".split()
)
_GITLAB_RESERVED = frozenset("- admin api dashboard explore groups help projects search users".split())
_BITBUCKET_RESERVED = frozenset("account blog dashboard product repo site".split())
_GITEE_RESERVED = frozenset("enterprises explore help login organizations search signup".split())
_HUGGINGFACE_RESERVED = frozenset(
    "api blog changelog chat collections docs enterprise join learn login models new "
    "organizations papers posts pricing search settings tasks welcome".split()
)
# GitLab marks a project's sub-pages with "/-/"; older links use these words directly.
_GITLAB_SUBPAGES = frozenset("- blob tree issues merge_requests wikis raw commits commit tags".split())

_WEB_URL = re.compile(r"(?i:https?)://([^/?#]*)([^?#]*)")
_OWNER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
_GITHUB_OWNER = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}")  # GitHub's own rule for user/org names
_NAME = re.compile(r"[A-Za-z0-9_.-]{1,100}")


def _segments(path: str) -> list[str]:
    """Path segments; an empty segment (``//``) is kept so that malformed paths do not match."""
    return path.split("/")[1:] if path.startswith("/") else []


def _repo_name(segment: str) -> str | None:
    name = segment.removesuffix(".git")
    return name if _NAME.fullmatch(name) and name.strip(".") else None


def _owner_name(
    forge: str, reserved: frozenset[str], segments: list[str], owner: re.Pattern[str] = _OWNER
) -> RepoRef | None:
    """Forges whose repositories live at /owner/name[/...]."""
    if len(segments) < 2 or segments[0].lower() in reserved or not owner.fullmatch(segments[0]):
        return None
    name = _repo_name(segments[1])
    return RepoRef(forge, segments[0], name) if name else None


def _github(segments: list[str]) -> RepoRef | None:
    return _owner_name("github", _GITHUB_RESERVED, segments, _GITHUB_OWNER)


def _bitbucket(segments: list[str]) -> RepoRef | None:
    return _owner_name("bitbucket", _BITBUCKET_RESERVED, segments)


def _gitee(segments: list[str]) -> RepoRef | None:
    return _owner_name("gitee", _GITEE_RESERVED, segments)


def _gitlab(segments: list[str]) -> RepoRef | None:
    """Nested groups: every segment up to the project's sub-pages; the last one is the project."""
    path: list[str] = []
    for segment in segments:
        if segment in _GITLAB_SUBPAGES or segment == "":
            break
        path.append(segment)
    groups = path[:-1]
    if not groups or groups[0].lower() in _GITLAB_RESERVED or not all(map(_OWNER.fullmatch, groups)):
        return None
    name = _repo_name(path[-1])
    return RepoRef("gitlab", "/".join(path[:-1]), name) if name else None


def _huggingface(segments: list[str]) -> RepoRef | None:
    if segments[:1] == ["spaces"]:
        return _owner_name("huggingface-spaces", frozenset(), segments[1:])
    return _owner_name("huggingface", _HUGGINGFACE_RESERVED | {"datasets", "spaces"}, segments)


def _sourceforge(segments: list[str]) -> RepoRef | None:
    """sourceforge.net/projects/NAME or /p/NAME: a project has a name and no owner."""
    if len(segments) < 2 or segments[0] not in {"projects", "p"}:
        return None
    name = _repo_name(segments[1])
    return RepoRef("sourceforge", "", name) if name else None


# Exact host (after dropping "www.") -> how its paths name a repository.
_FORGES: dict[str, Callable[[list[str]], RepoRef | None]] = {
    "github.com": _github,
    "gitlab.com": _gitlab,
    "bitbucket.org": _bitbucket,
    "gitee.com": _gitee,
    "huggingface.co": _huggingface,
    "sourceforge.net": _sourceforge,
}
FORGE_HOSTS = tuple(_FORGES)

# Hosts whose links are of one kind; each matches itself and its subdomains.
_PROJECT_PAGE_HOSTS = ("github.io", "gitlab.io", "sites.google.com", "pages.dev", "netlify.app", "vercel.app")
_DATASET_HOSTS = (
    "drive.google.com", "zenodo.org", "figshare.com", "dropbox.com", "onedrive.live.com", "1drv.ms",
    "pan.baidu.com", "osf.io", "data.mendeley.com", "dataverse.harvard.edu", "physionet.org",
    "synapse.org", "openneuro.org", "archive.ics.uci.edu",
)  # fmt: skip
_PAPER_HOSTS = (
    "arxiv.org", "doi.org", "openreview.net", "aclanthology.org", "openaccess.thecvf.com",
    "ieeexplore.ieee.org", "dl.acm.org", "link.springer.com", "sciencedirect.com",
    "proceedings.neurips.cc", "proceedings.mlr.press", "biorxiv.org", "medrxiv.org",
)  # fmt: skip
_DOMAIN_KINDS: dict[str, LinkKind] = {
    **dict.fromkeys(_PROJECT_PAGE_HOSTS, "project_page"),
    **dict.fromkeys(_DATASET_HOSTS, "dataset"),
    **dict.fromkeys(_PAPER_HOSTS, "paper"),
}
# Paths on a general host that hold one kind of thing.
_PATH_KINDS: dict[str, tuple[tuple[str, LinkKind], ...]] = {
    "huggingface.co": (("/datasets/", "dataset"), ("/papers/", "paper")),
    "kaggle.com": (("/datasets/", "dataset"), ("/competitions/", "dataset"), ("/c/", "dataset")),
    "paperswithcode.com": (("/dataset/", "dataset"), ("/paper/", "paper")),
}


def _web_address(url: str) -> tuple[str, str] | None:
    """(host without "www.", path) of a plain web address: http(s), ASCII host, no userinfo, no port.

    Anything else (other schemes, "github.com@evil.example", "github.com:8080", homographs)
    is None, so it can never name a repository or a known host.
    """
    web = _WEB_URL.match(url)
    if web is None:
        return None
    authority, path = web.groups()
    if "@" in authority or ":" in authority or not authority.isascii():
        return None
    return authority.lower().removeprefix("www."), path


def _host_kind(host: str, path: str) -> LinkKind:
    for prefix, kind in _PATH_KINDS.get(host, ()):
        if path.startswith(prefix):
            return kind
    labels = host.split(".")
    for first in range(len(labels) - 1):  # the host, then each parent domain
        domain_kind = _DOMAIN_KINDS.get(".".join(labels[first:]))
        if domain_kind is not None:
            return domain_kind
    return "other"


def classify(url: str) -> tuple[LinkKind, RepoRef | None]:
    """The link's kind, and the repository it names when the kind is ``repository``."""
    address = _web_address(url)
    if address is None:
        return "other", None
    host, path = address
    forge = _FORGES.get(host)
    repo = forge(_segments(path)) if forge else None
    if repo is not None:
        return "repository", repo
    return _host_kind(host, path), None


def repo_path_incomplete(url: str) -> bool:
    """A forge URL cut short before its repository name ("github.com/owner"): text broken by
    a space may continue it."""
    address = _web_address(url)
    if address is None or address[0] not in _FORGES:
        return False
    return "//" not in address[1] and classify(url)[1] is None
