"""Find URLs in a text field and classify them (baseline: plain regex)."""

from __future__ import annotations

import re

from harvester.extract.findings import Link, RepoRef, TextField

_URL = re.compile(r"(?:https?://|(?<![\w.])github\.com/)[^\s<>\"'{}]+", re.IGNORECASE)
_GITHUB = re.compile(r"(?:https?://)?(?:www\.)?github\.com/([\w.-]+)/([\w.-]+)", re.IGNORECASE)


def find_links(text: str, field: TextField = "abstract") -> list[Link]:
    links: list[Link] = []
    for match in _URL.finditer(text):
        raw = match.group(0).rstrip(".,;:)]")
        url = raw if raw.lower().startswith("http") else f"https://{raw}"
        repo = None
        gh = _GITHUB.match(url)
        if gh:
            name = gh.group(2).removesuffix(".git")
            repo = RepoRef("github", gh.group(1), name)
        kind = "repository" if repo else "other"
        links.append(Link(raw, url, field, match.start(), match.start() + len(raw), kind, repo))
    return links
