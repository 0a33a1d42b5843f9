"""How abstracts talk about datasets: the wording around a name that makes it one, and that makes it new.

Every function looks at plain text around a span [start, end) of a name and
is cheap enough to call per mention. None scans the whole abstract per call:
sentence ends and dataset nouns are found once per text, on first use, and
most wording regexes run only where those say a match can start or end.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from harvester.extract.regex_trie import trie_pattern

_NOUN_WORDS = r"data[\s-]?sets?|benchmarks?|data[\s-]?bases?|corpus|corpora"
_NOUN = "(?:" + _NOUN_WORDS + ")"
NOUN_STEMS = ("data", "bench", "corp")  # where every _NOUN word starts; no case-folding oddity touches their letters
_NOUN_STEM = re.compile("|".join(NOUN_STEMS), re.IGNORECASE)
_CREATE_STEMS = """introduc present propos construct collect build built creat releas contribut establish develop curat
    assembl compil gather provid offer generat annotat captur record publish synthesis synthesiz""".split()
# as a trie: searched at every word of a sentence, a 26-way alternation tried each stem in turn
_CREATE = "(?:" + trie_pattern(_CREATE_STEMS) + r")\w*"
# Words that end a "we propose a ..." phrase before it reaches the dataset noun: evaluation, not creation.
_NOT_CREATION = (
    r"(?!\b(?:on|using|evaluat\w*|experiment\w*|test\w*|compar\w*|outperform\w*|achiev\w*|results?|performance|existing"
    r"|public|several|standard|" + _NOUN_WORDS + r")\b)"  # nor another dataset noun: "a benchmark that converts datasets (X)"
)
_NAMING = r"(?:called|named|termed|dubbed|coined|namely|denoted(?:\s+as)?|referred\s+to\s+as)"
_NAMING_WORDS = ("called", "named", "termed", "dubbed", "coined", "namely", "denoted", "referred")
_CREATION_WORDS = (*_CREATE_STEMS, "new", "novel", "our")  # what _NEW_BEFORE_NOUN's first word holds

# "KITTI dataset", "nuScenes validation set", "KITTI 2015 benchmark", "CamVid's test set"
_NOUN_AFTER = re.compile(
    r"(?:\s+(?:v?\d[\w.]*|[A-Z]))?(?:['’]s)?(?:\s+|\s*-\s*)(?:(?:test|testing|validation|val|training|train|evaluation)"
    r"\s+(?:sets?|splits?|subsets?|data)\b|" + _NOUN + r"\b)",
    re.IGNORECASE,
)
# "MNIST digit recognition", "AMASS sequences", "COCO images": the data of a known dataset
_DATA_AFTER = re.compile(
    r"\s+(?:digits?|images?|videos?|sequences?|scenes?|samples?|classes|categories|annotations?|frames?|subjects?|scans?"
    r"|sentences?|clips?|photos?|split)\b",
    re.IGNORECASE,
)
# "datasets: X", "benchmarks, i.e., X", "datasets such as X", "the dataset of X", "benchmark X"
_CUE_BEFORE = re.compile(
    _NOUN + r"(?:\s*[:(]\s*|,?\s+(?:such\s+as|like|including|includes|include|i\.\s?e\.,?|e\.\s?g\.,?|namely|viz\.?|of|from|"
    + _NAMING
    + r")\s+|\s+)(?:the\s+)?$",
    re.IGNORECASE,
)
# "a new dataset of paired 3D motion and music called X"
_NAMED_AFTER_NOUN = re.compile(_NOUN + r"\b[^.;:(),]{0,80}?,?\s" + _NAMING + r"\s+(?:as\s+)?[\"“'‘]?$", re.IGNORECASE)
# "results on X", "trained on X", "6.13% on X", "state-of-the-art performance on the X"
_EVALUATED_ON = re.compile(
    r"(?:\b(?:evaluat\w*|experiments?|results?|tested|trained|train|training|pre-?trained|fine-?tuned|accuracy|performance"
    r"|state[- ]of[- ]the[- ]arts?|SOTA|outperform\w*|achiev\w*|surpass\w*|validated)\b|\d%?)"
    r"[^.;]{0,40}?\s(?:on|over)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?$",
    re.IGNORECASE,
)
_ON = frozenset({"on", "over"})  # the words _EVALUATED_ON ends at
_SCORE_ON = re.compile(r"\d%?\s+(?:\w+\s+){0,2}?on\s+(?:the\s+)?$", re.IGNORECASE)
# "X network", "X-based model", "X simulator": the name is something else's
_THING_AFTER = re.compile(
    r"(?:-based|-like|-style)?[\s-]+(?:networks?|nets?|models?|architectures?|frameworks?|methods?|approach(?:es)?"
    r"|algorithms?|modules?|loss(?:es)?|backbones?|detectors?|trackers?|encoders?|decoders?|simulators?|engines?"
    r"|library|toolkit|platforms?|GPUs?|layers?|blocks?|classifiers?|scores?|metrics?|pipeline|accuracy|precision"
    r"|recall|errors?|rates?|tasks?)\b",
    re.IGNORECASE,
)
_THING_APPOSITIVE = re.compile(
    r"\s*(?:\([^()]{0,80}\)\s*)?,\s*(?:a|an|the|our)\s+(?:[\w-]+,?\s+){0,4}?(?:network|model|method|framework|approach"
    r"|architecture|algorithm|module|loss|pipeline|tracker|detector|system|compiler|tool|metric|criterion)\b",
    re.IGNORECASE,
)
# "a large-scale IQA dataset", "three VQA benchmarks", "the first VideoQA dataset": a kind of data, not a name
_KIND_BEFORE = re.compile(
    r"\b(?:a|an|one|two|three|four|five|six|several|many|multiple|various|other|existing|first|\d+)\s+(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)
_LIST_SEPARATOR = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|/|&|\band\s+|\bor\s+)\s*")

# Role: introduced by this paper.
_NOUN_NAMES = (  # "dataset of ... called ", "benchmark: ", "corpus "
    _NOUN + r"\b(?:(?:\s+(?:of|for|with|containing|from)\b[^.;:(),]{0,80}?)?\s*,?\s*(?:which\s+is\s+)?" + _NAMING
    + r"\s+(?:as\s+)?|\s*[:(,]\s*|\s+)(?:the\s+)?[\"“'‘]?$"
)
_NEW_BEFORE_NOUN = re.compile(
    r"\b(?:" + _CREATE + r"|new|novel|our)\b(?:" + _NOT_CREATION + r"[^.;]){0,100}?" + _NOUN_NAMES, re.IGNORECASE
)
# Its end alone, tried at each dataset noun first: from every creation word, the full regex steps
# through up to 100 characters, testing _NOT_CREATION's words at each, before failing at the end.
_NOUN_NAMES_END = re.compile(_NOUN_NAMES, re.IGNORECASE)
_CREATED_BEFORE = re.compile(r"\b" + _CREATE + r"\s+(?:the\s+|a\s+|an\s+|our\s+)?(?:new\s+|novel\s+)?$", re.IGNORECASE)
_DESCRIBED_AFTER = re.compile(
    r"\s*(?:\([^()]{0,80}\)\s*)?,?\s*(?:(?:which|that)\s+is\s+)?(?:a|an|the\s+first|the\s+largest|our)\s+[^.;]{0,100}?"
    + _NOUN + r"\b",
    re.IGNORECASE,
)
_NEW_APPOSITIVE = re.compile(r"\s*(?:\([^()]{0,80}\)\s*)?,\s*(?:a|an)\s+(?:new|novel)\b[^.;]{0,80}?" + _NOUN + r"\b", re.IGNORECASE)
_OWN_BEFORE = re.compile(
    r"\b(?<!previously\s)(?<!recently\s)(?<!originally\s)(?:our|proposed|new|novel|newly[\s-](?:built|collected|constructed|created|introduced|proposed|released"
    r"|annotated|established)|self-(?:collected|built|constructed))\s+(?:(?!(?:on|in|of|with|from|to|by|for|and|than"
    r"|at|over|the|a|an)\b)[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)
_OWN_WORDS = ("our", "proposed", "new", "novel", "self-")  # what _OWN_BEFORE's first word holds
_NOUN_NEXT = re.compile(r"(?:\s+(?:v?\d[\w.]*))?\s*-?\s*" + _NOUN + r"\b", re.IGNORECASE)
_TITLE_NAME = re.compile(r"\s*(?P<name>\S.{0,40}?)\s*:\s+(?P<rest>.*)$")
_TITLE_NOUN = re.compile(_NOUN + r"\b", re.IGNORECASE)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding [start, end): after the last '. ' before it, up to the next one."""
    heads, tails = _sentence_marks(text)
    before = bisect_right(heads, start - 2)  # a ". " ending at or before start
    after = bisect_left(tails, end)
    return (heads[before - 1] + 2 if before else 0), (tails[after] + 1 if after < len(tails) else len(text))


@lru_cache(maxsize=4)
def _sentence_marks(text: str) -> tuple[list[int], list[int]]:
    """Where sentences may end, found once per text (every hit asks, often twice): each '.', '?' or '!'
    before a space (where sentence_bounds looks back to), and before any whitespace or the end
    (where it looks ahead to). str.find, not a regex: re tests a character set at every position.
    """
    heads: list[int] = []
    tails: list[int] = []
    for mark in ".!?":
        at = text.find(mark)
        while at >= 0:
            following = text[at + 1 : at + 2]
            if not following or following.isspace():  # str.isspace is re's \s
                tails.append(at)
                if following == " ":
                    heads.append(at)
            at = text.find(mark, at + 1)
    return sorted(heads), sorted(tails)


@lru_cache(maxsize=4)
def noun_marks(text: str) -> list[int]:
    """Where dataset nouns may start, found once per text: most wording regexes need one in their window,
    and with none there they never run."""
    return _noun_starts(text)


def _noun_starts(text: str) -> list[int]:
    """Where dataset nouns may start."""
    lower = text.lower()
    if len(lower) != len(text):  # offsets of the lowercase text would not be the text's
        return [m.start() for m in _NOUN_STEM.finditer(text)]
    marks = []
    for stem in NOUN_STEMS:  # str.find, not a case-folding regex, which tries every position
        at = lower.find(stem)
        while at >= 0:
            marks.append(at)
            at = lower.find(stem, at + 1)
    return sorted(marks)


def _may_hold(text: str, start: int, end: int, words: tuple[str, ...]) -> bool:
    """A cheap necessary test for a case-insensitive regex that needs one of these words in text[start:end].

    Only for ASCII text: beyond it, re's case folding also matches 'ı' to 'i' and 'ſ' to 's'.
    """
    if not text.isascii():
        return True
    window = text[start:end].lower()
    return any(word in window for word in words)


def _marks_in(marks: list[int], start: int, end: int) -> list[int]:
    """The marks in [start, end)."""
    return marks[bisect_left(marks, start) : bisect_left(marks, end)]


def _holds_mark(marks: list[int], start: int, end: int) -> bool:
    """Whether a mark lies in [start, end)."""
    i = bisect_left(marks, start)
    return i < len(marks) and marks[i] < end


def noun_after(text: str, end: int) -> str | None:
    """The dataset noun or split following the name: "AVA dataset", "nuScenes validation set"."""
    match = _NOUN_AFTER.match(text, end)
    return match.group().strip() if match else None


def data_after(text: str, end: int) -> bool:
    """The name qualifies its data: "MNIST digits", "AMASS sequences"."""
    return _DATA_AFTER.match(text, end) is not None


def kind_before(text: str, start: int) -> bool:
    """An article or count before the name makes "X dataset" a kind of data: "a large-scale RGB-D dataset"."""
    # the match ends in the count and at most three words: searched from the fourth word before the name
    return _KIND_BEFORE.search(text, _last_words_start(text, max(0, start - 60), start, 4), start) is not None


def cue_before(text: str, start: int) -> bool:
    """A dataset noun leads to the name: "datasets: X", "benchmarks, i.e., X", "dataset called X"."""
    nouns = _marks_in(noun_marks(text), max(0, start - 160), start)
    if not nouns:
        return False
    # both regexes start at a dataset noun and end at `start`: tried there only, not at every position
    for at in nouns:  # loops, not any() over generators: asked for most names
        if at >= start - 40 and _CUE_BEFORE.match(text, at, start):
            return True
    if not _may_hold(text, nouns[0], start, _NAMING_WORDS):
        return False
    for at in nouns:
        if _NAMED_AFTER_NOUN.match(text, at, start):
            return True
    return False


def evaluated_on(text: str, start: int) -> bool:
    """The name is where something was evaluated or trained: "results on X", "6.1% on X"."""
    # the regex ends in "on"/"over" and at most three words; most names have neither so close
    if _ON.isdisjoint(_last_words(text, max(0, start - 80), start, 4)):
        return False
    return _EVALUATED_ON.search(text, max(0, start - 80), start) is not None


def scored_on(text: str, start: int) -> bool:
    """A number is reported on the name: "improving Rank-1 by 12.17% on X"."""
    if "on" not in _last_words(text, max(0, start - 30), start, 2):  # the regex ends in "on (the)"
        return False
    return _SCORE_ON.search(text, max(0, start - 30), start) is not None


def _last_words(text: str, start: int, end: int, count: int) -> list[str]:
    """The last `count` whitespace-separated words of text[start:end], lowercased: a regex anchored at
    `end` that needs a word there cannot match without it (no other letter case-folds to those of "on", "over")."""
    return text[start:end].lower().rsplit(None, count)[-count:]


def _last_words_start(text: str, start: int, end: int, count: int) -> int:
    """Where the last `count` whitespace-separated words of text[start:end] begin (`start` if there are fewer)."""
    window = text[start:end]
    words = window.rsplit(None, count)
    return start + window.find(words[1], len(words[0])) if len(words) > count else start


def names_something_else(text: str, end: int) -> bool:
    """The name heads a method, model or metric phrase: "X network", "X, a novel tracker"."""
    return _THING_AFTER.match(text, end) is not None or _THING_APPOSITIVE.match(text, end) is not None


def listed_together(text: str, end: int, next_start: int) -> bool:
    """Only list punctuation lies between two names: "X, Y and Z", "X/Y"."""
    return next_start - end <= 8 and _LIST_SEPARATOR.fullmatch(text, end, next_start) is not None


def described_as_dataset(text: str, end: int) -> bool:
    """An appositive calls the name a dataset: "X, the first large-scale ... dataset"."""
    tail = sentence_bounds(text, end, end)[1]
    return _holds_mark(noun_marks(text), end, tail) and _DESCRIBED_AFTER.match(text, end, tail) is not None


def presented_as_dataset(text: str, start: int, end: int) -> bool:
    """The paper presents a new dataset by this name: "we present X, a ... dataset", "a new benchmark, termed X"."""
    head, tail = sentence_bounds(text, start, end)
    marks = noun_marks(text)
    if not _holds_mark(marks, head, tail):
        return False
    # the regexes before the name search [head, start): the sentence starts the text or follows a space
    if _named_before(text, _marks_in(marks, head, start), start) and _may_hold(text, head, start, _CREATION_WORDS):
        if _NEW_BEFORE_NOUN.search(text, head, start):
            return True
    if _NEW_APPOSITIVE.match(text, end, tail):
        return True
    return _DESCRIBED_AFTER.match(text, end, tail) is not None and _CREATED_BEFORE.search(text, head, start) is not None


def _named_before(text: str, nouns: list[int], start: int) -> bool:
    """A dataset noun names what follows it, up to `start`: "benchmark, termed ", "dataset: "."""
    for at in nouns:
        if _NOUN_NAMES_END.match(text, at, start):
            return True
    return False


def introduced_at(text: str, start: int, end: int, known: bool) -> bool:
    """The paper presents the dataset named at [start, end) as its own ("the proposed X" too, for new names)."""
    if presented_as_dataset(text, start, end):
        return True
    head, tail = sentence_bounds(text, start, end)
    if known and _NOUN_NEXT.match(text, end, tail) is None:
        return False
    return _may_hold(text, head, start, _OWN_WORDS) and _OWN_BEFORE.search(text, head, start) is not None


def title_subject(title: str) -> tuple[str | None, bool]:
    """The name before a title's colon, and whether the title calls it a dataset ("X: A Benchmark for ...")."""
    match = _TITLE_NAME.match(title) if ":" in title else None  # most titles have no colon: skip the regex
    if match is None:
        return None, False
    rest = match.group("rest")
    # tried where a noun may start: a case-folding search tries every position
    return match.group("name"), any(_TITLE_NOUN.match(rest, at) for at in _noun_starts(rest))
