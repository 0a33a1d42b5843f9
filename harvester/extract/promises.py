"""Code released vs promised (baseline: future-tense wording in the link's sentence)."""

from __future__ import annotations

import re

from harvester.extract.findings import CodePromise, Link, TextField

_FUTURE = re.compile(r"\b(will be|to be|would be|coming soon|upon (?:acceptance|publication))\b", re.I)
_CODE = re.compile(r"\b(code|codes|source code|implementation|models?)\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _sentence(text: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() > pos:
            return start, m.start()
        start = m.end()
    return start, len(text)


def label_link_status(text: str, links: list[Link]) -> None:
    for link in links:
        s, e = _sentence(text, link.start)
        link.evidence = text[s:e].strip()
        if link.repo is not None:
            link.status = "promised" if _FUTURE.search(text[s:link.start]) else "released"


def find_code_promises(text: str, field: TextField, links: list[Link]) -> list[CodePromise]:
    if any(link.repo for link in links):
        return []
    promises = []
    for m in _FUTURE.finditer(text):
        s, e = _sentence(text, m.start())
        if _CODE.search(text[s:e]):
            promises.append(CodePromise(field, s, e, text[s:e].strip()))
            break
    return promises
