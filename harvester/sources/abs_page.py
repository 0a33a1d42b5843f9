"""arXiv abstract pages (/abs/ID): one paper, from the page body or its citation_* meta tags.

Body: h1.title, div.authors, blockquote.abstract, td.comments, td.subjects, td.jref,
td.doi and div.submission-history ('[v1] Thu, 21 Jan 2021 18:59:38 UTC (9,420 KB)',
the shown version in a bare <strong>, the others linked). The meta tags (citation_title,
citation_author 'Last, First', citation_abstract, citation_date, citation_online_date,
citation_doi) stand in where the body lacks a field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from bs4 import BeautifulSoup, Tag

from harvester.records import PaperRecord, SourceProblem
from harvester.sources.arxiv_html import author_names, field_html, field_text, parse_page, subject_codes
from harvester.sources.arxiv_ids import split_version
from harvester.sources.common import Input, collapse
from harvester.sources.dates import find_date

_MARKERS = re.compile(r"""name=["']citation_arxiv_id|<blockquote\s+class=["']abstract""")
_VERSION_ENTRY = re.compile(r"\[v(\d+)\]([^\[]*)")
_DOI = re.compile(r"10\.\d{4,9}/\S+")


def looks_like_abs(head: str) -> bool:
    return bool(_MARKERS.search(head))


def read_abs(source: Input) -> Iterator[PaperRecord | SourceProblem]:
    soup = parse_page(source)
    yield from source.take_problems()
    yield _record(soup, f"{source.name}:entry 1")


def _record(soup: BeautifulSoup, where: str) -> PaperRecord | SourceProblem:
    meta = _citation_meta(soup)
    ident = split_version(_first(meta, "citation_arxiv_id"))
    if ident is None:
        return SourceProblem(where, "no citation_arxiv_id meta tag: not an abstract page (withdrawn or not found?)")
    title = field_text(soup.find("h1", class_="title")) or collapse(_first(meta, "citation_title"))
    abstract = field_html(soup.find("blockquote", class_="abstract")) or _first(meta, "citation_abstract").strip()
    if not title or not abstract:
        return SourceProblem(where, f"{ident[0]} has no {'title' if not title else 'abstract'}; skipped")
    shown, days = _history(soup.find("div", class_="submission-history"))
    doi = _first(meta, "citation_doi") or field_text(soup.find("td", class_="doi"))
    return PaperRecord(
        arxiv_id=ident[0],
        version=shown or ident[1],
        title=title,
        abstract=abstract,
        comments=field_html(soup.find("td", class_="comments")) or None,
        authors=author_names(soup.find("div", class_="authors")) or [_first_last(name) for name in meta.get("citation_author", [])],
        categories=subject_codes(soup.find("td", class_="subjects")),
        published=days.get(1) or find_date(_first(meta, "citation_date")),
        updated=days[max(days)] if days else find_date(_first(meta, "citation_online_date")),
        doi=match.group(0) if (match := _DOI.search(doi)) else None,
        journal_ref=field_text(soup.find("td", class_="jref")) or None,
        location=where,
    )


def _citation_meta(soup: BeautifulSoup) -> dict[str, list[str]]:
    """citation_* meta tags by name, in page order (citation_author repeats)."""
    meta: dict[str, list[str]] = {}
    for tag in soup.find_all("meta", attrs={"name": re.compile(r"^citation_")}):
        meta.setdefault(tag["name"], []).append(tag.get("content", ""))
    return meta


def _first(meta: dict[str, list[str]], name: str) -> str:
    return meta[name][0] if name in meta else ""


def _history(history: Tag | None) -> tuple[int | None, dict[int, date]]:
    """The version the page shows (the one [vN] not linked) and the submission day of each version."""
    if history is None:
        return None, {}
    shown = next((int(m.group(1)) for strong in history.find_all("strong")
                  if strong.find("a") is None and (m := _VERSION_ENTRY.match(strong.get_text().strip()))), None)  # fmt: skip
    days = {int(number): day for number, text in _VERSION_ENTRY.findall(history.get_text()) if (day := find_date(text))}
    return shown, days


def _first_last(name: str) -> str:
    """'Li, Ruilong' -> 'Ruilong Li'."""
    last, _, first = name.partition(",")
    return collapse(f"{first} {last}")
