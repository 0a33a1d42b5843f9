"""Code released vs promised: the wording around each link, and code promised with no link at all.

A link is ``promised`` when the words leading to it (from the previous link in the same
sentence, or the sentence start) announce a future release ("will be made publicly
available at", "code is coming soon at"), and ``released`` when they say it is there
("is available at", "Code:") or say nothing either way. A link with no wording of its own
("at URL1 and URL2") shares the previous link's status; failing that, a promise right
after it ("URL (coming soon)") counts.

A code promise without a link is a sentence that promises to release code ("The source
code will be released soon") in a paper that links no repository anywhere. Promises
about other things ("the dataset will be released"), negated ones ("will not be
released"), available things ("publicly available datasets") and promises with a link in
their sentence (the link's status carries them; "at this https URL" is a link the listing
lost) are not code promises without a link.
"""

from __future__ import annotations

import re
from operator import attrgetter

from harvester.extract.findings import CodePromise, Link, LinkStatus, TextField
from harvester.extract.links import field_sentences
from harvester.extract.text import plain_text

_RELEASE_WORD = (
    r"(?:available|accessible|public(?:ly)?|release[sd]?|releasing|open[- ]?sourc\w*|publish\w*|"
    r"share[sd]?|provide[sd]?|upload\w*|made|make|post(?:ed)?|host(?:ed)?|put)"
)
# Future release wording starts at one of these words, or ends at "soon" with its lead word
# looked behind ("coming soon"). Finding the words with str.find and matching there is an
# order of magnitude faster than a regular expression trying every position of every
# abstract. On the dev sample, 256 of 260 sentences promising code hold "will" ("upon
# acceptance" comes with it); the other four say "plan to", "soon available", "coming soon".
_FUTURE_WORDS = ("will", "plan to", "soon")
_FUTURE = re.compile(
    rf"""(?:will|plan\ to)\b(?![^.;!?]{{0,20}}\b(?:not|never)\b)[^.;!?]{{0,40}}?\b{_RELEASE_WORD}\b
    | (?:(?<=coming\ )|(?<=available\ )|(?<=released\ )|(?<=public\ ))soon\b
    | soon\s+(?:be\s+)?{_RELEASE_WORD}\b""",
    re.VERBOSE,
)
_PRESENT = re.compile(
    r"""\b(?:is|are|was|were|has\s+been|have\s+been)\s+(?:now\s+|also\s+)?
        (?:\w+ly\s+)?(?:made\s+)?(?:\w+ly\s+)?
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
_REPO = attrgetter("repo")
# 2026 listings keep only these words where the address was: a link the paper did give.
_LOST_LINK = re.compile(r"\bthis https? URL\b")


def label_link_status(text: str, links: list[Link]) -> None:
    """Set each link's status (released | promised) from the wording of its sentence."""
    if not links:  # most fields: no need to find their sentences
        return
    sentences = field_sentences(text)
    for index, link in enumerate(links):
        sentence_start, sentence_end = sentences.span(link.start)
        previous = links[index - 1] if index and links[index - 1].end > sentence_start else None
        status = _status(text, previous.end if previous else sentence_start, link.start)
        if status is None and previous is not None:
            status = previous.status
        if status is None:
            following = links[index + 1].start if index + 1 < len(links) else sentence_end
            status = _status_after(text, link.end, following)
        link.status = status or "released"


def _status(text: str, start: int, end: int) -> LinkStatus | None:
    """What text[start:end], the words leading to a link, say (the closest cue wins); None if nothing."""
    future = _future_cues(text, start, end)
    if not future:
        return None
    return "released" if _PRESENT.search(text, max(cue.end() for cue in future), end) else "promised"


def _status_after(text: str, start: int, end: int) -> LinkStatus | None:
    """A promise right after a link, in its own clause: "URL (coming soon)" is about the link,
    "URL, and the dataset will be released" is not."""
    cues = _future_cues(text, start, end)
    if not cues:
        return None
    cuts = [at for at in (text.find(",", start, end), text.find(";", start, end)) if at >= 0]
    clause_end = min(cuts, default=end)
    return "promised" if any(cue.start() < clause_end for cue in cues) else None


def _future_cues(text: str, start: int, end: int) -> list[re.Match[str]]:
    """Future release wording starting in text[start:end]."""
    cues = []
    for word in _FUTURE_WORDS:
        at = text.find(word, start, end)
        while at >= 0:
            if cue := _FUTURE.match(text, at, end):
                cues.append(cue)
            at = text.find(word, at + 1, end)
    return cues


def find_code_promises(text: str, field: TextField, links: list[Link]) -> list[CodePromise]:
    """The first sentence of ``text`` promising code, when none of the paper's ``links`` names
    a repository: one piece of evidence is enough to list the paper."""
    if any(map(_REPO, links)) or not any(map(text.__contains__, _FUTURE_WORDS)):
        return []
    linked = [link.start for link in links if link.field == field]
    for start, end in sorted(_code_promise_sentences(text)):
        if not any(start <= at < end for at in linked) and not _LOST_LINK.search(text, start, end):
            return [CodePromise(field, start, end, plain_text(text[start:end]))]
    return []


def _code_promise_sentences(text: str) -> set[tuple[int, int]]:
    """Sentences with a future release cue that names code before it, or shortly after
    ("will release our code")."""
    sentences, bounds = set(), field_sentences(text)
    for cue in _future_cues(text, 0, len(text)):
        start, end = bounds.span(cue.start())
        if _CODE.search(text, start, min(end, cue.end() + _CODE_REACH)):
            sentences.add((start, end))
    return sentences
