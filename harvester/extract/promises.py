"""Code released vs promised: the wording around each link, and code promised with no link at all.

A link is ``promised`` when the words leading to it (from the previous link in the same
sentence, or the sentence start) announce a future release ("will be made publicly
available at", "code is coming soon at"), and ``released`` when they say it is there
("is available at", "Code:") or say nothing either way. A link with no wording of its own
("at URL1 and URL2") shares the previous link's status; failing that, a promise right
after it ("URL (coming soon)") counts.

A code promise without a link is a sentence that promises to release code ("The source
code will be released soon") in a paper that links no repository anywhere. Promises
about other things ("the dataset will be released"), available things ("publicly
available datasets") and promises whose link the listing lost ("at this https URL") are
not code promises without a link.
"""

from __future__ import annotations

import re
from harvester.extract.findings import CodePromise, Link, LinkStatus, TextField
from harvester.extract.text import occurrences, plain_text, sentence_span

_RELEASE_WORD = (
    r"(?:available|accessible|public(?:ly)?|release[sd]?|releasing|open[- ]?sourc\w*|publish\w*|"
    r"share[sd]?|provide[sd]?|upload\w*|made|make|post(?:ed)?|host(?:ed)?|put)"
)
# Every promise holds one of these words; searching for them first (str.find is fast) spares
# the regular expressions below most text. Keep each alternative of _FUTURE holding one.
_FUTURE_WORDS = ("will", "plan to", "soon", "accept", "publication")
_FUTURE = re.compile(
    rf"""\b(?:will|plan\ to)\b[^.;!?]{{0,40}}?\b{_RELEASE_WORD}\b
    | \b(?:coming|available|released|public)\s+soon\b
    | \b(?:upon|after|following|once|when|if)\s+(?:[\w']+\s+){{0,3}}?(?:acceptance|accepted|publication)\b""",
    re.IGNORECASE | re.VERBOSE,
)
_PRESENT = re.compile(
    rf"""\b(?:is|are|was|were|has\s+been|have\s+been)\s+(?:now\s+|also\s+)?(?:\w+ly\s+)?(?:made\s+)?(?:\w+ly\s+)?
        (?:available|accessible|released|open[- ]?sourced|hosted|provided|shared|published|public|online|found|at|on)\b
    | \bcan\s+be\s+(?:found|accessed|downloaded|obtained|viewed|seen)\b""",
    re.IGNORECASE | re.VERBOSE,
)
_CODE = re.compile(
    r"\b(?:codes?|codebase|source[- ]code|implementations?|software|toolbox|toolkit|library|scripts|github)\b"
    r"|\bopen[- ]?sourc",
    re.IGNORECASE,
)
# How far after a future cue the code it promises may still be named ("will release our code").
_CODE_REACH = 60
# 2026 listings keep only these words where the address was: a link the paper did give.
_LOST_LINK = re.compile(r"\bthis https? URL\b")


def label_link_status(text: str, links: list[Link]) -> None:
    """Set each link's status (released | promised) from the wording of its sentence."""
    for index, link in enumerate(links):
        sentence_start, sentence_end = sentence_span(text, link.start)
        previous = links[index - 1] if index and links[index - 1].end > sentence_start else None
        status = _status(text[previous.end if previous else sentence_start : link.start])
        if status is None and previous is not None:
            status = previous.status
        if status is None:
            following = links[index + 1].start if index + 1 < len(links) else sentence_end
            status = "promised" if _FUTURE.search(text, link.end, min(following, sentence_end)) else None
        link.status = status or "released"


def _status(words: str) -> LinkStatus | None:
    """What the words leading to a link say, the closest cue winning; None when they say nothing."""
    future = [cue.end() for cue in _FUTURE.finditer(words)]
    if not future:
        return None
    present = [cue.end() for cue in _PRESENT.finditer(words, future[-1])]
    return "released" if present else "promised"


def find_code_promises(text: str, field: TextField, links: list[Link]) -> list[CodePromise]:
    """Sentences of ``text`` promising code, when none of the paper's ``links`` names a repository."""
    if any(link.repo for link in links) or not any(map(text.__contains__, _FUTURE_WORDS)):
        return []
    linked = [link.start for link in links if link.field == field]
    return [
        CodePromise(field, start, end, plain_text(text[start:end]))
        for start, end in _future_sentences(text)
        if _promises_code(text, start, end)
        and not any(start <= at < end for at in linked)
        and not _LOST_LINK.search(text, start, end)
    ]


def _future_sentences(text: str) -> list[tuple[int, int]]:
    """Offsets of the sentences holding a word that future wording needs, in text order."""
    spans = {sentence_span(text, at) for word in _FUTURE_WORDS for at in occurrences(text, word)}
    return sorted(spans)


def _promises_code(text: str, start: int, end: int) -> bool:
    """A future release cue in the sentence with code named before it or shortly after."""
    return any(_CODE.search(text, start, min(end, cue.end() + _CODE_REACH)) for cue in _FUTURE.finditer(text, start, end))
