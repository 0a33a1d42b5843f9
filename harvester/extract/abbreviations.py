"""Abbreviations defined in parentheses: "Fractal DataBase (FractalDB)", "DAF:re (DanbooruAnimeFaces:revamped)"."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_PARENS = re.compile(r"\(([^()]{2,80})\)")
_NOT_LETTER = re.compile(r"[^0-9a-z]")
_ASCII_NOT_LETTER = bytes(sorted(set(range(128)) - set(b"0123456789abcdefghijklmnopqrstuvwxyz")))
_UPPER = re.compile(r"[A-Z]")
_CLAUSE_BREAKS = ".,;:()"
_MAX_EXTRA_WORDS = 5  # Schwartz & Hearst: a long form has at most len(short) + 5 words
_REACH = 160  # characters before '(' where a long form may start
_BEFORE_REACH = 60  # characters before '(' where a short form may start

# (short forms a parenthesis could define, start, end of the span its definition would lie in)
Wanted = Callable[[tuple[str, ...], int, int], bool]


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
    lower = text.lower()
    if lower.isascii():  # bytes.translate drops the other characters in one C pass, 2-4x faster than re.sub
        return lower.encode().translate(None, _ASCII_NOT_LETTER).decode()
    return _NOT_LETTER.sub("", lower)


def is_abbreviation(short: str, long: str) -> bool:
    """Schwartz & Hearst (2003): short's letters appear in order in long, its first at a word start."""
    return _expands(_letters(short), short, long)


def _expands(letters: str, short: str, long: str) -> bool:
    """is_abbreviation(short, long), given short's letters."""
    if len(letters) < 2 or len(long) <= len(short) or letters in _letters(long):
        return False  # "MNIST" inside "Noisy MNIST" is a variant, not an expansion
    text = long.lower()
    at = len(text)  # each letter is looked for before the one after it, rightmost first (str.rfind, not a char loop)
    for char in reversed(letters[1:]):
        at = text.rfind(char, 0, at)
        if at < 0:
            return False
    at = text.rfind(letters[0], 0, at)
    while at > 0 and text[at - 1].isalnum():  # the first letter starts a word
        at = text.rfind(letters[0], 0, at)
    return at >= 0 and text[0] == letters[0]


def _long_form_before(text: str, short: str, paren_start: int) -> tuple[str, int] | None:
    """The fewest words before '(' that expand `short`, stopping at punctuation.

    str methods, not regexes: this runs for most parentheses, and splitting the window by regex and
    building a match per word cost more than the test itself.
    """
    letters = _letters(short)
    if len(letters) < 2:
        return None  # too short to abbreviate anything
    window = text[max(0, paren_start - _REACH) : paren_start]
    window = window[max(map(window.rfind, _CLAUSE_BREAKS)) + 1 :]
    offset = paren_start - len(window)
    reach = len(letters) + _MAX_EXTRA_WORDS
    at = len(window)
    for word in window.rsplit(None, reach)[::-1][:reach]:  # the last `reach` words, last first
        at = window.rfind(word, 0, at)  # words are whitespace-separated: the last occurrence is this word
        if word[0].lower()[0] != letters[0]:
            continue  # is_abbreviation wants the long form to start with the short form's first letter
        candidate = window[at:].rstrip()
        if _expands(letters, short, candidate):
            return candidate, offset + at
    return None


# A parenthesis that may define: its match, its content stripped, and _word_before it.
_Paren = tuple[re.Match[str], str, "tuple[str, int] | None"]


def find_definitions(text: str, wanted: Wanted | None = None) -> list[Definition]:
    """Every "long (short)" and "short (long)" pair in the text.

    `wanted(shorts, start, end)` lets a caller skip the costly long-form search: it is asked, for each
    parenthesis, about the short forms it could define and the span [start, end) holding any
    definition made with it. A parenthesis is expanded if one of its short forms is wanted there or
    at another parenthesis, so every definition of a wanted short form is still found.
    """
    parens = _parens(text)
    if wanted is not None and parens:
        parens = _wanted(parens, wanted)
    return [definition for paren in parens if (definition := _definition(text, paren))]


def _parens(text: str) -> list[_Paren]:
    parens = []
    for match in _PARENS.finditer(text):
        inner = match.group(1).strip()
        if " " in inner or _UPPER.search(inner):  # "(i)", "(resp.)": abbreviations carry a capital
            parens.append((match, inner, _word_before(text, match.start())))
    return parens


def _wanted(parens: list[_Paren], wanted: Wanted) -> list[_Paren]:
    """The parentheses whose short forms `wanted` asks for, there or at another parenthesis."""
    forms = [_shorts(inner, before) for _, inner, before in parens]
    chosen: set[str] = set()
    for (match, _, _), shorts in zip(parens, forms):
        if wanted(shorts, max(0, match.start() - _REACH), match.end()):
            chosen.update(shorts)
    return [paren for paren, shorts in zip(parens, forms) if not chosen.isdisjoint(shorts)] if chosen else []


def _shorts(inner: str, before: tuple[str, int] | None) -> tuple[str, ...]:
    """The short forms a parenthesis could define: its content if one word, and the word before it."""
    return ((inner,) if " " not in inner else ()) + ((before[0],) if before else ())


def _word_before(text: str, end: int) -> tuple[str, int] | None:
    """The last whitespace-free run within reach before `end`, and where it starts.

    str methods, not a regex: a "(\\S+)\\s*$" search retries every position of the window.
    """
    start = max(0, end - _BEFORE_REACH)
    window = text[start:end].rstrip()
    words = window.rsplit(None, 1)
    return (words[-1], start + len(window) - len(words[-1])) if words else None


def _definition(text: str, paren: _Paren) -> Definition | None:
    match, inner, before = paren
    if " " not in inner and (long := _long_form_before(text, inner, match.start())):
        return Definition(inner, _start(match, inner), long[0], long[1], match.end())
    if before and is_abbreviation(before[0], inner):
        return Definition(before[0], before[1], inner, _start(match, inner), match.end())
    return None


def _start(match: re.Match[str], inner: str) -> int:
    """Where the stripped content starts."""
    return match.start(1) + match.group(1).index(inner)
