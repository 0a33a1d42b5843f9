"""Nasty inputs, each wrapped between two good entries so a test can see that the rest still ingests.

Generated rather than committed: some are megabytes, and generating keeps each case's intent in one place.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from tests.support.corpus import digest_entry

HEADING = b"# ArXiv cs.CV --Fri, 22 Jan 2021\n"
GOOD_BEFORE = "2101.90001"
GOOD_AFTER = "2101.90002"
# Titles a careless writer would splice into SQL; they must come back byte for byte.
SQL_TITLES = (
    "'); DROP TABLE papers;--",
    "Robert'); DROP TABLE students;-- and friends",
    "\" OR 1=1 --",
    "x'; DELETE FROM links WHERE '1'='1",
    "%' UNION SELECT sql FROM sqlite_master --",
)


def _entry(arxiv_id: str, title: str, abstract: str, number: int = 1) -> bytes:
    return digest_entry(number, arxiv_id, title, abstract).encode("utf-8")


def wrap(middle: bytes) -> bytes:
    """A digest: heading, a good entry, the hostile bytes, another good entry (on its own line)."""
    before = _entry(GOOD_BEFORE, "Good before", "Code at https://github.com/good/before .")
    after = _entry(GOOD_AFTER, "Good after", "Code at https://github.com/good/after .", 3)
    return HEADING + before + middle + b"\n" + after


def _junk(seed: int, size: int) -> bytes:
    return random.Random(seed).randbytes(size)


# name -> the hostile middle part of a digest
DIGEST_CASES: dict[str, Callable[[], bytes]] = {
    "binary_junk": lambda: _junk(1, 64 * 1024),
    "binary_junk_no_newlines": lambda: _junk(2, 256 * 1024).replace(b"\n", b"\x00"),
    "invalid_utf8_title": lambda: b"### 2.Bad \xff\xfe\xc3\x28 bytes  [ :arrow_down: ](https://arxiv.org/pdf/2101.90003.pdf)\n> abs \xed\xa0\x80 surrogate\n",
    "nul_bytes": lambda: _entry("2101.90004", "Nul\x00title", "abstract\x00with https://github.com/a\x00b/c nul", 2),
    "ten_megabyte_line": lambda: b"### 2.Long  [ :arrow_down: ](https://arxiv.org/pdf/2101.90005.pdf)\n> " + b"word " * (2 * 1024 * 1024),
    "ten_megabyte_line_no_spaces": lambda: b"> " + b"x" * (10 * 1024 * 1024),
    "huge_number_of_links": lambda: _entry("2101.90006", "Many links",
                                           " ".join(f"https://github.com/o{i}/r{i}" for i in range(20000)), 2),
    "deeply_nested_tags": lambda: _entry("2101.90007", "Nested", "<b>" * 50000 + "https://github.com/deep/nest" + "</b>" * 50000, 2),
    "unclosed_anchors": lambda: _entry("2101.90008", "Unclosed",
                                       '<a href="https://github.com/open/anchor">' * 5000 + " text", 2),
    "unclosed_attribute": lambda: _entry("2101.90009", "Attr", '<a href="https://github.com/x/y' + "z" * 100000, 2),
    "entry_without_link": lambda: b"### 2.No link at all\n> abstract\n",
    "link_not_arxiv": lambda: b"### 2.Elsewhere  [ :arrow_down: ](https://evil.example/pdf/2101.9.pdf)\n> abstract\n",
    "empty_entries": lambda: b"###\n###\n### \n>\n>\n",
    "garbage_heading": lambda: b"# ArXiv cs.CV --not a date at all\n# ArXiv\n#\n",
    "control_characters": lambda: _entry("2101.90010", "Ctl\x1b[31mred\x07\x08", "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029 text", 2),
    "bidi_and_zero_width": lambda: _entry("2101.90011", "\u202egnp.exe\u202c \u200b\ufeff",
                                          "https://github.com/\u200bzero/\u202ewidth", 2),
    "cr_only_line_endings": lambda: _entry("2101.90012", "CR", "one\rtwo\rthree", 2).replace(b"\n", b"\r"),
    "huge_title": lambda: _entry("2101.90013", "T" * 1_000_000, "abstract", 2),
    "same_id_many_times": lambda: b"".join(_entry("2101.90014", f"Dup {i}", f"v {i}", i) for i in range(2000)),
    "sql_titles": lambda: b"".join(_entry(f"2101.9010{i}", title, f"abstract {i}", i + 2)
                                   for i, title in enumerate(SQL_TITLES)),
}


# ---- metadata JSON lines (the arXiv snapshot shape): good line, hostile lines, good line ----

def jsonl_record(arxiv_id: str, title: str, abstract: str) -> bytes:
    import json

    return json.dumps({"id": arxiv_id, "title": title, "abstract": abstract, "authors": "A. Author",
                       "categories": "cs.CV", "versions": [{"version": "v1", "created": "Fri, 22 Jan 2021 10:00:00 GMT"}]}
                      ).encode() + b"\n"


def wrap_jsonl(middle: bytes) -> bytes:
    return (jsonl_record(GOOD_BEFORE, "Good before", "Code at https://github.com/good/before .") + middle + b"\n"
            + jsonl_record(GOOD_AFTER, "Good after", "Code at https://github.com/good/after ."))


JSONL_CASES: dict[str, Callable[[], bytes]] = {
    "binary_junk": lambda: _junk(3, 64 * 1024),
    "invalid_utf8": lambda: b'{"id": "2101.90003", "title": "bad \xff\xfe", "abstract": "x\xc3\x28"}',
    "nul_bytes": lambda: jsonl_record("2101.90004", "nul\x00title", "nul\x00abstract") + b"\x00\x00\x00",
    "ten_megabyte_line": lambda: jsonl_record("2101.90005", "Long", "word " * (2 * 1024 * 1024)),
    "ten_megabyte_garbage_line": lambda: b"{" + b"x" * (10 * 1024 * 1024),
    "deeply_nested_json": lambda: b"[" * 200000 + b"]" * 200000,
    "deeply_nested_object": lambda: b'{"id": ' + b'{"a": ' * 100000 + b"1" + b"}" * 100001,
    "huge_integer": lambda: b'{"id": ' + b"9" * 100000 + b"}",
    "huge_float": lambda: b'{"id": "2101.90006", "title": 1e999999, "abstract": -1e999999}',
    "wrong_types": lambda: b'{"id": 2101.90007, "title": ["x"], "abstract": {"a": 1}, "versions": "v1"}\n[]\n"s"\nnull\n42',
    "truncated_json": lambda: b'{"id": "2101.90008", "title": "cut',
    "html_in_fields": lambda: jsonl_record("2101.90009", "<b>" * 20000, '<a href="https://github.com/x/y">' * 5000),
    "sql_titles": lambda: b"".join(jsonl_record(f"2101.9010{i}", t, f"abstract {i}") for i, t in enumerate(SQL_TITLES)),
    "many_links": lambda: jsonl_record("2101.90010", "Links", " ".join(f"https://github.com/o{i}/r{i}" for i in range(20000))),
    "bad_id": lambda: jsonl_record("'); DROP TABLE papers;--", "Bad id", "abstract"),
}
