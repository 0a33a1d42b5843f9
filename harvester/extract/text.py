"""Readable text from a field that may hold listing HTML and LaTeX, and its sentences."""

from __future__ import annotations

import html
import re
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
    text = " ".join(text.split())
    # get_text(" ") separates every tag's text, also before the period that follows a link.
    return _SPACE_BEFORE_PUNCTUATION.sub(_GROUP_1, text) if markup else text


def sentence_span(text: str, pos: int) -> tuple[int, int]:
    """Offsets of the sentence holding text[pos]: from its first word to its closing punctuation."""
    marks = ".!?" if "!" in text or "?" in text else "."
    ends = _ANY_END if len(marks) > 1 else _PERIOD_END
    start = _SPACES.match(text, _previous_end(text, pos, marks, ends)).end()
    following = ends.search(text, pos)
    return min(start, pos), following.end() if following else len(text)


def _previous_end(text: str, pos: int, marks: str, ends: re.Pattern[str]) -> int:
    """The end of the sentence before pos: searched backwards, mark by mark, as the
    sentence holding a link or a promise is mostly the last of a long text."""
    at = pos
    while (at := _last_mark(text, at, marks)) >= 0:
        end = ends.match(text, at)
        if end is not None and end.end() <= pos:
            return end.end()
    return 0


def _last_mark(text: str, end: int, marks: str) -> int:
    if len(marks) == 1:  # the common case: no "!" or "?" in the text
        return text.rfind(marks, 0, end)
    return max(text.rfind(mark, 0, end) for mark in marks)
