"""Abbreviations defined in parentheses: "Fractal DataBase (FractalDB)", "DAF:re (DanbooruAnimeFaces:revamped)"."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PARENS = re.compile(r"\(([^()]{2,80})\)")
_NOT_LETTER = re.compile(r"[^0-9a-z]")
_UPPER = re.compile(r"[A-Z]")
_WORD_BEFORE = re.compile(r"(\S+)\s*$")
_MAX_EXTRA_WORDS = 5  # Schwartz & Hearst: a long form has at most len(short) + 5 words


@dataclass(frozen=True, slots=True)
class Definition:
    """A short form and its long form, with their offsets in the text."""

    short: str
    short_start: int
    long: str
    long_start: int
    end: int  # end of the whole "long (short)" or "short (long)" unit

    @property
    def start(self) -> int:
        return min(self.short_start, self.long_start)


def _letters(text: str) -> str:
    return _NOT_LETTER.sub("", text.lower())


def is_abbreviation(short: str, long: str) -> bool:
    """Schwartz & Hearst (2003): short's letters appear in order in long, its first at a word start."""
    letters = _letters(short)
    if len(letters) < 2 or len(long) <= len(short) or letters in _letters(long):
        return False  # "MNIST" inside "Noisy MNIST" is a variant, not an expansion
    text = long.lower()
    i = len(text) - 1
    for n, char in enumerate(reversed(letters)):
        first = n == len(letters) - 1
        while i >= 0 and (text[i] != char or (first and i > 0 and text[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return False
        i -= 1
    return text[0] == letters[0]


def _long_form_before(text: str, short: str, paren_start: int) -> tuple[str, int] | None:
    """The fewest words before '(' that expand `short`, stopping at punctuation."""
    window = re.split(r"[.,;:()]", text[max(0, paren_start - 160) : paren_start])[-1]
    words = list(re.finditer(r"\S+", window))
    offset = paren_start - len(window)
    for n in range(1, min(len(words), len(_letters(short)) + _MAX_EXTRA_WORDS) + 1):
        first = words[-n]
        candidate = window[first.start() :].rstrip()
        if is_abbreviation(short, candidate):
            return candidate, offset + first.start()
    return None


def find_definitions(text: str) -> list[Definition]:
    """Every "long (short)" and "short (long)" pair in the text."""
    found = []
    for match in _PARENS.finditer(text):
        inner = match.group(1).strip()
        inner_start = match.start(1) + match.group(1).index(inner)
        if " " not in inner and not _UPPER.search(inner):
            continue  # "(i)", "(resp.)": abbreviations carry a capital on one side at least
        if " " not in inner and (long := _long_form_before(text, inner, match.start())):
            found.append(Definition(inner, inner_start, long[0], long[1], match.end()))
        elif before := _WORD_BEFORE.search(text, max(0, match.start() - 60), match.start()):
            if is_abbreviation(before.group(1), inner):
                found.append(Definition(before.group(1), before.start(1), inner, inner_start, match.end()))
    return found
