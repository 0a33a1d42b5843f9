"""What every reader shares: one binary stream per input, its head for detection, tolerant decoding."""

from __future__ import annotations

import codecs
import io
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType
from typing import BinaryIO

from harvester.records import SourceProblem

HEAD_SIZE = 128 * 1024  # enough to see past an HTML page's <head> to its first entry
_INFLATE_STEP = 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
# What a damaged file or a cut-off or corrupt .gz raises while being read.
_BROKEN_STREAM = (EOFError, OSError, zlib.error)


# Asked with {arXiv id: digest of the line that carries it}, answers the ids whose catalog paper was
# last read from a line with that very digest: those lines need no parsing (sources.jsonl).
KnownLines = Callable[[dict[str, str]], set[str]]


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


class _Inflating(io.RawIOBase):
    """A gzip stream, inflated one step ahead in a thread.

    zlib lets go of the GIL while it inflates, so inflating the next step and parsing
    this one run on two cores. Steps are large because GzipFile's 8 KB reads would make
    the two threads trade the GIL every few kilobytes, which is slower than one thread.
    """

    def __init__(self, compressed: BinaryIO) -> None:
        super().__init__()
        self._compressed = compressed
        self._member = zlib.decompressobj(wbits=31)  # a .gz may hold several members back to back
        self._member_started = False
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="harvester-inflate")
        self._next = self._worker.submit(self._inflate_step)
        self._chunk = memoryview(b"")

    def _inflate_step(self) -> bytes:
        """The next inflated bytes (at most _INFLATE_STEP), b"" after the last member."""
        while True:
            if self._member.eof:
                pending = self._member.unused_data
                self._member, self._member_started = zlib.decompressobj(wbits=31), False
            else:
                pending = self._member.unconsumed_tail
            data = pending or self._compressed.read(_INFLATE_STEP // 4)
            if not data:
                if self._member_started:
                    raise EOFError("compressed data ends early")
                return b""
            self._member_started = True
            if inflated := self._member.decompress(data, _INFLATE_STEP):
                return inflated

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if not self._chunk:
            chunk = self._next.result()  # raises what inflating raised: a cut-off or corrupt .gz
            if not chunk:
                return 0
            self._next = self._worker.submit(self._inflate_step)
            self._chunk = memoryview(chunk)
        size = min(len(buffer), len(self._chunk))
        buffer[:size] = self._chunk[:size]
        self._chunk = self._chunk[size:]
        return size

    def close(self) -> None:
        self._worker.shutdown(wait=True, cancel_futures=True)  # before the stream under it is closed
        super().close()


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

    def __init__(self, stream: BinaryIO, name: str, known: KnownLines | None = None) -> None:
        self.name = name
        self.known = known  # for readers that read line by line; the others ignore it
        self.problems: list[SourceProblem] = []
        self._reported: set[str] = set()
        self._inflating: _Inflating | None = None
        head, self.stream = _peek(stream, name)
        if head.startswith(_GZIP_MAGIC):
            self._inflating = _Inflating(self.stream)
            try:
                head, self.stream = _peek(self._inflating, name)
            except SourceError:
                self.close()
                raise
        if head.startswith(codecs.BOM_UTF8):
            head = head[len(codecs.BOM_UTF8) :]
            self.stream.read(len(codecs.BOM_UTF8))
        self.head = head
        self.head_text = head.decode("utf-8", "replace")

    def __enter__(self) -> Input:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Stops inflating ahead; the stream the input was opened on is the caller's to close."""
        if self._inflating is not None:
            self._inflating.close()

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
