"""arXiv API Atom feeds (export.arxiv.org/api/query), parsed as a stream, one <entry> at a time.

A live query is read page after page (start/max_results) until totalResults.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from harvester.records import PaperRecord, SourceProblem
from harvester.sources.arxiv_ids import parse_arxiv_url
from harvester.sources.common import Input, SourceError, collapse, shorten
from harvester.sources.dates import iso_day

_ATOM_NS = "http://www.w3.org/2005/Atom"
_ATOM = "{" + _ATOM_NS + "}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
_TOTAL_RESULTS = f"{_OPENSEARCH}totalResults"


@dataclass(slots=True)
class FeedPage:
    """What one page of an API answer says, filled while it is read: paging goes on until `total`."""

    total: int | None = None  # opensearch:totalResults, the query's whole answer
    entries: int = 0  # entries on this page


def looks_like_atom(head: str) -> bool:
    return "<feed" in head and _ATOM_NS in head


def is_api_query(url: str) -> bool:
    """True for an arXiv API query URL, which can be paged with start=."""
    return urlsplit(url).path.rstrip("/").endswith("/api/query")


class _RefusedDTD(Exception):
    """A feed with a document type declaration."""


def read_atom(source: Input, page: FeedPage | None = None) -> Iterator[PaperRecord | SourceProblem]:
    """Records of one feed; problems are located as 'name:entry N'. Fills `page` with the feed's paging."""
    page = page if page is not None else FeedPage()
    root: ET.Element | None = None
    try:
        for event, element in _events(source):
            if root is None:
                root = element
                if root.tag != f"{_ATOM}feed":
                    yield SourceProblem(f"{source.name}:entry 1", f"root element is {shorten(root.tag)}, not an Atom <feed>")
                    return
            elif event == "end":
                yield from _on_end(element, root, page, source.name)
            yield from source.take_problems()
    except ET.ParseError as error:
        yield SourceProblem(f"{source.name}:entry {page.entries + 1}", f"feed is not well-formed XML ({error}); the rest is skipped")
    except _RefusedDTD:
        yield SourceProblem(f"{source.name}:entry 1", "refusing a feed with a DTD (entity expansion risk); skipped")
    yield from source.take_problems()


def _events(source: Input) -> Iterator[tuple[str, ET.Element]]:
    """(event, element) pairs as the input is fed to the parser line by line."""
    parser = ET.XMLPullParser(events=("start", "end"))
    started = False
    for _, text in source.text_lines():
        # A DTD can only come before the root element; refusing it rules out entity
        # expansion bombs (external entities are never fetched by ElementTree anyway).
        if not started and "<!DOCTYPE" in text:
            raise _RefusedDTD
        parser.feed(text)
        for event in parser.read_events():
            started = True
            yield event
    parser.close()
    yield from parser.read_events()


def _on_end(element: ET.Element, root: ET.Element, page: FeedPage, name: str) -> Iterator[PaperRecord | SourceProblem]:
    if element.tag == f"{_ATOM}entry":
        page.entries += 1
        yield _entry_record(element, f"{name}:entry {page.entries}")
        root.clear()  # drops the entries read so far: memory stays flat however long the feed
    elif element.tag == _TOTAL_RESULTS and (element.text or "").strip().isdigit():
        page.total = int(element.text)


def _entry_record(entry: ET.Element, where: str) -> PaperRecord | SourceProblem:
    id_text = (entry.findtext(f"{_ATOM}id") or "").strip()
    summary = (entry.findtext(f"{_ATOM}summary") or "").strip()
    if "/api/errors" in id_text:  # the API reports a bad query as an entry
        return SourceProblem(where, f"arXiv API error: {collapse(summary)[:200]}")
    ident = parse_arxiv_url(id_text)
    if ident is None:
        return SourceProblem(where, f"no arXiv id in <id> {shorten(id_text)}; skipped")
    title = collapse(entry.findtext(f"{_ATOM}title") or "")
    if not title or not summary:
        return SourceProblem(where, f"entry {ident[0]} has no {'title' if not title else 'summary'}; skipped")
    primary = entry.find(f"{_ARXIV}primary_category")
    terms = [primary.get("term")] if primary is not None else []
    terms += [category.get("term") for category in entry.iterfind(f"{_ATOM}category")]
    return PaperRecord(
        arxiv_id=ident[0],
        version=ident[1],
        title=title,
        abstract=summary,
        comments=_text(entry, f"{_ARXIV}comment"),
        authors=[collapse(name.text) for name in entry.iterfind(f"{_ATOM}author/{_ATOM}name") if name.text],
        categories=list(dict.fromkeys(term for term in terms if term)),  # primary first, no repeats
        published=iso_day(entry.findtext(f"{_ATOM}published") or ""),
        updated=iso_day(entry.findtext(f"{_ATOM}updated") or ""),
        doi=_text(entry, f"{_ARXIV}doi"),
        journal_ref=_text(entry, f"{_ARXIV}journal_ref"),
        location=where,
    )


def _text(entry: ET.Element, tag: str) -> str | None:
    text = (entry.findtext(tag) or "").strip()
    return text or None


def read_atom_pages(url: str, fetch: Callable[[str], Path]) -> Iterator[PaperRecord | SourceProblem]:
    """All records of an API query: the URL as given, then the next start= until totalResults."""
    page_url, start = url, _query_int(url, "start")
    while True:
        page = FeedPage()
        try:
            path = fetch(page_url)
        except SourceError as error:
            if page_url == url:  # nothing read yet: the source cannot be read at all
                raise
            yield SourceProblem(f"{page_url}:entry 1", f"{str(error).removeprefix(page_url + ': ')}; the rest of the query is skipped")
            return
        with path.open("rb") as stream, Input(stream, page_url) as source:
            yield from read_atom(source, page)
        if page.total is None or page.entries == 0 or start + page.entries >= page.total:
            if page.entries == 0 and page.total is not None and start < page.total:
                # The API sometimes answers an empty page mid-query; going on could loop forever.
                yield SourceProblem(f"{page_url}:entry 1", f"empty page before totalResults ({page.total}); stopping")
            return
        start += page.entries
        page_url = _with_query(url, start=start)


def _query_int(url: str, key: str) -> int:
    value = dict(parse_qsl(urlsplit(url).query)).get(key, "0")
    return int(value) if value.isdigit() else 0


def _with_query(url: str, **values: int) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update({key: str(value) for key, value in values.items()})
    return urlunsplit(parts._replace(query=urlencode(query, safe=":,")))
