"""Readable text from a field that may hold listing HTML and LaTeX."""

from __future__ import annotations

import html
import re

from bs4 import BeautifulSoup

_LATEX_WRAPPER = re.compile(r"\\(?:url|emph|textit|textbf|texttt|text|mathrm|href)\s*\{([^{}]*)\}")
_LATEX_ESCAPE = re.compile(r"\\([_%&#$])")
_SPACES = re.compile(r"[ \t\r\n]+")


def plain_text(text: str) -> str:
    """The words a reader sees: HTML tags dropped (anchor text kept), entities and LaTeX unwrapped."""
    if "<" in text and ">" in text:
        text = BeautifulSoup(text, "html.parser").get_text(" ")
    elif "&" in text:
        text = html.unescape(text)
    if "\\" in text:
        text = _LATEX_WRAPPER.sub(r"\1", text)
        text = _LATEX_ESCAPE.sub(r"\1", text)
    return _SPACES.sub(" ", text).strip()
