"""Sources: each format from real-shaped fixtures, detection by content, damage reported with its place."""

from __future__ import annotations

import gzip
import io
import json
import shutil
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harvester.records import PaperRecord, SourceProblem
from harvester.sources import FORMATS, SourceError, expand_sources, read_source
from harvester.sources.common import HEAD_SIZE

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
ROOT = Path(__file__).parents[1]
DIGEST = FIXTURES / "digest-cs.CV-2021-01-22-excerpt.md"
LISTING_2021 = FIXTURES / "listing-cs.CV-new-2021-01-22.html"
LISTING_NEW = FIXTURES / "listing-cs.CV-new-2024-shape.html"
PASTWEEK = FIXTURES / "listing-cs.CV-pastweek.html"
ABS = FIXTURES / "abs-2101.08779v3.html"
ATOM = FIXTURES / "api-query-page1.xml"
SNAPSHOT = FIXTURES / "metadata-snapshot.jsonl"


def read(spec: str | Path, **options) -> tuple[list[PaperRecord], list[SourceProblem]]:
    items = list(read_source(spec, **options))
    records = [item for item in items if isinstance(item, PaperRecord)]
    problems = [item for item in items if isinstance(item, SourceProblem)]
    assert len(records) + len(problems) == len(items)
    return records, problems


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def jsonl_row(ident: str = "2101.08779", **fields) -> bytes:
    row = {"id": ident, "title": f"Title of {ident}", "abstract": f"Abstract of {ident}.", "authors": "A. One, B. Two",
           "categories": "cs.CV cs.LG", "comments": None, "update_date": "2021-01-22",
           "versions": [{"version": "v1", "created": "Thu, 21 Jan 2021 18:59:38 GMT"}]}  # fmt: skip
    row.update(fields)
    return json.dumps(row).encode() + b"\n"


# --- each format -------------------------------------------------------------------------


def test_digest_excerpt_and_the_whole_example():
    records, problems = read(DIGEST)
    assert problems == []
    assert [r.arxiv_id for r in records] == ["2101.08674", "2101.08524"]
    assert records[0].listing_date == date(2021, 1, 22) and records[0].categories == ["cs.CV"]
    assert 'href="https://github.com/arkel23/animesion"' in records[0].abstract
    assert records[1].location == f"{DIGEST}:4"
    records, problems = read(ROOT / "examples" / "arxiv-cs.CV-2021-01-22.md")
    assert len(records) == 43 and problems == []


def test_listing_page_legacy_shape():
    records, problems = read(LISTING_2021)
    assert problems == []
    assert [r.arxiv_id for r in records] == ["2101.08779", "2101.08674", "2101.08524", "2101.08540", "2012.09841"]
    first = records[0]
    assert first.title == "Learn to Dance with AIST++: Music Conditioned 3D Dance Generation"
    assert first.authors == ["Ruilong Li", "Shan Yang", "David A. Ross", "Angjoo Kanazawa"]
    assert first.categories == ["cs.CV", "cs.GR", "cs.LG"]
    assert first.listing_date == date(2021, 1, 22)  # from 'New submissions for Fri, 22 Jan 21'
    assert first.comments == 'Project page: <a href="https://google.github.io/aichoreographer/">this https URL</a>'
    assert first.location == f"{LISTING_2021}:entry 1"
    # Anchors and <br> survive, as in the digest: the href is the only place the address is.
    assert 'href="https://github.com/mergarsal/FastCertRelPose.git"' in records[2].abstract and "<br/>" in records[2].abstract
    assert records[2].journal_ref == "Journal of Mathematical Imaging and Vision 63, 1036-1056 (2021)"
    assert records[3].categories == ["cs.LG", "cs.CV"]  # a cross-list keeps its own primary first
    assert records[4].authors[-1] == "Björn Ommer" and records[4].abstract == ""  # replacement without abstract


def test_listing_page_current_shape():
    records, problems = read(LISTING_NEW)
    assert problems == []
    assert [r.arxiv_id for r in records] == ["2101.08779", "2101.08674", "2101.08540"]
    assert all(r.listing_date == date(2021, 1, 22) for r in records)  # 'Showing new listings for Friday, 22 January 2021'
    assert records[1].abstract.endswith('href="https://github.com/arkel23/animesion" rel="external noopener nofollow">this https URL</a>')
    assert records[2].categories == ["cs.LG", "cs.CV"]


def test_pastweek_listing_dates_each_day_and_has_no_abstracts():
    records, problems = read(PASTWEEK)
    assert problems == []
    assert [(r.arxiv_id, r.listing_date) for r in records] == [
        ("2101.08779", date(2021, 1, 22)), ("2101.08674", date(2021, 1, 22)), ("2101.08345", date(2021, 1, 21))]  # fmt: skip
    assert all(r.abstract == "" for r in records)
    assert records[2].categories == ["cs.CV", "stat.ME"]


def test_listing_date_from_the_page_title_when_no_heading_has_one(tmp_path):
    html = LISTING_NEW.read_text().replace("<h3>Showing new listings for Friday, 22 January 2021</h3>", "")
    html = html.replace("new submissions</title>", "new submissions for Thu, 21 Jan 2021</title>")
    records, problems = read(write(tmp_path / "new.html", html.encode()))
    assert problems == [] and {r.listing_date for r in records} == {date(2021, 1, 21)}


def test_abstract_page():
    (record,), problems = read(ABS)
    assert problems == []
    assert (record.arxiv_id, record.version) == ("2101.08779", 3)
    assert record.title == "AI Choreographer: Music Conditioned 3D Dance Generation with AIST++"
    assert record.abstract.startswith("We present AIST++") and "Abstract:" not in record.abstract
    assert record.authors == ["Ruilong Li", "Shan Yang", "David A. Ross", "Angjoo Kanazawa"]
    assert record.categories == ["cs.CV", "cs.GR"]
    assert (record.published, record.updated) == (date(2021, 1, 21), date(2021, 7, 31))
    assert 'href="https://google.github.io/aistplusplus_dataset/"' in record.comments
    assert record.listing_date is None and record.location == f"{ABS}:entry 1"


def test_abstract_page_falls_back_to_citation_meta(tmp_path):
    html = ABS.read_text()
    page = write(tmp_path / "abs.html", (html[: html.index("<body")] + "<body><p>moved</p></body></html>").encode())
    (record,), problems = read(page)
    assert problems == [] and record.version is None  # only the body's history tells the version
    assert record.title.startswith("AI Choreographer") and record.abstract.startswith("We present AIST++")
    assert record.authors == ["Ruilong Li", "Shan Yang", "David A. Ross", "Angjoo Kanazawa"]
    assert (record.published, record.updated) == (date(2021, 1, 21), date(2021, 7, 31))


def test_atom_feed():
    records, problems = read(ATOM)
    assert problems == []
    first, second = records
    assert (first.arxiv_id, first.version) == ("2101.08779", 3)
    assert first.title == "AI Choreographer: Music Conditioned 3D Dance Generation with AIST++"
    assert first.abstract.startswith("We present AIST++") and first.abstract.endswith("aichoreographer/")
    assert first.authors == ["Ruilong Li", "Shan Yang", "David A. Ross", "Angjoo Kanazawa"]
    assert first.categories == ["cs.CV", "cs.GR"]
    assert (first.published, first.updated) == (date(2021, 1, 21), date(2021, 7, 31))
    assert first.comments.startswith("ICCV 2021") and first.location == f"{ATOM}:entry 1"
    assert second.doi == "10.1007/s10851-021-01044-0" and second.journal_ref.startswith("Journal of Mathematical")
    (old,), _ = read(FIXTURES / "api-query-page2.xml")
    assert (old.arxiv_id, old.version, old.categories) == ("hep-th/9901001", 1, ["hep-th", "gr-qc"])


def test_metadata_jsonl():
    records, problems = read(SNAPSHOT)
    assert problems == []
    first, second, third = records
    assert first.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    assert first.abstract.startswith("A fully differential") and "\n" in first.abstract  # kept, only stripped
    assert (first.version, first.published, first.updated) == (2, date(2007, 4, 2), date(2007, 7, 24))
    assert first.authors == ["C. Bal\\'azs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan"]
    assert (first.doi, first.journal_ref) == ("10.1103/PhysRevD.76.013009", "Phys.Rev.D76:013009,2007")
    assert second.authors == ["Ileana Streinu", "Louis Theran"] and second.categories == ["math.CO", "cs.CG"]
    assert third.authors == ["Edwin Arkel Rios", "Wen-Huang Cheng", "Bo-Cheng Lai"]  # affiliations dropped
    assert third.location == f"{SNAPSHOT}:3"


@pytest.mark.parametrize(
    ("authors", "names"),
    [("A. One, B. Two", ["A. One", "B. Two"]), ("A. One and B. Two", ["A. One", "B. Two"]),
     ("A. One, B. Two, and C. Three", ["A. One", "B. Two", "C. Three"]), ("A. One,B. Two", ["A. One", "B. Two"]),
     ("A. One (1), B. Two (1 and 2) ((1) MIT, (2) CERN)", ["A. One", "B. Two"]),
     ("A. One, B. Two,\n  C. Three", ["A. One", "B. Two", "C. Three"]), (" A. One,  B. Two ", ["A. One", "B. Two"])],  # fmt: skip
)
def test_jsonl_author_lists(tmp_path, authors, names):
    (record,), _ = read(write(tmp_path / "a.jsonl", jsonl_row(authors=authors)))
    assert record.authors == names


def test_shared_dev_sample_reads_whole():
    samples = [up / "shared" / "examples" / "dev-abstracts.jsonl" for up in ROOT.parents]
    sample = next((path for path in samples if path.exists()), None)
    if sample is None:
        pytest.skip("the team's shared/ directory is not next to this checkout")
    records, problems = read(sample)
    assert len(records) == 4257 and problems == []
    assert records[0].updated == date(2017, 3, 10) and records[0].published is None  # versions carry no dates


# --- detection, forcing, compression, many files, stdin ------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [(DIGEST, "digest"), (LISTING_2021, "listing"), (LISTING_NEW, "listing"), (PASTWEEK, "listing"),
     (ABS, "abs"), (ATOM, "atom"), (SNAPSHOT, "jsonl")],  # fmt: skip
)
def test_detection_is_by_content_not_name(tmp_path, fixture, expected):
    misnamed = shutil.copy(fixture, tmp_path / "paper.txt")
    assert [r.arxiv_id for r in read(misnamed)[0]] == [r.arxiv_id for r in read(fixture, format=expected)[0]]


def test_gzip_is_undone_for_every_format(tmp_path):
    for fixture in (DIGEST, LISTING_2021, ABS, ATOM, SNAPSHOT):
        packed = write(tmp_path / f"{fixture.name}.gz", gzip.compress(fixture.read_bytes()))
        assert [r.arxiv_id for r in read(packed)[0]] == [r.arxiv_id for r in read(fixture)[0]]


def test_gzip_members_back_to_back_and_a_reader_that_stops_early(tmp_path):
    members = gzip.compress(jsonl_row("2101.00001")) + gzip.compress(jsonl_row("2101.00002"))
    assert [r.arxiv_id for r in read(write(tmp_path / "two.jsonl.gz", members))[0]] == ["2101.00001", "2101.00002"]
    big = write(tmp_path / "big.jsonl.gz", gzip.compress(b"".join(jsonl_row(f"2101.{n:05d}") for n in range(30000))))
    items = read_source(big)
    assert next(items).arxiv_id == "2101.00000"
    items.close()  # the inflating thread stops with the reader
    assert not [thread for thread in threading.enumerate() if thread.name.startswith("harvester-inflate")]


def test_forced_format_reads_what_detection_cannot_see(tmp_path):
    html = LISTING_2021.read_text()
    padded = html.replace("<head>", "<head>\n" + "<!-- padding -->\n" * (HEAD_SIZE // 16), 1)
    page = write(tmp_path / "late.html", padded.encode())
    with pytest.raises(SourceError, match="not a known source format"):
        read(page)
    assert len(read(page, format="listing")[0]) == 5


def test_forced_format_that_does_not_fit_reports_instead_of_raising():
    records, problems = read(SNAPSHOT, format="digest")
    assert records == [] and problems[0].location == f"{SNAPSHOT}:1"


def test_unknown_and_empty_inputs_are_source_errors(tmp_path):
    with pytest.raises(SourceError, match=r"notes\.txt: not a known source format"):
        read(write(tmp_path / "notes.txt", b"Just some notes,\nnothing arXiv about them.\n"))
    with pytest.raises(SourceError, match="empty"):
        read(write(tmp_path / "empty.jsonl", b"\n\n"))
    with pytest.raises(SourceError, match="no such file"):
        read(tmp_path / "missing.jsonl")
    with pytest.raises(SourceError, match="unknown format 'pdf'"):
        read(SNAPSHOT, format="pdf")
    assert set(FORMATS) == {"digest", "listing", "abs", "atom", "jsonl"}


def test_directory_is_read_recursively_in_sorted_order(tmp_path):
    shutil.copy(SNAPSHOT, tmp_path / "b.jsonl")
    (tmp_path / "a").mkdir()
    shutil.copy(ATOM, tmp_path / "a" / "feed.xml")
    write(tmp_path / "a" / "zz-notes.txt", b"not a source\n")
    write(tmp_path / ".hidden.jsonl", jsonl_row("9999.99999"))
    (tmp_path / ".git").mkdir()
    shutil.copy(SNAPSHOT, tmp_path / ".git" / "x.jsonl")
    expected = [str(tmp_path / "a" / "feed.xml"), str(tmp_path / "a" / "zz-notes.txt"), str(tmp_path / "b.jsonl")]
    assert list(expand_sources([str(tmp_path)])) == expected
    records, problems = read(tmp_path)
    assert [r.arxiv_id for r in records] == ["2101.08779", "2101.08524", "0704.0001", "0704.0002", "2101.08674"]
    assert [p.location for p in problems] == [expected[1]] and "not a known source format" in problems[0].message


def test_glob_and_mixed_specs(tmp_path):
    for name in ("day2.jsonl", "day1.jsonl", "other.md"):
        shutil.copy(SNAPSHOT if name.endswith("jsonl") else DIGEST, tmp_path / name)
    pattern = str(tmp_path / "day*.jsonl")
    assert list(expand_sources([pattern, "-", "https://arxiv.org/list/cs.CV/new"])) == [
        str(tmp_path / "day1.jsonl"), str(tmp_path / "day2.jsonl"), "-", "https://arxiv.org/list/cs.CV/new"]  # fmt: skip
    assert len(read(pattern)[0]) == 6
    with pytest.raises(SourceError, match="no such file or directory"):
        list(expand_sources([str(tmp_path / "nothing*.jsonl")]))


def test_stdin_is_read_as_bytes_and_detected_from_its_head(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(gzip.compress(ATOM.read_bytes()))))
    records, problems = read("-")
    assert [r.arxiv_id for r in records] == ["2101.08779", "2101.08524"] and problems == []
    assert records[0].location == "<stdin>:entry 1"


def test_stdin_from_a_real_pipe():
    script = "from harvester.sources import read_source\nfor item in read_source('-'): print(item.location)"
    done = subprocess.run([sys.executable, "-c", script], input=SNAPSHOT.read_bytes(), capture_output=True, cwd=ROOT, check=True)
    assert done.stdout.decode().split() == ["<stdin>:1", "<stdin>:2", "<stdin>:3"]


# --- damage: reported with its place, the rest still read ------------------------------------------


def test_jsonl_bad_lines_are_located_and_skipped(tmp_path):
    lines = [
        jsonl_row("2101.00001"),
        b'{"id": "2101.00002", "title": "cut\n',  # invalid JSON
        b"\n",  # blank: skipped silently
        b"[1, 2]\n",
        jsonl_row("2101.00003")[:-1].replace(b'"id": "2101.00003", ', b"") + b"\n",  # no id
        jsonl_row("704.0001"),  # the id lost its leading zero on a trip through a spreadsheet
        jsonl_row("2101.00004", title=None),
        jsonl_row("2101.00005", versions=[{"version": "first"}]),
        jsonl_row("2101.00006", versions=[], update_date="2021-13-45"),
        jsonl_row("2101.00007", versions=[{"version": "v1"}, {"version": "v2", "created": None}]),
        b'{"id": "2101.00008", "title": "cut short', # truncated last line
    ]  # fmt: skip
    records, problems = read(write(tmp_path / "bad.jsonl", b"".join(lines)))
    assert [(r.arxiv_id, r.version, r.updated) for r in records] == [
        ("2101.00001", 1, date(2021, 1, 21)), ("2101.00007", 2, date(2021, 1, 22))]  # fmt: skip
    name = tmp_path / "bad.jsonl"
    assert [(p.location, p.message) for p in problems] == [
        (f"{name}:2", "invalid JSON: Invalid control character at column 35; skipped"),
        (f"{name}:4", "an array, not a JSON object; skipped"),
        (f"{name}:5", "no 'id' field; skipped"),
        (f"{name}:6", "'id' '704.0001' is not an arXiv identifier; skipped"),
        (f"{name}:7", "'title' is null: None; skipped"),
        (f"{name}:8", "malformed 'versions' entry {'version': 'first'}; skipped"),
        (f"{name}:9", "'update_date' '2021-13-45' is not a YYYY-MM-DD date; skipped"),
        (f"{name}:11", "invalid JSON: Unterminated string starting at column 31 (line cut short?); skipped"),
    ]  # fmt: skip


def test_crlf_bom_bad_utf8_and_nul_bytes(tmp_path):
    data = (
        b"\xef\xbb\xbf"
        + jsonl_row("2101.00001").replace(b"\n", b"\r\n")
        + jsonl_row("2101.00002").replace(b"Title of", b"Title \xff\xfe of")
        + jsonl_row("2101.00003").replace(b"Abstract", b"Abs\x00tract")
        + jsonl_row("2101.00004").replace(b"Title of", b"Caf\xe9 of")
    )
    records, problems = read(write(tmp_path / "damaged.jsonl", data))
    assert [r.arxiv_id for r in records] == ["2101.00001", "2101.00002", "2101.00003", "2101.00004"]
    assert records[1].title == "Title \ufffd\ufffd of 2101.00002" and records[2].abstract == "Abstract of 2101.00003."
    # Each kind of damage once, where first met.
    assert [(p.location.rsplit(":", 1)[1], p.message.split(" (")[0].split(";")[0]) for p in problems] == [
        ("2", "invalid UTF-8"), ("3", "NUL bytes dropped")]  # fmt: skip


def test_digest_damage(tmp_path):
    text = DIGEST.read_bytes().replace(b"### 12.", b"### 12.Broken entry without link\n>  text\n### 13.", 1)
    text = text.replace(b"challenging", b"chall\xffenging").replace(b"\n", b"\r\n")
    records, problems = read(write(tmp_path / "digest.md", b"\xef\xbb\xbf" + text))
    assert [r.arxiv_id for r in records] == ["2101.08674", "2101.08524"]
    assert [(p.location.rsplit(":", 1)[1], p.message.split(";")[0]) for p in problems] == [
        ("3", "invalid UTF-8 (byte 36 of the line) replaced by U+FFFD"),
        ("4", "entry has no PDF link, so no arXiv id")]  # fmt: skip


def test_truncated_and_corrupt_gzip(tmp_path):
    packed = gzip.compress(b"".join(jsonl_row(f"2101.{n:05d}") for n in range(2000)))
    records, problems = read(write(tmp_path / "cut.jsonl.gz", packed[: len(packed) * 2 // 3]))
    assert 0 < len(records) < 2000
    assert problems[-1].location == f"{tmp_path / 'cut.jsonl.gz'}:{len(records) + 1}"
    assert "compressed data ends early" in problems[-1].message
    corrupt = packed[:400] + bytes(200) + packed[600:]
    with pytest.raises(SourceError, match=r"corrupt\.jsonl\.gz: cannot be read: read error: Error -3"):
        read(write(tmp_path / "corrupt.jsonl.gz", corrupt))


def test_listing_damage(tmp_path):
    html = LISTING_2021.read_text()
    html = html.replace('<a href="/abs/2101.08674" title="Abstract">arXiv:2101.08674</a>', "no id here", 1)
    html = html.replace("Graphics", "Gra\0phics")
    cut = html[: html.index("<h3>Replacements")] + "<dl><dt><a>arXiv:2012.09841</a></dt>"
    records, problems = read(write(tmp_path / "cut.html", cut.encode()))
    assert [r.arxiv_id for r in records] == ["2101.08779", "2101.08524", "2101.08540"]
    assert records[0].categories == ["cs.CV", "cs.GR", "cs.LG"]
    assert [(p.location.split(":", 1)[1], p.message.split(";")[0]) for p in problems] == [
        (str(cut[: cut.index("Gra\0phics")].count("\n") + 1), "NUL bytes dropped"),
        (str(cut.count("\n") + 1), "page ends before </html> (truncated?)"),
        ("entry 2", "no arXiv:ID link in the <dt>"),
        ("entry 5", "last <dt> has no <dd> (page cut short?)"),
    ]  # fmt: skip


def test_atom_damage(tmp_path):
    feed = ATOM.read_text()
    error = feed.replace("http://arxiv.org/abs/2101.08779v3</id>", "http://arxiv.org/api/errors#incorrect_id_format_for_2101.0877</id>", 1)
    records, problems = read(write(tmp_path / "error.xml", error.encode()))
    assert [r.arxiv_id for r in records] == ["2101.08524"]
    assert problems == [SourceProblem(f"{tmp_path / 'error.xml'}:entry 1", problems[0].message)]
    assert problems[0].message.startswith("arXiv API error: We present AIST++")
    cut = feed[: feed.index("<title>Fast and Robust")]
    records, problems = read(write(tmp_path / "cut.xml", cut.encode()))
    assert [r.arxiv_id for r in records] == ["2101.08779"]
    assert problems[0].location.endswith("cut.xml:entry 2") and "not well-formed XML" in problems[0].message


def test_atom_forced_on_another_xml_document(tmp_path):
    rss = b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>arXiv cs.CV</title></channel></rss>\n'
    records, problems = read(write(tmp_path / "feed.rss", rss), format="atom")
    assert records == [] and [p.message for p in problems] == ["root element is 'rss', not an Atom <feed>"]


def test_atom_refuses_a_dtd(tmp_path):
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&b;</title></entry></feed>\n')  # fmt: skip
    records, problems = read(write(tmp_path / "bomb.xml", bomb.encode()), format="atom")
    assert records == [] and "refusing a feed with a DTD" in problems[0].message


def test_ten_megabyte_lines_are_linear(tmp_path):
    huge = "word " * 2_000_000
    data = jsonl_row("2101.00001", abstract=huge) + b"x" * 10_000_000 + b"\n" + jsonl_row("2101.00002")
    digest = b"# ArXiv cs.CV --Fri, 22 Jan 2021\n### 1.Title  [ :arrow_down: ](https://arxiv.org/pdf/2101.08779.pdf)\n>" + huge.encode() + b"\n"
    started = time.perf_counter()
    records, problems = read(write(tmp_path / "huge.jsonl", data))
    (record,), _ = read(write(tmp_path / "huge.md", digest))
    assert time.perf_counter() - started < 5
    assert [r.arxiv_id for r in records] == ["2101.00001", "2101.00002"] and len(records[0].abstract) == len(huge) - 1
    assert [p.location.rsplit(":", 1)[1] for p in problems] == ["2"] and len(problems[0].message) < 120
    assert len(record.abstract) == len(huge) - 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=1, max_value=4000), noise=st.binary(min_size=1, max_size=40))
def test_damaged_bytes_never_raise_out(tmp_path, cut, noise):
    """Any fixture cut short and spliced with junk: problems, never an exception (bar a SourceError up front)."""
    for fixture in (SNAPSHOT, ATOM, LISTING_2021, DIGEST):
        data = fixture.read_bytes()
        position = cut % len(data)
        path = write(tmp_path / "damaged", data[:position] + noise + data[position : position + cut])
        try:
            items = list(read_source(str(path)))
        except SourceError:
            continue
        assert all(isinstance(item, PaperRecord | SourceProblem) for item in items)
