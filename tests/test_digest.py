"""The markdown daily digest: real shapes and the variations a real feed has."""

from __future__ import annotations

import io
from datetime import date

from harvester.records import PaperRecord, SourceProblem
from harvester.sources import read_source
from harvester.sources.common import Input
from harvester.sources.digest import read_digest

from tests.conftest import EXAMPLE

ENTRY = "### {n}.{title}  [ :arrow_down: ](https://arxiv.org/pdf/{id}.pdf)\n>  {abstract}\n"
HEAD = "# ArXiv cs.CV --Fri, 22 Jan 2021\n"


def parse(text: str) -> tuple[list[PaperRecord], list[SourceProblem]]:
    with Input(io.BytesIO(text.encode("utf-8")), "d.md") as source:
        items = list(read_digest(source))
    return [i for i in items if isinstance(i, PaperRecord)], [i for i in items if isinstance(i, SourceProblem)]


def test_example_digest_reads_every_entry():
    items = list(read_source(str(EXAMPLE)))
    records = [i for i in items if isinstance(i, PaperRecord)]
    assert len(records) == 43 and len(items) == 43
    first = records[0]
    assert first.arxiv_id == "2101.08779" and first.version is None
    assert first.title == "Learn to Dance with AIST++: Music Conditioned 3D Dance Generation"
    assert first.listing_date == date(2021, 1, 22) and first.categories == ["cs.CV"]
    assert first.abstract.startswith("In this paper, we present a transformer-based")
    assert first.location.endswith(":2")


def test_version_from_pdf_link_and_html_kept_in_abstract():
    text = HEAD + ENTRY.format(n=1, title="T", id="2101.00001v3", abstract='Code: <a href="https://github.com/a/b">this https URL</a>')
    records, problems = parse(text)
    assert not problems
    assert records[0].arxiv_id == "2101.00001" and records[0].version == 3
    assert '<a href="https://github.com/a/b">' in records[0].abstract


def test_crlf_bom_blank_lines_and_renumbering():
    body = "\ufeff" + HEAD + "\n\n" + ENTRY.format(n=7, title="A", id="2101.00001", abstract="one") + "\n\n\n" + ENTRY.format(n=3, title="B", id="2101.00002", abstract="two")
    records, problems = parse(body.replace("\n", "\r\n"))
    assert [r.arxiv_id for r in records] == ["2101.00001", "2101.00002"]
    assert [r.abstract for r in records] == ["one", "two"]
    assert not problems and records[0].listing_date == date(2021, 1, 22)


def test_multiline_abstract_is_joined():
    text = HEAD + "### 1.T  [ :arrow_down: ](https://arxiv.org/pdf/2101.00001.pdf)\n>  first line\n>  second line\ncontinued\n"
    records, _ = parse(text)
    assert records[0].abstract == "first line\nsecond line\ncontinued"


def test_missing_link_is_reported_with_line_and_the_rest_ingests():
    text = HEAD + "### 1.No link here\n>  abstract\n" + ENTRY.format(n=2, title="B", id="2101.00002", abstract="two")
    records, problems = parse(text)
    assert [r.arxiv_id for r in records] == ["2101.00002"]
    assert len(problems) == 1 and problems[0].location == "d.md:2" and "no PDF link" in problems[0].message


def test_entry_cut_short_at_end_of_file():
    text = HEAD + ENTRY.format(n=1, title="A", id="2101.00001", abstract="one") + "### 2.Cut  [ :arrow_down: ](https://arxiv.org/pdf/2101.00002.pdf)"
    records, problems = parse(text)
    assert [r.arxiv_id for r in records] == ["2101.00001"]
    assert problems[0].location == "d.md:4" and "no abstract" in problems[0].message


def test_old_style_ids_and_unreadable_link():
    text = HEAD + ENTRY.format(n=1, title="A", id="hep-th/9901001v2", abstract="x") + "### 2.B  [ :arrow_down: ](https://example.org/paper.pdf)\n> y\n"
    records, problems = parse(text)
    assert records[0].arxiv_id == "hep-th/9901001" and records[0].version == 2
    assert "no arXiv id" in problems[0].message


def test_text_outside_entries_and_bad_date_are_reported():
    records, problems = parse("# ArXiv cs.CV --Someday\nstray text\n" + ENTRY.format(n=1, title="A", id="2101.00001", abstract="x"))
    assert len(records) == 1 and records[0].listing_date is None
    assert [p.location for p in problems] == ["d.md:1", "d.md:2"]
