"""Sources turn a file, URL or stream into paper records; one module per input format.

The format is found from the content (its first bytes), never from the file name;
`format=` forces one. Gzip is undone whatever the format. URLs are fetched politely
and cached on disk (see fetch.py: HARVEST_CACHE_DIR, HARVEST_USER_AGENT).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from glob import glob
from pathlib import Path
from typing import NamedTuple

from harvester.records import PaperRecord, SourceProblem, UnchangedLine
from harvester.sources.abs_page import looks_like_abs, read_abs
from harvester.sources.atom import is_api_query, looks_like_atom, read_atom, read_atom_pages
from harvester.sources.common import Input, KnownLines, SourceError
from harvester.sources.digest import looks_like_digest, read_digest
from harvester.sources.fetch import Fetcher, default_fetcher
from harvester.sources.jsonl import looks_like_jsonl, read_jsonl
from harvester.sources.listing import looks_like_listing, read_listing

__all__ = ["FORMATS", "Fetcher", "KnownLines", "SourceError", "expand_sources", "read_source"]

Item = PaperRecord | SourceProblem | UnchangedLine


class Format(NamedTuple):
    """How to recognise a format from an input's head, and how to read it."""

    looks_like: Callable[[str], bool]
    read: Callable[[Input], Iterator[Item]]


# In detection order; each test looks at the first bytes only.
FORMATS: dict[str, Format] = {
    "jsonl": Format(looks_like_jsonl, read_jsonl),
    "atom": Format(looks_like_atom, read_atom),
    "abs": Format(looks_like_abs, read_abs),
    "listing": Format(looks_like_listing, read_listing),
    "digest": Format(looks_like_digest, read_digest),
}
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_GLOB = re.compile(r"[*?[]")


def read_source(spec: str | os.PathLike[str], format: str | None = None, *, fetcher: Fetcher | None = None,
                known: KnownLines | None = None) -> Iterator[Item]:
    """Records and problems of one source, in order: a file, a directory, a glob, '-' (stdin) or an http(s) URL.

    Raises SourceError, before yielding anything, for a source that cannot be read at all.
    Within a directory or glob, a file that cannot be read is a SourceProblem and the rest is read.
    With `known`, a JSON line that the catalog's paper was last read from, byte for byte, is an
    UnchangedLine rather than a record.
    """
    spec = os.fspath(spec)
    if format is not None and format not in FORMATS:
        raise SourceError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")
    if spec == "-":
        with Input(sys.stdin.buffer, "<stdin>", known) as source:
            yield from _read(source, format)
    elif _URL.match(spec):
        yield from _read_url(spec, format, fetcher or default_fetcher(), known)
    elif Path(spec).is_file():
        yield from _read_file(spec, format, known)
    else:
        for path in expand_sources([spec]):
            try:
                yield from _read_file(path, format, known)
            except SourceError as error:
                yield SourceProblem(path, str(error).removeprefix(f"{path}: "))


def expand_sources(specs: Iterable[str]) -> Iterator[str]:
    """Each spec as the sources it names: a directory's files (recursively) and a glob's matches, sorted.

    '-' and URLs pass through. Hidden files and directories are skipped (.git, editor
    droppings). Raises SourceError for a spec that names nothing.
    """
    for spec in specs:
        if spec == "-" or _URL.match(spec) or Path(spec).is_file():
            yield spec
        elif Path(spec).is_dir():
            yield from _files_under(Path(spec))
        elif _GLOB.search(spec) and (matches := sorted(glob(spec, recursive=True))):
            for match in matches:
                yield from _files_under(Path(match)) if Path(match).is_dir() else [match]
        else:
            raise SourceError(f"{spec}: no such file or directory")


def _files_under(directory: Path) -> list[str]:
    found = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        found += [os.path.join(root, name) for name in files if not name.startswith(".")]
    return sorted(found)


def _read_file(path: str, format: str | None, known: KnownLines | None) -> Iterator[Item]:
    try:
        stream = open(path, "rb")
    except OSError as error:
        raise SourceError(f"{path}: {error.strerror or error}") from error
    with stream, Input(stream, path, known) as source:
        yield from _read(source, format)


def _read_url(url: str, format: str | None, fetcher: Fetcher, known: KnownLines | None) -> Iterator[Item]:
    if not url.lower().startswith(("http://", "https://")):
        raise SourceError(f"{url}: only http and https URLs can be read")
    if is_api_query(url) and format in (None, "atom"):
        yield from read_atom_pages(url, fetcher.fetch)
        return
    with fetcher.fetch(url).open("rb") as stream, Input(stream, url, known) as source:
        yield from _read(source, format)


def _read(source: Input, format: str | None) -> Iterator[Item]:
    yield from FORMATS[format or _detect(source)].read(source)
    yield from source.take_problems()


def _detect(source: Input) -> str:
    if not source.head.strip():
        raise SourceError(f"{source.name}: empty")
    for name, candidate in FORMATS.items():
        if candidate.looks_like(source.head_text):
            return name
    raise SourceError(
        f"{source.name}: not a known source format (a markdown digest, an arXiv listing or abstract page,"
        f" an arXiv API Atom feed or metadata JSON lines); --format forces one"
    )
