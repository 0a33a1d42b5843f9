"""Known dataset names: the shipped gazetteer (harvester/data/pwc_datasets.jsonl) and token lookup.

The file is built by tools/build_gazetteer.py from Papers with Code data
(CC-BY-SA 4.0, see harvester/data/README.md). It is read once, on first use.
Lookup is keyed by the gold files' name key (lowercase letters, digits, '+'),
so "CIFAR-10", "CIFAR 10" and "cifar10" meet, and costs one dict access per
candidate token, never a loop over the 3,300 names.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_DATA_FILE = "pwc_datasets.jsonl"
_NOT_KEY = re.compile(r"[^0-9a-z+]")
_CAMEL = re.compile(r"[a-z][A-Z]")
_NOT_SHAPE = re.compile(r"[^0-9A-Za-z+]")
_DATASET_WORD = re.compile(r"\b(?:data ?sets?|benchmark|database|corpus|corpora)\b", re.IGNORECASE)


@lru_cache(maxsize=1 << 16)  # asked for every candidate; names recur across abstracts
def name_key(name: str) -> str:
    """A name's identity: lowercase letters, digits and '+' ("EPIC-Kitchens-100" -> "epickitchens100")."""
    return _NOT_KEY.sub("", name.lower())


def title_key(title: str) -> str:
    return " ".join(name_key(word) for word in title.split())


@dataclass(frozen=True, slots=True)
class Entry:
    """One dataset the gazetteer knows, under its canonical name."""

    name: str
    introduced_in: frozenset[str]  # title keys of the papers that introduced it
    family: bool = False  # a bare stem ("CIFAR") shared by several numbered datasets


@dataclass(frozen=True, slots=True)
class Surface:
    """One way of writing an entry's name."""

    text: str
    entry: Entry
    weak: bool  # a common word or short acronym: counts only where the text calls it a dataset


def is_weak(surface: str) -> bool:
    """Names a reader would take for words, a task or a generic acronym unless the sentence says dataset."""
    if len(surface) <= 3:
        return True  # "C3", "E2E", "ADE": too many other meanings
    words = surface.split()
    if len(words) > 1:  # "Visual Question Answering" is also a task, "Stanford Cars" is not
        return not _DATASET_WORD.search(surface) and not any(map(_is_distinctive, words))
    return surface.replace("'", "").isalpha() and not _CAMEL.search(surface)


def _shape(text: str) -> str:
    return _NOT_SHAPE.sub("", text)


def _may_write(token: str, surface: Surface) -> bool:
    """Case matters where a name could be a word: a capitalized or lowercase word must be written as listed."""
    if surface.weak or (token.isalpha() and (token.islower() or token.istitle())):
        return _shape(token) == _shape(surface.text)
    return True


class Gazetteer:
    """Surfaces indexed by name key; multi-word surfaces by the key of their first word."""

    def __init__(self, rows: list[dict]) -> None:
        self.single: dict[str, list[Surface]] = {}
        self.multi: dict[str, list[tuple[re.Pattern[str], Surface]]] = {}
        for row in rows:
            entry = Entry(row["name"], frozenset(map(title_key, row["introduced_in"])), bool(row.get("family_of")))
            for text in (row["name"], *row["aliases"]):
                self._add(Surface(text, entry, entry.family or is_weak(text)))
        for patterns in self.multi.values():
            patterns.sort(key=lambda item: -len(item[1].text))
        self._firsts = frozenset(self.single) | frozenset(self.multi)
        # per first word, one regex that any of its phrases matches: most first words ("The", "3D") start none here
        self._any_phrase = {key: _any_of([pattern for pattern, _ in patterns]) for key, patterns in self.multi.items()}

    def capitalized_firsts(self) -> list[str]:
        """The plain lowercase words that start a name, capitalized: the only "Word" tokens may_hold admits."""
        return [key.capitalize() for key in self._firsts if key.isascii() and key.isalpha() and key.islower()]

    def may_hold(self, token: str) -> bool:
        """A cheap first test: could the token start a known name? Suffixed tokens are looked at closely."""
        return not token.isalnum() or token.lower() in self._firsts

    def _add(self, surface: Surface) -> None:
        first, *rest = surface.text.split()
        if not rest:
            self.single.setdefault(name_key(first), []).append(surface)
            return
        # the remaining words, any spacing or hyphen between them; case kept unless the name is distinctive
        body = r"[\s\-]+".join(re.escape(word) for word in rest)
        flags = 0 if surface.weak or not any(map(_is_distinctive, rest + [first])) else re.IGNORECASE
        pattern = re.compile(r"[\s\-]+" + body + r"(?![\w+])", flags)
        self.multi.setdefault(name_key(first), []).append((pattern, surface))

    def lookup(self, token: str) -> Surface | None:
        """The surface a single token writes, with weak names matched only as written."""
        return next((s for s in self.single.get(_token_key(token), ()) if _may_write(token, s)), None)

    def may_start_phrase(self, token: str) -> bool:
        return _token_key(token) in self.multi

    def lookup_phrase(self, text: str, first: str, end: int) -> tuple[int, Surface] | None:
        """A multi-word name starting with token `first` (which ends at `end`): its end and surface."""
        key = _token_key(first)
        if key not in self._any_phrase or not self._any_phrase[key].match(text, end):
            return None
        for pattern, surface in self.multi[key]:
            match = pattern.match(text, end)
            if match and (surface.text.split()[0] == first or not surface.weak):
                return match.end(), surface
        return None


def _any_of(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    """One regex matching where any of the patterns does, each with its own case rule."""
    case = {0: "(?:", re.IGNORECASE: "(?i:"}
    return re.compile("|".join(case[p.flags & re.IGNORECASE] + p.pattern + ")" for p in patterns))


def _token_key(token: str) -> str:
    return token.lower() if token.isalnum() else name_key(token)  # plain words skip name_key's regex


def _is_distinctive(word: str) -> bool:
    return any(c.isdigit() for c in word) or bool(_CAMEL.search(word)) or (word.isupper() and len(word) > 1)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shipped gazetteer, loaded on first use."""
    text = resources.files("harvester").joinpath("data", _DATA_FILE).read_text(encoding="utf-8")
    return Gazetteer([json.loads(line) for line in text.splitlines() if line.strip()])
