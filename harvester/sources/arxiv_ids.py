"""arXiv identifiers: new style (2101.08779v2) and old style (hep-th/9901001v1)."""

from __future__ import annotations

import re

ARXIV_ID = re.compile(
    r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v(?P<version>\d+))?", re.I
)
_IN_URL = re.compile(r"arxiv\.org/(?:pdf|abs|format|ps)/" + ARXIV_ID.pattern, re.I)


def split_version(text: str) -> tuple[str, int | None] | None:
    """'2101.08779v2' -> ('2101.08779', 2); None when the text is not an arXiv id."""
    match = ARXIV_ID.fullmatch(text.strip().removeprefix("arXiv:").removeprefix("arxiv:"))
    if not match:
        return None
    version = match.group("version")
    return match.group("id"), int(version) if version else None


def parse_arxiv_url(url: str) -> tuple[str, int | None] | None:
    """The (id, version) of an arxiv.org abs/pdf URL, or None."""
    match = _IN_URL.search(url)
    if not match:
        return None
    version = match.group("version")
    return match.group("id"), int(version) if version else None
