"""The markdown daily digest: `# ArXiv cs.CV --Fri, 22 Jan 2021`, then `### N.Title [..](pdf link)` + `>` abstract."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from harvester.records import PaperRecord, SourceProblem
from harvester.sources.arxiv_ids import parse_arxiv_url

_HEADING = re.compile(r"^#\s*ArXiv\s+(?P<category>[\w.-]+)\s*-+\s*(?P<date>.+?)\s*$", re.I)
_ENTRY = re.compile(r"^###\s*(?:(?P<number>\d+)\s*\.)?\s*(?P<rest>.*)$")
_PDF_LINK = re.compile(r"\[\s*:arrow_down:\s*\]\(\s*(?P<url>[^)\s]*)\s*\)\s*$")


def looks_like_digest(head: str) -> bool:
    """True when the text starts like a daily digest (used for format detection)."""
    for line in head.lstrip("\ufeff").splitlines():
        if line.strip():
            return bool(_HEADING.match(line) or _ENTRY.match(line) and line.startswith("###"))
    return False


@dataclass(slots=True)
class _Entry:
    line: int
    title: str
    pdf_url: str | None
    abstract_lines: list[str] = field(default_factory=list)


def _parse_date(text: str) -> date | None:
    for fmt in ("%a, %d %b %Y", "%d %b %Y", "%Y-%m-%d", "%A, %d %B %Y"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def read_digest(lines: Iterable[str], name: str) -> Iterator[PaperRecord | SourceProblem]:
    """Parse digest lines (already decoded); yields records and located problems, never raises."""
    category: str | None = None
    listing_date: date | None = None
    entry: _Entry | None = None
    number = 0
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r\n").lstrip("\ufeff") if number == 1 else line.rstrip("\r\n")
        if line.startswith("###"):
            if entry:
                yield _finish(entry, name, category, listing_date)
            entry = _start_entry(line, number)
        elif line.startswith("#") and (heading := _HEADING.match(line)):
            if entry:
                yield _finish(entry, name, category, listing_date)
                entry = None
            category = heading.group("category")
            listing_date = _parse_date(heading.group("date"))
            if listing_date is None:
                yield SourceProblem(f"{name}:{number}", f"unreadable listing date {heading.group('date')!r}")
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
