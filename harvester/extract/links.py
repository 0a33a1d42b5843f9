"""Find every URL in a text field, repair the damage text suffers, and classify it.

URLs come from the listing's HTML anchors (read with BeautifulSoup, only when the field
holds HTML), LaTeX ``\\url{}``/``\\href{}{}``, bare ``https://...`` and scheme-less
addresses: on known hosts (``github.com/owner/repo``, ``www.``, ``*.github.io``) or a
dotted name with a path (``mias.group/DiMoDE``).
Each link keeps its raw text and offsets into the field exactly as given, so the
evidence can be shown in place; ``url`` is the repaired, absolute address.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Iterator
from functools import lru_cache

from bs4 import BeautifulSoup, SoupStrainer

from harvester.extract.classify import FORGE_HOSTS, classify, repo_path_incomplete
from harvester.extract.findings import Link, TextField
from harvester.extract.text import Sentences, holds_html, plain_text

# LaTeX spellings of characters that occur in URLs, longest first.
_LATEX_CHARS = {
    r"\textasciitilde{}": "~", r"\textasciitilde": "~", r"\textunderscore{}": "_", r"\textunderscore": "_",
    r"$\sim$": "~", r"\~{}": "~", r"{\_}": "_", r"{\~}": "~", r"{\%}": "%", r"{\#}": "#", r"{\&}": "&",
    r"\_": "_", r"\~": "~", r"\%": "%", r"\#": "#", r"\&": "&",
}  # fmt: skip
_LATEX_CHAR = "|".join(re.escape(spelling) for spelling in _LATEX_CHARS)
_BODY = rf"(?:[^\s<>\"{{}}|\\^`$]+|{_LATEX_CHAR})+"
# Damage-tolerant scheme: "https: //", "https: ", "https:\\".
# javascript: is never fetched, but a hostile text's link is still recorded as written.
_SCHEME = r"(?i:https?|ftp|file|javascript)\s?:\s?(/{1,3}|\\{1,2})?\s?"
_SCHEMED = re.compile(_SCHEME + _BODY)
_BARE = re.compile(_BODY)
_SCHEME_BEFORE_COLON = re.compile(r"(?i:https?|ftp|file|javascript)\s?\Z")
_KNOWN_HOSTS = "|".join(re.escape(host) for host in (*FORGE_HOSTS, "github.io", "gitlab.io"))
# A scheme-less address starts a token (not an e-mail's domain) on www., a known host, or a
# dotted name with a lowercase top-level domain and a path ("mias.group/DiMoDE").
_SCHEMELESS_AT = re.compile(
    rf"(?<!@)(?=(?i:www)\.[\w-]|(?:[\w-]+\.)*(?i:{_KNOWN_HOSTS})(?![\w-])|[\w-]+(?:\.[\w-]+)*\.[a-z]{{2,24}}/)"
)
_LATEX_COMMANDS = ("\\url{", "\\href{")
# The dot of "www." or ".io": where a scheme-less host with no path may be. Starting on a
# literal "." lets the regex engine skip to dots at C speed.
_SLASHLESS_HOST = re.compile(r"\.(?:(?<=[wW]{3}\.)|[iI][oO](?![\w-]))")
# A slash ending a token ([\w.-]: what _token_start walks back over) that holds a dot. Every
# scheme-less address above has a dot before its slash, so only these slashes can end its host:
# "and/or" or "km/s" are never tried. Led by a literal ".", the search runs at C speed.
_DOTTED_SLASH = re.compile(r"\.[\w.-]*/")

_SCHEME_PREFIX = re.compile(rf"^{_SCHEME}")
_OTHER_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_AUTHORITY = re.compile(r"[a-z][a-z0-9+.-]*://[^/?#]*")
# Lowercase ASCII letters only: str.lower() turns look-alikes such as the Kelvin sign into ASCII.
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_WEB_HOST = re.compile(r"(?:https?|ftp)://(?:[^/?#@]*@)?([^/?#]*)")
_LATEX_SPELLING = re.compile(_LATEX_CHAR)
# Characters that PDF copy-paste leaves inside words without showing them.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))

# A URL broken by a space continues on the next word (see _continues).
_NEXT_WORD = re.compile(rf"\s{{1,4}}({_BODY})")
_TLD_START = re.compile(r"[a-z]{2,}(?:\.[a-z]{2,})*/")
_PATH_START = re.compile(r"[A-Za-z0-9][\w.-]*")
# A repository is never named like these words, which follow a user page's trailing slash in prose.
_PROSE_WORDS = frozenset("a an and are as at by for from in is of on or our see the to with".split())

_TRAILING = set(".,;:!?'\"*\u2026\u3002\uff0c\uff1b\uff1a\u3001\u201d\u2019")
_CLOSERS = {")": "(", "]": "[", "}": "{", ">": "<"}
_TOKEN_CHARS = "._-"

Span = tuple[int, int, str]  # start, end (into the field as given), normalized URL


def find_links(text: str, field: TextField = "abstract") -> list[Link]:
    """Every URL in the field, in text order, with offsets into ``text`` as given."""
    if not _may_hold_url(text):
        return []
    markup = holds_html(text)
    html_anchors = list(_html_anchors(text)) if markup else []
    spans = [span for span, _ in html_anchors if _plausible(span[2])]
    spans += _text_spans(text, _candidates(text), [element for _, element in html_anchors], markup)
    if not spans:  # most fields that pass _may_hold_url: no sentences to find
        return []
    spans.sort()
    sentences = field_sentences(text)
    return [_link(sentences, field, *span) for span in spans]


@lru_cache(maxsize=4)
def field_sentences(text: str) -> Sentences:
    """The sentences of one field, found once for its links, their status and its code promise
    (extract() reads a paper's three fields in turn, so four entries hold them all)."""
    return Sentences(text)


# Evidence reaches this far either side of a link: a "sentence" of 20,000 links must not be
# stored 20,000 times.
_EVIDENCE_REACH = 300


def _link(sentences: Sentences, field: TextField, start: int, end: int, url: str) -> Link:
    kind, repo = classify(url)
    sentence_start, sentence_end = sentences.span(start)
    evidence = sentences.plain(max(sentence_start, start - _EVIDENCE_REACH), min(sentence_end, end + _EVIDENCE_REACH))
    return Link(sentences.text[start:end], url, field, start, end, kind, repo, evidence=evidence)


def _html_anchors(text: str) -> Iterator[tuple[Span, tuple[int, int]]]:
    """Each <a href>: its span (over the raw attribute value) and the whole element's offsets."""
    line_starts = [0, *(newline.end() for newline in re.finditer("\n", text))]
    soup = BeautifulSoup(text, "html.parser", parse_only=SoupStrainer("a"))
    for anchor in soup.find_all("a", href=True):
        tag_start = line_starts[(anchor.sourceline or 1) - 1] + (anchor.sourcepos or 0)  # html.parser sets both
        tag_end = text.find(">", tag_start) + 1 or len(text)
        href = _trim(str(anchor["href"]).strip())
        start, end = _locate(text, href, tag_start, tag_end)
        closing = text.find("</a>", tag_end)
        yield (start, end, normalize(href)), (tag_start, closing + 4 if closing >= 0 else tag_end)


def _locate(text: str, value: str, tag_start: int, tag_end: int) -> tuple[int, int]:
    """Offsets of an attribute value in its tag as written (raw or entity-escaped); else the tag's."""
    for written in (value, html.escape(value)):
        at = text.find(written, tag_start, tag_end)
        if written and at >= 0:
            return at, at + len(written)
    return tag_start, tag_end


def _may_hold_url(text: str) -> bool:
    """Cheap test passed by every URL found below (a scheme's URL has a slash unless a space
    broke it where it had none: "https: host" alone is not looked for). One-character tests
    come first: they run at memory speed, the others an order of magnitude slower."""
    return (
        "/" in text or "\\" in text or (":" in text and "script:" in text)
        or _SLASHLESS_HOST.search(text) is not None
    )


def _candidates(text: str) -> list[tuple[int, str]]:
    """(offset, kind) of where a URL may be, found by literal search (fast, unlike a regular
    expression trying every position): a scheme's colon, a LaTeX command's backslash, and
    in a scheme-less host, the slash after it or the dot of a slash-less www. or .io host.
    Positions where _url_at would find nothing are left out here, at C speed where possible:
    most fields that pass _may_hold_url hold no URL."""
    found = [(at, "scheme") for at in _occurrences(text, ":") if _scheme_before(text, at)]
    if "\\" in text:  # one fast scan spares most fields two slower ones
        found += [(at, "latex") for command in _LATEX_COMMANDS for at in _occurrences(text, command)]
    found += [(slash.end() - 1, "host") for slash in _DOTTED_SLASH.finditer(text)]
    found += [(host.start(), "host") for host in _SLASHLESS_HOST.finditer(text)]
    found.sort()
    return found


def _occurrences(text: str, needle: str) -> Iterator[int]:
    at = text.find(needle)
    while at >= 0:
        yield at
        at = text.find(needle, at + 1)


def _text_spans(
    text: str, candidates: list[tuple[int, str]], elements: list[tuple[int, int]], markup: bool
) -> Iterator[Span]:
    """URLs written in the text itself, outside HTML anchor elements: bare, scheme-less or in LaTeX."""
    resume = 0
    for at, kind in candidates:
        if at < resume or (elements and any(a <= at < b for a, b in elements)):
            continue
        match = _url_at(text, at, kind)
        if match is None or match.start() < resume:
            continue
        start = match.start()
        resume = _unglued_end(text, start, _extend(text, start, match.end()))
        raw = _trim(text[start:resume])
        url = normalize(raw, from_html=markup)
        if _plausible(url):
            yield start, start + len(raw), url


def _url_at(text: str, at: int, kind: str) -> re.Match[str] | None:
    """The URL a candidate position belongs to, if any."""
    if kind == "scheme":
        scheme = _scheme_before(text, at)
        return _SCHEMED.match(text, scheme.start()) if scheme else None
    if kind == "latex":
        command = next((c for c in _LATEX_COMMANDS if text.startswith(c, at)), None)
        if command is None:
            return None
        start = at + len(command)
        return _SCHEMED.match(text, start) or _BARE.match(text, start)
    start = _token_start(text, at)
    return _BARE.match(text, start) if _SCHEMELESS_AT.match(text, start) else None


def _scheme_before(text: str, colon: int) -> re.Match[str] | None:
    """The scheme ending at a colon ("https", "javascript ": eleven characters at most)."""
    return _SCHEME_BEFORE_COLON.search(text, max(0, colon - 11), colon)


def _token_start(text: str, at: int) -> int:
    while at > 0 and (text[at - 1].isalnum() or text[at - 1] in _TOKEN_CHARS):
        at -= 1
    return at


def _extend(text: str, start: int, end: int) -> int:
    """End of a URL that a space broke, taking the next word while the URL is visibly cut short."""
    while (text[end - 1] in "./" or text.startswith(" /", end)) and (word := _NEXT_WORD.match(text, end)):
        if not _continues(text[start:end], word.group(1)):
            break
        end = word.end()
    return end


def _continues(written: str, word: str) -> bool:
    """Whether ``word`` continues a URL cut short: a host cut at a dot ("https://github. com/x"),
    or a forge path cut at a slash ("github.com/ owner/ name", "github.com /owner/name")."""
    if written.endswith("."):
        return _TLD_START.match(word) is not None and _AUTHORITY.fullmatch(normalize(written)) is not None
    if written.endswith("/") == word.startswith("/"):  # the break must fall beside one slash
        return False
    segment = _PATH_START.match(word.lstrip("/"))
    if segment is None or segment.group(0).lower() in _PROSE_WORDS:
        return False
    return repo_path_incomplete(normalize(written))


def _unglued_end(text: str, start: int, end: int) -> int:
    """End of the first URL when a second one is glued on ("…/a/b,https://…/c/d")."""
    second = text.find("://", start + len("https://"), end)
    scheme = _SCHEME_BEFORE_COLON.search(text, max(start, second - 6), second) if second >= 0 else None
    return scheme.start() if scheme else end


def _trim(raw: str) -> str:
    """Drop trailing punctuation and closing brackets the URL did not open."""
    while raw:
        last = raw[-1]
        opener = _CLOSERS.get(last)
        if last in _TRAILING or (opener is not None and raw.count(last) > raw.count(opener)):
            raw = raw[:-1]
        else:
            break
    return raw


def normalize(raw: str, from_html: bool = False) -> str:
    """The absolute URL meant by ``raw``: spaces and LaTeX escapes removed, scheme repaired
    (``https: //``, ``https:\\\\``, missing), scheme and host lowercased."""
    url = "".join(raw.split())
    if not url.isascii():
        url = url.translate(_INVISIBLE)
    if "\\" in url or "$" in url or "{" in url:
        url = _LATEX_SPELLING.sub(lambda spelling: _LATEX_CHARS[spelling.group(0)], url)
    if from_html and "&" in url:
        url = html.unescape(url)
    if not url.startswith(("https://", "http://")):  # the common case needs no repair
        url = _repair_scheme(url)
    authority = _AUTHORITY.match(url)
    return authority.group(0).translate(_ASCII_LOWER) + url[authority.end() :] if authority else url


def _repair_scheme(url: str) -> str:
    if url[:11].lower() == "javascript:":  # no authority to repair: kept as written
        return "javascript:" + url[11:]
    if scheme := _SCHEME_PREFIX.match(url):
        separator = scheme.group(1) if scheme.group(1) in {"//", "///"} else "//"
        return f"{url[: url.index(':')].lower()}:{separator}{url[scheme.end():]}"
    return url if _OTHER_SCHEME.match(url) else "https://" + url


def _plausible(url: str) -> bool:
    """Web addresses need a dotted (or IPv6) host: "https: the", "\\href{Website}" or a
    relative href are no URLs."""
    web = _WEB_HOST.match(url)
    if web is None:
        return True
    host = web.group(1)
    return "." in host.strip(".") or host.startswith("[") or host.partition(":")[0].lower() == "localhost"
