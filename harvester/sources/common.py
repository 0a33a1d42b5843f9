"""What every reader shares: one binary stream per input, its head for detection, tolerant decoding."""

from __future__ import annotations

import codecs
import gzip
import io
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from harvester.records import SourceProblem

HEAD_SIZE = 128 * 1024  # enough to see past an HTML page's <head> to its first entry
_GZIP_MAGIC = b"\x1f\x8b"
# What a damaged file or a cut-off .gz raises while being read (BadGzipFile is an OSError).
_BROKEN_STREAM = (EOFError, OSError, zlib.error)


class SourceError(Exception):
    """A source that cannot be read at all (missing file, unknown format, unreachable URL)."""


class _Replay(io.RawIOBase):
    """A stream whose head was read for detection: serves the head again, then the rest.

    Works on pipes and stdin, where seeking back is impossible. A failure met while
    reading the head is raised again where it happened, after the head.
    """

    def __init__(self, head: bytes, rest: BinaryIO, failure: BaseException | None) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._rest = rest
        self._failure = failure

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        if self._failure is not None:
            failure, self._failure = self._failure, None
            raise failure
        return self._rest.readinto(buffer)


def _peek(stream: BinaryIO, name: str) -> tuple[bytes, BinaryIO]:
    """The first HEAD_SIZE bytes (fewer if the stream breaks or ends) and a stream that starts over.

    Raises SourceError when the stream breaks before giving a single byte.
    """
    chunks: list[bytes] = []
    size = 0
    failure: BaseException | None = None
    try:
        while size < HEAD_SIZE and (chunk := stream.read(min(64 * 1024, HEAD_SIZE - size))):
            chunks.append(chunk)
            size += len(chunk)
    except _BROKEN_STREAM as error:
        failure = error
    head = b"".join(chunks)
    if failure is not None and not head:
        raise SourceError(f"{name}: cannot be read: {_describe(failure)}")
    return head, io.BufferedReader(_Replay(head, stream, failure), buffer_size=256 * 1024)


class Input:
    """One opened source: its name for messages, its content as bytes (gzip undone, BOM dropped), its head.

    Problems met while reading (bad UTF-8, NUL bytes, a stream that breaks off) collect
    in `problems`; readers yield them with `take_problems()` where they fit in the output.
    """

    def __init__(self, stream: BinaryIO, name: str) -> None:
        self.name = name
        self.problems: list[SourceProblem] = []
        self._reported: set[str] = set()
        head, self.stream = _peek(stream, name)
        if head.startswith(_GZIP_MAGIC):
            head, self.stream = _peek(gzip.GzipFile(fileobj=self.stream, mode="rb"), name)
        if head.startswith(codecs.BOM_UTF8):
            head = head[len(codecs.BOM_UTF8) :]
            self.stream.read(len(codecs.BOM_UTF8))
        self.head = head
        self.head_text = head.decode("utf-8", "replace")

    def lines(self) -> Iterator[tuple[int, bytes]]:
        """Numbered raw lines; a stream that breaks off ends them, with a problem noted."""
        number = 0
        try:
            for number, raw in enumerate(self.stream, 1):
                yield number, raw
        except _BROKEN_STREAM as error:
            self.note(number + 1, f"{_describe(error)}; the rest of the input is skipped")

    def text_lines(self) -> Iterator[tuple[int, str]]:
        for number, raw in self.lines():
            yield number, self.decode(raw, number)

    def decode(self, raw: bytes, line: int) -> str:
        """Text of one line: invalid UTF-8 replaced, NUL bytes dropped.

        Each kind of damage is reported once per input: one bad byte usually means many.
        """
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            text = raw.decode("utf-8", "replace")
            self._note_once("utf-8", line, f"invalid UTF-8 (byte {error.start + 1} of the line) replaced by U+FFFD; not reported again")
        if "\0" in text:
            text = text.replace("\0", "")
            self._note_once("nul", line, "NUL bytes dropped; not reported again")
        return text

    def note(self, line: int, message: str) -> None:
        self.problems.append(SourceProblem(f"{self.name}:{line}", message))

    def _note_once(self, kind: str, line: int, message: str) -> None:
        if kind not in self._reported:
            self._reported.add(kind)
            self.note(line, message)

    def take_problems(self) -> list[SourceProblem]:
        """The problems noted since the last call, in order (cheap when there are none)."""
        if not self.problems:
            return []
        problems, self.problems = self.problems, []
        return problems


def _describe(error: BaseException) -> str:
    return "compressed data ends early (truncated .gz?)" if isinstance(error, EOFError) else f"read error: {error}"


def collapse(text: str) -> str:
    """Runs of whitespace (newlines, double spaces) as single spaces, ends stripped."""
    return " ".join(text.split())


def shorten(value: object, limit: int = 60) -> str:
    """repr() of a value cut to a length fit for a one-line message (lines can be megabytes)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
