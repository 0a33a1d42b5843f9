"""arXiv listing pages (/list/cs.CV/new, /pastweek?show=N, /recent), saved or fetched.

Entries are <dt>/<dd> pairs: the <dt> links arXiv:ID, the <dd> holds div.list-title,
div.list-authors, div.list-comments, div.list-subjects and (on /new pages only) the
abstract in p.mathjax. The listing day is in an <h3> ('Fri, 22 Jan 2021 (showing 25 of
97 entries)', 'New submissions for Fri, 22 Jan 21', 'Showing new listings for Friday,
22 January 2021') or in the page title; a /pastweek page has one such heading per day.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from bs4 import Tag

from harvester.records import PaperRecord, SourceProblem
from harvester.sources.arxiv_html import author_names, field_html, field_text, parse_page, subject_codes
from harvester.sources.arxiv_ids import split_version
from harvester.sources.common import Input
from harvester.sources.dates import find_date

_MARKERS = re.compile(r"""class=["']list-(?:title|identifier)|<dl\s+id=["']articles""")


def looks_like_listing(head: str) -> bool:
    return bool(_MARKERS.search(head))


def read_listing(source: Input) -> Iterator[PaperRecord | SourceProblem]:
    """Records of a listing page in page order; problems are located as 'name:entry N'."""
    soup = parse_page(source)
    yield from source.take_problems()
    page = soup.find(id="dlpage") or soup
    listing_date = find_date(soup.title.get_text()) if soup.title else None
    term: Tag | None = None  # the <dt> waiting for its <dd>
    number = 0
    for tag in page.find_all(["h3", "dt", "dd"]):
        if tag.name == "h3":
            listing_date = find_date(tag.get_text()) or listing_date
        elif tag.name == "dt":
            if term is not None:
                number += 1
                yield SourceProblem(f"{source.name}:entry {number}", "<dt> without its <dd>; skipped")
            term = tag
        else:
            number += 1
            where = f"{source.name}:entry {number}"
            yield _entry(term, tag, listing_date, where) if term is not None else SourceProblem(where, "<dd> without its <dt>; skipped")
            term = None
    if term is not None:
        yield SourceProblem(f"{source.name}:entry {number + 1}", "last <dt> has no <dd> (page cut short?); skipped")
    if number == 0:
        yield SourceProblem(f"{source.name}:entry 1", "no entries in this listing page")


def _entry(term: Tag, details: Tag, listing_date: date | None, where: str) -> PaperRecord | SourceProblem:
    ident = next(filter(None, (split_version(link.get_text()) for link in term.find_all("a"))), None)
    if ident is None:
        return SourceProblem(where, "no arXiv:ID link in the <dt>; skipped")
    title = field_text(details.find("div", class_="list-title"))
    if not title:
        return SourceProblem(where, f"entry {ident[0]} has no title; skipped")
    return PaperRecord(
        arxiv_id=ident[0],
        version=ident[1],
        title=title,
        abstract=field_html(details.find("p", class_="mathjax")),  # only /new pages show abstracts
        comments=field_html(details.find("div", class_="list-comments")) or None,
        authors=author_names(details.find("div", class_="list-authors")),
        categories=subject_codes(details.find("div", class_="list-subjects")),
        listing_date=listing_date,
        journal_ref=field_text(details.find("div", class_="list-journal-ref")) or None,
        location=where,
    )
