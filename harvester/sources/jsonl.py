"""arXiv metadata JSON lines (the Kaggle/OAI snapshot), plain or gzip, streamed one line at a time.

This is the hot path (2.7M lines): a well-formed line costs one strict UTF-8 decode, one
scan by the C JSON scanner and one record build. Anything unusual (bad bytes, bad JSON,
a wrong field) falls to a slower path that says what is wrong.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from itertools import islice
from dataclasses import fields
from datetime import date

from harvester.records import PaperRecord, SourceProblem, UnchangedLine
from harvester.sources.arxiv_ids import ARXIV_ID
from harvester.sources.common import Input, collapse, shorten
from harvester.sources.dates import rfc2822_day

# Bump when a line would be read into a different record: lines read before then are parsed again.
READER_VERSION = "1"
_DIGEST_SALT = f"harvester-jsonl-{READER_VERSION}\n".encode()
_BLOCK = 1000  # lines looked up in the catalog at once
_decoder = json.JSONDecoder()
_scan_json = _decoder.scan_once  # decode() without its two whitespace-regex passes
_match_id = ARXIV_ID.fullmatch
_AFFILIATION = re.compile(r"\s*\([^()]*\)")
_SHAPE_ERRORS = (KeyError, TypeError, AttributeError, IndexError)
# The snapshot's fields and the JSON types they may have (NoneType: may be null), to explain a refused line.
_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "title": (str,),
    "abstract": (str,),
    "authors": (str,),
    "categories": (str,),
    "comments": (str, type(None)),
    "doi": (str, type(None)),
    "journal-ref": (str, type(None)),
    "update_date": (str, type(None)),
    "versions": (list,),
}
_REQUIRED = ("id", "title", "abstract")
_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", int: "a number", float: "a number", bool: "a boolean", type(None): "null"}

# PaperRecord is built with positional arguments: thirteen keywords cost 0.6 us a record,
# a tenth of the reader's budget. This guard keeps that safe if records.py changes.
_POSITIONAL = ("arxiv_id", "title", "abstract", "version", "comments", "authors", "categories",
               "listing_date", "published", "updated", "doi", "journal_ref", "location", "source_digest")  # fmt: skip
if tuple(field.name for field in fields(PaperRecord)) != _POSITIONAL:
    raise ImportError("harvester.records.PaperRecord fields changed; update jsonl._POSITIONAL and _record")


def looks_like_jsonl(head: str) -> bool:
    return head.lstrip().startswith("{")


def read_jsonl(source: Input) -> Iterator[PaperRecord | SourceProblem | UnchangedLine]:
    """Records of a metadata JSON-lines input; a bad line is reported as 'file:line' and skipped.

    With `source.known`, lines are looked up a block at a time, and a line the catalog's paper
    was last read from is an UnchangedLine, not parsed again: a re-run of a snapshot mostly
    costs a digest per line."""
    if source.known is None:
        for number, raw in source.lines():
            yield from _items(source, number, raw)
    else:
        for block in _blocks(source.lines()):
            yield from _unless_known(source, block)
    yield from source.take_problems()


def line_digest(raw: bytes) -> str:
    """What identifies a line's content: its bytes, and the reader that made a record of them."""
    return hashlib.sha1(_DIGEST_SALT + raw.rstrip(b"\r\n")).hexdigest()


def _blocks(lines: Iterator[tuple[int, bytes]]) -> Iterator[list[tuple[int, bytes]]]:
    while block := list(islice(lines, _BLOCK)):
        yield block


def _unless_known(source: Input, block: list[tuple[int, bytes]]) -> Iterator[PaperRecord | SourceProblem | UnchangedLine]:
    digests = [line_digest(raw) for _, raw in block]
    idents = [_peek_id(raw) for _, raw in block]
    asked = {ident: digest for ident, digest in zip(idents, digests) if ident}
    same = source.known(asked) if asked and source.known else set()
    for (number, raw), ident, digest in zip(block, idents, digests):
        # The id is only peeked at, but a wrong peek costs nothing: no other paper was read from this line.
        if ident in same and asked[ident] == digest:
            yield UnchangedLine(ident, f"{source.name}:{number}")
        else:
            yield from _items(source, number, raw, digest)


def _peek_id(raw: bytes) -> str | None:
    """The arXiv id of a snapshot line ('{"id": "0704.0001", ...'), without parsing the line; None if unsure."""
    start = raw.find(b'"id": "')
    end = raw.find(b'"', start + 7) if start >= 0 else -1
    ident = _match_id(raw[start + 7 : end].decode("ascii", "replace")) if end > 0 else None
    return ident["id"] if ident else None


def _items(source: Input, number: int, raw: bytes, digest: str | None = None) -> list[PaperRecord | SourceProblem]:
    """The record of one line, or the problems that kept it from being one."""
    try:
        text = raw.decode("utf-8")
        row, end = _scan_json(text, 0)
        if len(text) - end > 2:  # more than a line break after the value: let the slow path judge
            raise ValueError
    except (ValueError, StopIteration, RecursionError):  # bad UTF-8, NUL, bad JSON, blank line, deep nesting
        row = _parse_damaged(source, raw, number)
        problems: list[PaperRecord | SourceProblem] = [*source.take_problems()]
        return problems if row is None else problems + _items_of_row(row, f"{source.name}:{number}", digest)
    return _items_of_row(row, f"{source.name}:{number}", digest)


def _items_of_row(row: object, where: str, digest: str | None) -> list[PaperRecord | SourceProblem]:
    try:
        return [_record(row, where, digest)]
    except (*_SHAPE_ERRORS, ValueError) as error:
        return [SourceProblem(where, f"{_explain(row, error)}; skipped")]


def _parse_damaged(source: Input, raw: bytes, number: int) -> object | None:
    """The JSON value of a line the fast path refused, or None (a blank line, or a problem noted)."""
    text = source.decode(raw, number)  # replaces bad UTF-8 and drops NULs, reporting each once
    if not text.strip():
        return None
    try:
        return _decoder.decode(text)
    except json.JSONDecodeError as error:
        cut = "" if raw.endswith(b"\n") else " (line cut short?)"
        source.note(number, f"invalid JSON: {error.msg.removesuffix(' at')} at column {error.colno}{cut}; skipped")
    except RecursionError:
        source.note(number, "invalid JSON: nested too deeply; skipped")
    except ValueError as error:  # e.g. an integer beyond Python's digit limit
        source.note(number, f"invalid JSON: {str(error).splitlines()[0][:120]}; skipped")
    return None


def _record(row: dict, where: str, digest: str | None = None) -> PaperRecord:
    """The record of one parsed line; raises on a missing field, a wrong type or a bad value."""
    ident = _match_id(row["id"])
    if ident is None:
        raise ValueError(f"'id' {shorten(row['id'])} is not an arXiv identifier")
    title = row["title"]
    # The snapshot wraps long titles ('...Tevatron and\n  LHC energies'); most need no more than a strip.
    title = collapse(title) if "\n" in title or "  " in title or "\t" in title else title.strip()
    versions = row.get("versions")
    if versions:  # listed oldest first
        latest = versions[-1]
        version = int(latest["version"].lstrip("v"))
        first_created, latest_created = versions[0].get("created"), latest.get("created")
        published = rfc2822_day(first_created) if first_created else None
        updated = rfc2822_day(latest_created) if latest_created else None
    else:
        version = published = updated = None
    if updated is None and (update_date := row.get("update_date")):
        # The snapshot's last metadata change stands in where versions carry no dates.
        updated = date.fromisoformat(update_date)
    authors = row.get("authors")
    categories = row.get("categories")
    return PaperRecord(
        ident["id"],
        title,
        row["abstract"].strip(),
        version,
        row.get("comments"),
        _split_authors(authors) if authors else [],
        categories.split() if categories else [],  # the snapshot lists the primary first
        None,
        published,
        updated,
        row.get("doi"),
        row.get("journal-ref"),
        where,
        digest,
    )


def _split_authors(text: str) -> list[str]:
    """'A. One, B. Two (MIT), and C. Three' -> ['A. One', 'B. Two', 'C. Three']."""
    if "(" in text:  # affiliations, possibly nested: '(1) MIT, (2) CERN' or '((1) MIT)'
        while (stripped := _AFFILIATION.sub("", text)) != text:
            text = stripped
    if "\n" in text or "  " in text:  # long author lists are wrapped
        text = collapse(text)
    joined = text.strip().replace(" and ", ", ")
    names = joined.split(", ")
    if joined.count(",") != len(names) - 1:  # a bare comma: 'A. One,B. Two'
        names = [name.strip() for name in joined.split(",")]
    return [name for name in names if name] if "" in names else names


def _explain(row: object, error: Exception) -> str:
    """One line saying what is wrong with a parsed line the fast path refused."""
    if not isinstance(row, dict):
        return f"{_json_type(row)}, not a JSON object"
    for field, types in _FIELD_TYPES.items():
        if field not in row:
            if field in _REQUIRED:
                return f"no {field!r} field"
        elif not isinstance(row[field], types):
            return f"{field!r} is {_json_type(row[field])}: {shorten(row[field])}"
    for entry in row.get("versions") or ():
        if not _is_version_entry(entry):
            return f"malformed 'versions' entry {shorten(entry)}"
    if row.get("update_date") and _fails(date.fromisoformat, row["update_date"]):
        return f"'update_date' {shorten(row['update_date'])} is not a YYYY-MM-DD date"
    return str(error)


def _is_version_entry(entry: object) -> bool:
    """{'version': 'v2', 'created': 'Mon, 2 Apr 2007 19:18:42 GMT'}; 'created' may be missing, null or ''."""
    if not isinstance(entry, dict) or not isinstance(entry.get("version"), str):
        return False
    created = entry.get("created")
    if created and (not isinstance(created, str) or _fails(rfc2822_day, created)):
        return False
    return entry["version"].lstrip("v").isdigit()


def _fails(parse: Callable[[str], object], text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return True
    return False


def _json_type(value: object) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)
