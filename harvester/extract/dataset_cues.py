"""How abstracts talk about datasets: the wording around a name that makes it one, and that makes it new.

Every function looks at plain text around a span [start, end) of a name and
is cheap enough to call per mention; none scans the whole abstract.
"""

from __future__ import annotations

import re

_NOUN_WORDS = r"data[\s-]?sets?|benchmarks?|data[\s-]?bases?|corpus|corpora"
_NOUN = "(?:" + _NOUN_WORDS + ")"
_CREATE = (
    r"(?:introduc|present|propos|construct|collect|build|built|creat|releas|contribut|establish|develop|curat"
    r"|assembl|compil|gather|provid|offer|generat|annotat|captur|record|publish|synthesi[sz])\w*"
)
# Words that end a "we propose a ..." phrase before it reaches the dataset noun: evaluation, not creation.
_NOT_CREATION = (
    r"(?!\b(?:on|using|evaluat\w*|experiment\w*|test\w*|compar\w*|outperform\w*|achiev\w*|results?|performance|existing"
    r"|public|several|standard|" + _NOUN_WORDS + r")\b)"  # nor another dataset noun: "a benchmark that converts datasets (X)"
)
_NAMING = r"(?:called|named|termed|dubbed|coined|namely|denoted(?:\s+as)?|referred\s+to\s+as)"

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
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")

# Role: introduced by this paper.
_NEW_BEFORE_NOUN = re.compile(
    r"\b(?:" + _CREATE + r"|new|novel|our)\b(?:" + _NOT_CREATION + r"[^.;]){0,100}?" + _NOUN
    + r"\b(?:(?:\s+(?:of|for|with|containing|from)\b[^.;:(),]{0,80}?)?\s*,?\s*(?:which\s+is\s+)?" + _NAMING
    + r"\s+(?:as\s+)?|\s*[:(,]\s*|\s+)(?:the\s+)?[\"“'‘]?$",
    re.IGNORECASE,
)
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
_NOUN_NEXT = re.compile(r"(?:\s+(?:v?\d[\w.]*))?\s*-?\s*" + _NOUN + r"\b", re.IGNORECASE)
_TITLE_NAME = re.compile(r"\s*(?P<name>\S.{0,40}?)\s*:\s+(?P<rest>.*)$")
_TITLE_NOUN = re.compile(_NOUN + r"\b", re.IGNORECASE)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding [start, end): after the last '. ' before it, up to the next one."""
    head = max(text.rfind(". ", 0, start), text.rfind("? ", 0, start), text.rfind("! ", 0, start))
    tail = _SENTENCE_END.search(text, end)
    return (head + 2 if head >= 0 else 0), (tail.start() + 1 if tail else len(text))


def noun_after(text: str, end: int) -> str | None:
    """The dataset noun or split following the name: "AVA dataset", "nuScenes validation set"."""
    match = _NOUN_AFTER.match(text, end)
    return match.group().strip() if match else None


def data_after(text: str, end: int) -> bool:
    """The name qualifies its data: "MNIST digits", "AMASS sequences"."""
    return _DATA_AFTER.match(text, end) is not None


def kind_before(text: str, start: int) -> bool:
    """An article or count before the name makes "X dataset" a kind of data: "a large-scale RGB-D dataset"."""
    return _KIND_BEFORE.search(text, max(0, start - 60), start) is not None


def cue_before(text: str, start: int) -> bool:
    """A dataset noun leads to the name: "datasets: X", "benchmarks, i.e., X", "dataset called X"."""
    window = max(0, start - 160)
    return _CUE_BEFORE.search(text, max(0, start - 40), start) is not None or (
        _NAMED_AFTER_NOUN.search(text, window, start) is not None
    )


def evaluated_on(text: str, start: int) -> bool:
    """The name is where something was evaluated or trained: "results on X", "6.1% on X"."""
    return _EVALUATED_ON.search(text, max(0, start - 80), start) is not None


def scored_on(text: str, start: int) -> bool:
    """A number is reported on the name: "improving Rank-1 by 12.17% on X"."""
    return _SCORE_ON.search(text, max(0, start - 30), start) is not None


def names_something_else(text: str, end: int) -> bool:
    """The name heads a method, model or metric phrase: "X network", "X, a novel tracker"."""
    return _THING_AFTER.match(text, end) is not None or _THING_APPOSITIVE.match(text, end) is not None


def listed_together(text: str, end: int, next_start: int) -> bool:
    """Only list punctuation lies between two names: "X, Y and Z", "X/Y"."""
    return next_start - end <= 8 and _LIST_SEPARATOR.fullmatch(text, end, next_start) is not None


def described_as_dataset(text: str, end: int) -> bool:
    """An appositive calls the name a dataset: "X, the first large-scale ... dataset"."""
    return _DESCRIBED_AFTER.match(text, end, sentence_bounds(text, end, end)[1]) is not None


def presented_as_dataset(text: str, start: int, end: int) -> bool:
    """The paper presents a new dataset by this name: "we present X, a ... dataset", "a new benchmark, termed X"."""
    head, tail = sentence_bounds(text, start, end)
    before = text[head:start]
    if _NEW_BEFORE_NOUN.search(before) or _NEW_APPOSITIVE.match(text, end, tail):
        return True
    return bool(_CREATED_BEFORE.search(before)) and _DESCRIBED_AFTER.match(text, end, tail) is not None


def introduced_at(text: str, start: int, end: int, known: bool) -> bool:
    """The paper presents the dataset named at [start, end) as its own ("the proposed X" too, for new names)."""
    if presented_as_dataset(text, start, end):
        return True
    head, tail = sentence_bounds(text, start, end)
    own = _OWN_BEFORE.search(text, head, start) is not None
    return own and (not known or _NOUN_NEXT.match(text, end, tail) is not None)


def title_subject(title: str) -> tuple[str | None, bool]:
    """The name before a title's colon, and whether the title calls it a dataset ("X: A Benchmark for ...")."""
    match = _TITLE_NAME.match(title)
    if match is None:
        return None, False
    return match.group("name"), _TITLE_NOUN.search(match.group("rest")) is not None
