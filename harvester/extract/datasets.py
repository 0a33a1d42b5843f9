"""Named datasets in an abstract and their role: introduced by this paper, or used.

`find_datasets` reads the raw abstract (listing HTML and LaTeX allowed), turns
it into plain text with `harvester.extract.text.plain_text`, and reports one
DatasetMention per dataset. Mention offsets (`start`, `end`) index that plain
text of the field named by `field` ("abstract", or "title" when only the title
names the dataset); `evidence` is the sentence holding the chosen mention.

Names come from two places:
- the gazetteer (harvester/extract/gazetteer.py), under its canonical name.
  Distinctive names (digits, CamelCase, several words) count wherever they
  stand; names that are also words or short acronyms (Places, AVA) count only
  where the sentence treats them as datasets;
- the abstract's own phrasing, for names nobody knows yet: a coined name
  (name_shapes.py) right next to "dataset"/"benchmark"/..., in a list led by
  such a word, after a reported score, or defined as an abbreviation of a
  "... DataBase".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

from harvester.extract import dataset_cues as cues
from harvester.extract.abbreviations import Definition, find_definitions
from harvester.extract.findings import DatasetMention, TextField
from harvester.extract.gazetteer import Entry, Surface, gazetteer, is_weak, name_key, title_key
from harvester.extract.name_shapes import looks_like_method, looks_like_name
from harvester.extract.regex_trie import trie_pattern
from harvester.extract.text import plain_text, single_spaced

# Capitalized or digit-led tokens, keeping inner -:@./'+ ("CIFAR-10/100", "DAF:re", "AIST++", "UAV123@10fps").
_TOKEN_REST = r"[\w+]*(?:[-:@./'’][\w+]+)*"
_TOKEN_END = r"(?![\w+]|[-:@./'’][\w+])"
_VERSION = re.compile(r"[vV]\d+(?:\.\d+)*")
_SIZE = re.compile(r"\d+[kKmM]?")  # "ImageNet-1k", "DomainNet-126": the same dataset, a standard subset
_NOT_A_USE = frozenset({"style", "like", "format", "type", "level", "specific", "free"})  # "COCO-style boxes"
_FRAME_RATE = re.compile(r"\s\d+\s?fps\b", re.IGNORECASE)  # "UAV123 10fps": a setting of UAV123
_NOUNS = ("dataset", "benchmark", "database", "corpus", "corpora")  # as a long form writes them, spaces dropped
_ANCHORS = (*cues.NOUN_STEMS, "%")  # the words new names need nearby, and reported scores
_ANCHOR_REACH = 160  # characters: about the sentence a dataset word can speak for
_START = attrgetter("start")  # hits in text order
_FUNCTION_WORDS = frozenset({"of", "the", "a", "an", "and", "or", "for", "in", "on", "to", "with", "by", "from"})


@dataclass(slots=True)
class _Hit:
    """A candidate name in the text; `confirmed` once it stands where a dataset does."""

    start: int
    end: int
    name: str  # canonical
    known: bool
    weak: bool = False
    aliases: tuple[str, ...] = ()
    entry: Entry | None = None
    confirmed: bool = False
    anchored: bool = False  # confirmed by a dataset word next to it, so lists from it may hold new names
    plural: bool = False  # a new name before "datasets": one only if listed with another ("X and Y datasets")
    introduced: bool = False


@dataclass(slots=True)
class _Text:
    """One field's plain text and what was found in it."""

    text: str
    field: TextField
    hits: list[_Hit] = dataclasses.field(default_factory=list)  # `field` is a field's name here


def find_datasets(abstract: str, title: str = "") -> list[DatasetMention]:
    """One mention per dataset named in the abstract (and title), with its strongest role.

    Offsets index `plain_text(abstract)` (or `plain_text(title)` for field "title").
    """
    body = _Text(_plain(abstract), "abstract")
    head = _Text(_plain(title), "title")
    subject, is_dataset = cues.title_subject(head.text)
    if subject and is_dataset:
        head.hits = _title_dataset(head.text, subject)
    titled = {name_key(h.name) for h in head.hits}
    body.hits = _confirmed(body.text, _candidates(body.text), titled)
    if subject and not is_dataset:  # "MPASNET: Motion Prior-Aware ..." names the paper's method
        body.hits = [h for h in body.hits if name_key(h.name) != name_key(subject)]
    return _mentions(body, head)


def _plain(text: str) -> str:
    """plain_text(text), without its tests for markup, entities and LaTeX where the field has none."""
    if "<" in text or "&" in text or "\\" in text:
        return plain_text(text)
    return single_spaced(text)


# --- candidates -------------------------------------------------------------------------------


def _candidates(text: str) -> list[_Hit]:
    """Gazetteer names, coined names next to dataset words, and abbreviations of either."""
    anchors: list[int] | None = None  # found only once a token could be a coined name
    hits: list[_Hit] = []
    for start, end, token in _tokens(text):
        if hits and start < hits[-1].end:
            continue  # inside a multi-word name already taken
        may_be_known, may_be_coined = _shape(token)
        known = _known(text, start, end, token) if may_be_known else None
        if known:
            hits.extend(known)
        elif may_be_coined:
            anchors = _anchors(text) if anchors is None else anchors
            if _near(anchors, start):
                hits.extend(_coined(text, start, end, token))
    if "(" in text:
        hits = _with_definitions(text, hits)
    return hits


@lru_cache(maxsize=1 << 16)
def _shape(token: str) -> tuple[bool, bool]:
    """Whether a token may write a gazetteer name (alone, in a slash list or as a phrase's first word),
    and whether it is shaped like a coined one.

    Most tokens are neither ("We", "The", "CNN" far from any dataset word); this depends on the
    token alone, so it is cached across abstracts and the rest of the scan skips them for free.
    """
    index = gazetteer()
    may_be_known = index.may_hold(token) and (
        index.may_start_phrase(token) or "/" in token or _lookup(token)[0] is not None
    )
    return may_be_known, looks_like_name(token.split("@")[0])


def _anchors(text: str) -> list[int]:
    """Where dataset words and scores stand; new names are only looked for near them."""
    if not text.isascii():  # offsets into text.lower(), which need not be the text's
        return _found(text.lower(), _ANCHORS)
    return sorted(cues.noun_marks(text) + _found(text, ("%",)))  # the cues' dataset words, found once per text


def _found(text: str, words: tuple[str, ...]) -> list[int]:
    """Where the words occur in text, in order."""
    found = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            found.append(at)
            at = text.find(word, at + 1)
    return sorted(found)


def _near(anchors: list[int], position: int) -> bool:
    i = bisect_left(anchors, position - _ANCHOR_REACH)
    return i < len(anchors) and anchors[i] <= position + _ANCHOR_REACH


def _tokens(text: str) -> Iterator[tuple[int, int, str]]:
    for match in _candidate_regex().finditer(text):
        token = match.group()
        if token.isdigit():
            continue
        start, end = match.span()
        if start and (text[start - 1].isalnum() or text[start - 1] == "-"):
            while start and (text[start - 1].isalnum() or text[start - 1] == "-"):
                start -= 1  # "nuScenes", "mini-ImageNet": the token regex starts at the capital
            token = text[start:end]
        yield start, end, token


@lru_cache(maxsize=1)
def _candidate_regex() -> re.Pattern[str]:
    """The tokens _shape may accept, found by the regex engine alone: most tokens are plain numbers
    ("2021") and capitalized words ("We", "Experiments") that no name starts with, and a Python loop
    over them cost more than all the rest of the scan.

    A token starts at a capital or digit that no earlier token covers. One branch per first
    character, each opening with that literal, lets re skip ahead to the next [A-Z0-9] at C speed
    and test only the gazetteer words with that initial.
    """
    rests: dict[str, list[str]] = {}
    for word in gazetteer().capitalized_firsts():
        rests.setdefault(word[0], []).append(word[1:])
    # A branch that never matches: with a third range, re turns the first-character set [\0 0-9 A-Z]
    # into a bitmap, which it skips ahead with a fifth faster than with two range tests per character.
    branches = [r"\x00(?!)"] + [digit + r"(?![0-9]*" + _TOKEN_END + ")" for digit in "0123456789"]
    for initial in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        name_start = r"(?!" + trie_pattern(rests[initial]) + _TOKEN_END + ")" if initial in rests else ""
        branches.append(initial + r"(?!(?<![^\W_].)(?<!-.)" + name_start + r"[a-z]*" + _TOKEN_END + ")")
    return re.compile(r"(?:" + "|".join(branches) + r")(?<![A-Z0-9].)" + _TOKEN_REST)


def _known(text: str, start: int, end: int, token: str) -> list[_Hit]:
    phrase = gazetteer().lookup_phrase(text, token, end)
    if phrase:
        return [_from_surface(phrase[1], start, phrase[0])]
    if "/" in token:
        return _slash_list(start, token)
    surface, base = _lookup(token)
    if surface is None:
        return []
    hit = _from_surface(surface, start, end)
    hit.weak = surface.weak and is_weak(base)  # "MS-COCO" is as distinctive as written, whatever "MSCOCO" is
    suffix = token[len(base) :].lstrip("-@")
    if _SIZE.fullmatch(suffix) or "@" in token:  # "ImageNet-21K", "UAV123@10fps"
        hit.aliases = (token,)
    elif suffix[:1].isupper() or _VERSION.match(suffix):  # "Trans10K-v2", "COCO-ZIPF": datasets of their own
        if hit.weak and looks_like_method(token):
            return []
        hit.name, hit.known, hit.entry, hit.confirmed = token, False, None, not hit.weak
    return [_with_setting(text, hit)]


@lru_cache(maxsize=1 << 16)
def _lookup(token: str) -> tuple[Surface | None, str]:
    """The surface a token writes and the part of the token it covers ("ImageNet" of "ImageNet-pretrained")."""
    index = gazetteer()
    base = token
    while True:
        surface = index.lookup(base)
        if surface or len(base) < 3:
            return surface, base
        if "@" in base or base.endswith(("'s", "’s")):
            base = base.split("@")[0].removesuffix("'s").removesuffix("’s")
            continue
        if "-" not in base:
            return None, base
        base, suffix = base.rsplit("-", 1)
        if suffix.lower() in _NOT_A_USE:
            return None, base


def _slash_list(start: int, token: str) -> list[_Hit]:
    """"CIFAR-10/100" is CIFAR-10 and CIFAR-100; "ImageNet/Places" is both."""
    hits, stem, offset = [], "", start
    for part in token.split("/"):
        name = stem + part if part.isdigit() and stem else part
        surface, _ = _lookup(name)
        if surface:
            hits.append(_from_surface(surface, offset, offset + len(part)))
            hits[-1].aliases = (token,) if name != surface.text and part.isdigit() else ()
        stem = name.rstrip("0123456789")
        offset += len(part) + 1
    return hits


def _from_surface(surface: Surface, start: int, end: int) -> _Hit:
    return _Hit(start, end, surface.entry.name, True, surface.weak, entry=surface.entry)


def _with_setting(text: str, hit: _Hit) -> _Hit:
    """Absorb a frame-rate setting written after the name ("UAV123 10fps"), kept as an alias."""
    # the regex only where a digit follows the space: most names have none there
    setting = _FRAME_RATE.match(text, hit.end) if text[hit.end + 1 : hit.end + 2].isdecimal() else None
    if setting:
        hit.aliases += (text[hit.start : setting.end()],)
        hit.end = setting.end()
    return hit


def _coined(text: str, start: int, end: int, token: str) -> list[_Hit]:
    """A name no gazetteer knows, where the wording says dataset."""
    name = token.split("@")[0]  # shaped like a name: _shape said so
    hit = _with_setting(text, _Hit(start, end, name, False, aliases=(token,) if name != token else ()))
    if looks_like_method(name) and not cues.noun_after(text, hit.end):
        return []
    return [hit]


def _with_definitions(text: str, hits: list[_Hit]) -> list[_Hit]:
    """Join "long (short)" pairs into one hit; define coined names by a '... DataBase (X)' long form.

    A short form spelled out in lowercase words ("hand-object interaction (HOI)") names a task
    or a technique, so it is no coined dataset name anywhere in the text.
    """
    coined = {h.name for h in hits if not h.known}

    def wanted(shorts: tuple[str, ...], start: int, end: int) -> bool:
        """A definition here matters if it holds a hit, or its short form is or may be a coined name."""
        for short in shorts:  # loops, not any() over generators: asked for every parenthesis
            if short in coined or looks_like_name(short):
                return True
        for hit in hits:
            if start <= hit.start and hit.end <= end:
                return True
        return False

    definitions = find_definitions(text, wanted)
    if not definitions:
        return hits  # already in text order
    concepts = {d.short for d in definitions if _spells_out_concept(d.long)}
    if concepts:
        hits = [h for h in hits if h.known or h.name not in concepts]
    for definition in definitions:
        if definition.short in concepts:
            continue
        start, end = definition.start, definition.end
        inside = [h for h in hits if start <= h.start and h.end <= end]
        keep = _base(inside, definition.short_start) if inside else None
        if keep is None and looks_like_name(definition.short):
            keep = _Hit(definition.short_start, end, definition.short, False)
        if keep is None:
            continue
        keep.start, keep.end = start, end  # the hits inside, this one too, give way to it
        if _defines_dataset(text, definition):
            keep.confirmed = keep.anchored = True
        keep.aliases = tuple({*keep.aliases, definition.short, definition.long} - {keep.name})
        hits = [h for h in hits if not (start <= h.start and h.end <= end)] + [keep]
    return sorted(hits, key=_START)


def _base(inside: list[_Hit], short_start: int) -> _Hit | None:
    """The hit a definition extends: the known name inside it, else the hit at its short form."""
    for hit in inside:
        if hit.known:
            return hit
    for hit in inside:
        if hit.start == short_start:
            return hit
    return None


def _spells_out_concept(long_form: str) -> bool:
    for word in long_form.replace("-", " ").split():
        if word[0].islower() and word not in _FUNCTION_WORDS:
            return True
    return False


def _defines_dataset(text: str, definition: Definition) -> bool:
    squeezed = definition.long.lower().replace(" ", "")
    for noun in _NOUNS:
        if noun in squeezed:
            return True
    return cues.cue_before(text, definition.start)


# --- which candidates are datasets -----------------------------------------------------------


def _confirmed(text: str, hits: list[_Hit], titled: set[str]) -> list[_Hit]:
    """Keep hits that stand where datasets do; weak names and coined names need the wording."""
    for hit in hits:
        if not hit.confirmed:
            _judge(text, hit, bool(titled) and name_key(hit.name) in titled)  # most titles name no dataset
    _spread_along_lists(text, hits)
    confirmed_names = {h.name for h in hits if h.confirmed}
    return [h for h in hits if h.name in confirmed_names]


def _judge(text: str, hit: _Hit, titled: bool) -> None:
    """Confirm a hit from the words around it; a dataset word next to it also anchors lists."""
    noun = cues.noun_after(text, hit.end)
    if not noun and cues.names_something_else(text, hit.end):
        return
    if cues.cue_before(text, hit.start):
        hit.confirmed = hit.anchored = True
    elif noun and (hit.known or not (noun.endswith(("s", "corpora")) or cues.kind_before(text, hit.start))):
        hit.confirmed = hit.anchored = True
    elif noun:
        hit.plural = True
    else:
        hit.confirmed = (hit.known and not hit.weak) or titled or _in_dataset_wording(text, hit)


def _in_dataset_wording(text: str, hit: _Hit) -> bool:
    if hit.known and (cues.evaluated_on(text, hit.start) or cues.data_after(text, hit.end)):
        return True
    return (
        cues.scored_on(text, hit.start)
        or cues.described_as_dataset(text, hit.end)
        or cues.presented_as_dataset(text, hit.start, hit.end)
    )


def _spread_along_lists(text: str, hits: list[_Hit]) -> None:
    """A name listed with a dataset is one: "ImageNet/Places", "on CIFAR, STL and ImageNet".

    A new name joins only a list that a dataset word leads or closes, since "on ImageNet, DeiT-S
    reaches ..." lists a model after a dataset.
    """
    changed = True
    while changed:
        changed = False
        for left, right in zip(hits, hits[1:]):
            if right.plural and not right.confirmed and cues.listed_together(text, left.end, right.start):
                right.confirmed = right.anchored = changed = True
            if left.confirmed == right.confirmed or not cues.listed_together(text, left.end, right.start):
                continue
            source, other = (left, right) if left.confirmed else (right, left)
            if other.known or (source.anchored and not looks_like_method(other.name)):
                other.confirmed = changed = True
                other.anchored = source.anchored


def _title_dataset(title: str, name: str) -> list[_Hit]:
    """"Anti-UAV: A Large Multi-Modal Benchmark ..." introduces Anti-UAV."""
    surface, _ = _lookup(name)
    if surface is None and not looks_like_name(name):
        return []
    start = title.find(name)
    hit = _from_surface(surface, start, start + len(name)) if surface else _Hit(start, start + len(name), name, False)
    hit.confirmed = hit.introduced = True
    return [hit]


# --- one mention per dataset -----------------------------------------------------------------


def _mentions(body: _Text, head: _Text) -> list[DatasetMention]:
    """Group hits by canonical name; the role is the strongest any occurrence shows."""
    chosen: dict[str, tuple[_Text, _Hit]] = {}
    aliases: dict[str, set[str]] = {}
    for source in (body, head):
        previous = None
        for hit in _with_repeats(source):
            key = name_key(hit.name)
            # "three new benchmarks: A, B, and C" introduces all three
            listed = previous is not None and previous.introduced and cues.listed_together(source.text, previous.end, hit.start)
            hit.introduced = hit.introduced or listed or _introduced(source.text, hit, head.text)
            previous = hit
            aliases.setdefault(key, set()).update(hit.aliases)
            best = chosen.get(key)
            if best is None or (hit.introduced and not best[1].introduced):
                chosen[key] = (source, hit)
    return [_mention(source, hit, aliases[key]) for key, (source, hit) in chosen.items()]


def _with_repeats(source: _Text) -> list[_Hit]:
    """Coined names again wherever the text repeats them, so a later sentence can show the role."""
    coined = {h.name for h in source.hits if not h.known}
    if not coined:
        return source.hits  # in text order already
    hits = list(source.hits)
    for name in coined:
        start = source.text.find(name)
        while start >= 0:
            end = start + len(name)
            if not _covered(hits, start) and not source.text[end : end + 1].isalnum():
                hits.append(_Hit(start, end, name, False, confirmed=True))
            start = source.text.find(name, end)
    return sorted(hits, key=_START)


def _covered(hits: list[_Hit], position: int) -> bool:
    for hit in hits:
        if hit.start <= position < hit.end:
            return True
    return False


def _introduced(text: str, hit: _Hit, title: str) -> bool:
    # the title's key only for the few entries that list the papers introducing them
    if hit.entry is not None and hit.entry.introduced_in and title_key(title) in hit.entry.introduced_in:
        return True
    return cues.introduced_at(text, hit.start, hit.end, hit.known)


def _mention(source: _Text, hit: _Hit, aliases: set[str]) -> DatasetMention:
    head, tail = cues.sentence_bounds(source.text, hit.start, hit.end)
    return DatasetMention(
        name=hit.name,
        surface=source.text[hit.start : hit.end],
        role="introduced" if hit.introduced else "used",
        field=source.field,
        start=hit.start,
        end=hit.end,
        evidence=source.text[head:tail].strip(),
        known=hit.known,
        aliases=tuple(sorted(aliases - {hit.name})),
    )
