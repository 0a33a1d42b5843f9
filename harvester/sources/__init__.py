"""Sources turn a file, URL or stream into paper records; one module per input format."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from harvester.records import PaperRecord, SourceProblem
from harvester.sources.digest import read_digest


class SourceError(Exception):
    """A source that cannot be read at all (missing file, unknown format)."""


def read_source(spec: str, format: str | None = None) -> Iterator[PaperRecord | SourceProblem]:
    """Records and problems of one source, in order."""
    path = Path(spec)
    if not path.is_file():
        raise SourceError(f"{spec}: no such file")
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        yield from read_digest(handle, spec)
