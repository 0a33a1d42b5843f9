"""Readable text from a field that may hold listing HTML and LaTeX, and its sentences."""

from __future__ import annotations

import html
import re

from bs4 import BeautifulSoup

_LATEX_WRAPPER = re.compile(r"\\(?:url|emph|textit|textbf|texttt|text|mathrm|href)\s*\{([^{}]*)\}")
_LATEX_ESCAPE = re.compile(r"\\([_%&#$])")
_SPACES = re.compile(r"[ \t\r\n]+")
# A sentence ends at . ! ? (and closing quotes/brackets) before a space and a capital, digit,
# quote, bracket, tag or LaTeX command; common abbreviations do not end one.
_SENTENCE_END = re.compile(
    r"(?<!\be\.g)(?<!\bi\.e)(?<!\bet al)(?<!\bvs)(?<!\bFig)(?<!\bEq)(?<!\bcf)"
    r"[.!?]+[\"')\]]*(?=\s+[A-Z0-9\"'(\[<\\])"
)


def holds_html(text: str) -> bool:
    """Whether the field carries markup (the listing's anchors, <br>), as opposed to plain or LaTeX text."""
    return "<" in text and ">" in text and ("</" in text or "/>" in text or "<br" in text)


def plain_text(text: str) -> str:
    """The words a reader sees: HTML tags dropped (anchor text kept), entities and LaTeX unwrapped."""
    if holds_html(text):
        text = BeautifulSoup(text, "html.parser").get_text(" ")
    elif "&" in text:
        text = html.unescape(text)
    if "\\" in text:
        text = _LATEX_WRAPPER.sub(r"\1", text)
        text = _LATEX_ESCAPE.sub(r"\1", text)
    return _SPACES.sub(" ", text).strip()


def sentence_span(text: str, pos: int) -> tuple[int, int]:
    """Offsets of the sentence holding text[pos], its closing punctuation included."""
    start = 0
    for end in _SENTENCE_END.finditer(text):
        if end.end() > pos:
            return start, end.end()
        start = end.end()
    return start, len(text)
