"""The markdown daily digest: `# ArXiv cs.CV --Fri, 22 Jan 2021`, then `### N.Title [..](pdf link)` + `>` abstract."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from harvester.records import PaperRecord, SourceProblem
from harvester.sources.arxiv_ids import parse_arxiv_url
from harvester.sources.common import Input
from harvester.sources.dates import find_date

_HEADING = re.compile(r"^#\s*ArXiv\s+(?P<category>[\w.-]+)\s*-+(?P<date>.*)$", re.I)
_ENTRY = re.compile(r"^###\s*(?:(?P<number>\d+)\s*\.)?\s*(?P<rest>.*)$")
_PDF_LINK = re.compile(r"\[\s*:arrow_down:\s*\]\(\s*(?P<url>[^)\s]*)\s*\)\s*$")


def looks_like_digest(head: str) -> bool:
    """True when the text starts like a daily digest (used for format detection)."""
    for line in head.splitlines():
        if line.strip():
            return bool(_HEADING.match(line) or _ENTRY.match(line) and line.startswith("###"))
    return False


@dataclass(slots=True)
class _Entry:
    line: int
    title: str
    pdf_url: str | None
    abstract_lines: list[str] = field(default_factory=list)


def read_digest(source: Input) -> Iterator[PaperRecord | SourceProblem]:
    """Records of a digest and its problems located as 'name:line'; never raises."""
    name = source.name
    category: str | None = None
    listing_date: date | None = None
    entry: _Entry | None = None
    for number, line in source.text_lines():
        yield from source.take_problems()
        line = line.rstrip("\r\n")
        if line.startswith("###"):
            if entry:
                yield _finish(entry, name, category, listing_date)
            entry = _start_entry(line, number)
        elif line.startswith("#") and (heading := _HEADING.match(line)):
            if entry:
                yield _finish(entry, name, category, listing_date)
                entry = None
            category = heading.group("category")
            listing_date = find_date(heading.group("date"))
            if listing_date is None:
                yield SourceProblem(f"{name}:{number}", f"unreadable listing date {heading.group('date').strip()[:40]!r}")
        elif entry is not None:
            entry.abstract_lines.append(line[1:] if line.startswith(">") else line)
        elif line.strip():
            yield SourceProblem(f"{name}:{number}", "text outside any entry, skipped")
    if entry:
        yield _finish(entry, name, category, listing_date)


def _start_entry(line: str, number: int) -> _Entry:
    rest = _ENTRY.match(line).group("rest")  # always matches a line starting with ###
    link = _PDF_LINK.search(rest)
    if link:
        return _Entry(number, rest[: link.start()].strip(), link.group("url"))
    return _Entry(number, rest.strip(), None)


def _finish(entry: _Entry, name: str, category: str | None, listing_date: date | None) -> PaperRecord | SourceProblem:
    where = f"{name}:{entry.line}"
    if not entry.pdf_url:
        return SourceProblem(where, "entry has no PDF link, so no arXiv id; skipped")
    ident = parse_arxiv_url(entry.pdf_url)
    if ident is None:
        return SourceProblem(where, f"no arXiv id in link {entry.pdf_url!r}; skipped")
    abstract = "\n".join(part.strip() for part in entry.abstract_lines).strip()
    if not abstract:
        return SourceProblem(where, f"entry {ident[0]} has no abstract (cut short?); skipped")
    if not entry.title:
        return SourceProblem(where, f"entry {ident[0]} has no title; skipped")
    return PaperRecord(
        arxiv_id=ident[0],
        version=ident[1],
        title=entry.title,
        abstract=abstract,
        categories=[category] if category else [],
        listing_date=listing_date,
        location=where,
    )
