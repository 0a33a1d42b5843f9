"""Readable text from a field that may hold listing HTML and LaTeX, and its sentences."""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from operator import itemgetter

from bs4 import BeautifulSoup

_LATEX_WRAPPER = re.compile(r"\\(?:url|emph|textit|textbf|texttt|text|mathrm|href)\s*\{([^{}]*)\}")
_LATEX_ESCAPE = re.compile(r"\\([_%&#$])")
# A C-level replacement callable: a "\\1" template is expanded in Python on every match.
_GROUP_1 = itemgetter(1)
_SPACE_BEFORE_PUNCTUATION = re.compile(r" ([.,;:!?)])")
# A sentence ends at . ! or ? (and closing quotes/brackets) when a space and a capital, digit,
# quote, bracket, tag, emphasis mark or LaTeX command follow, or a listing's line break, and
# not after common abbreviations. The look-ahead comes first: it rejects the many periods
# inside URLs and numbers at once.
_NEXT_SENTENCE = r"(?=[\"')\]]*(?:\s+[A-Z0-9\"'(\[<\\*]|<br))"
_ABBREVIATIONS = r"(?<!\b(?:e\.g|i\.e|Fig)\.)(?<!\b(?:vs|cf|Eq)\.)(?<!\bet al\.)"  # one look-behind per width
_CLOSING = r"[\"')\]]*"
_SPACES = re.compile(r"\s*")
_ASCII_SPLITTERS = b"\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"  # what str.split splits ASCII text at, but spaces
# Starting on a literal "." lets the regex engine skip to periods at C speed; "!" and "?" are
# rare in abstracts, so the slower character-class scan runs only where they occur.
_PERIOD_END = re.compile(r"\.[.!?]*" + _NEXT_SENTENCE + _ABBREVIATIONS + _CLOSING)
_ANY_END = re.compile(r"[.!?]+" + _NEXT_SENTENCE + _ABBREVIATIONS + _CLOSING)


def holds_html(text: str) -> bool:
    """Whether the field carries markup (the listing's anchors, <br>), as opposed to plain or LaTeX text."""
    return "<" in text and ">" in text and ("</" in text or "/>" in text or "<br" in text)


def plain_text(text: str) -> str:
    """The words a reader sees: HTML tags dropped (anchor text kept), entities and LaTeX unwrapped."""
    markup = holds_html(text)
    if markup:
        text = BeautifulSoup(text, "html.parser").get_text(" ")
    elif "&" in text:
        text = html.unescape(text)
    if "\\" in text:
        text = _LATEX_WRAPPER.sub(_GROUP_1, text)
        text = _LATEX_ESCAPE.sub(_GROUP_1, text)
    text = single_spaced(text)
    # get_text(" ") separates every tag's text, also before the period that follows a link.
    return _SPACE_BEFORE_PUNCTUATION.sub(_GROUP_1, text) if markup else text


def single_spaced(text: str) -> str:
    """" ".join(text.split()), without its work for the usual text: ASCII whose only whitespace is single spaces."""
    if text.isascii() and "  " not in text:
        data = text.encode()  # bytes.translate tests every character in one C pass
        if len(data.translate(None, _ASCII_SPLITTERS)) == len(data):
            return text.strip()
    return " ".join(text.split())


class Sentences:
    """The sentences of one text, found in one pass: a field may hold thousands of links,
    and looking each one's sentence up from scratch would be quadratic."""

    def __init__(self, text: str) -> None:
        ends = _ANY_END if "!" in text or "?" in text else _PERIOD_END
        self.text = text
        self._ends = [match.end() for match in ends.finditer(text)]
        self._plain: dict[tuple[int, int], str] = {}

    def span(self, pos: int) -> tuple[int, int]:
        """Offsets of the sentence holding text[pos]: from its first word to its closing punctuation."""
        index = bisect_right(self._ends, pos)
        previous_end = self._ends[index - 1] if index else 0
        spaces = _SPACES.match(self.text, previous_end)
        start = spaces.end() if spaces else previous_end  # \s* always matches
        return min(start, pos), self._ends[index] if index < len(self._ends) else len(self.text)

    def plain(self, start: int, end: int) -> str:
        """plain_text of one sentence, computed once however many links it holds."""
        key = (start, end)
        if key not in self._plain:
            self._plain[key] = plain_text(self.text[start:end])
        return self._plain[key]
