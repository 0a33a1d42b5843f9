"""Hostile input: `harvest run` never shows a traceback, names the location of what it skips, keeps ingesting
the rest, and stores SQL-looking text verbatim (bound parameters, never spliced SQL)."""

from __future__ import annotations

import sqlite3
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from harvester.cli import app
from tests.support import figures
from tests.support.harvest import harvest
from tests.support.hostile import DIGEST_CASES, GOOD_AFTER, GOOD_BEFORE, JSONL_CASES, SQL_TITLES, wrap, wrap_jsonl
from tests.support.tolerance import assert_tolerated, stored_ids, stored_titles

# A hostile input must be dealt with in this time; more is a denial of service (and would stall CI).
HOSTILE_TIMEOUT = 20


def _run_hostile(source: Path, db: Path, *extra: str):
    """`harvest run` on one hostile input, counted for the figures; running out of time counts as a failure."""
    figures.count("hostile_inputs")
    try:
        result = harvest("run", str(source), "--db", str(db), *extra, timeout=HOSTILE_TIMEOUT)
    except subprocess.TimeoutExpired:
        figures.count("hostile_timeouts")
        pytest.fail(f"{source.name}: not handled within {HOSTILE_TIMEOUT} s")
    figures.count("hostile_tracebacks", "Traceback" in result.output)
    return result


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(DIGEST_CASES))
def test_hostile_digest_is_skipped_with_location_and_the_rest_ingests(tmp_path, case):
    source = tmp_path / f"{case}.md"
    source.write_bytes(wrap(DIGEST_CASES[case]()))
    db = tmp_path / "catalog.db"
    result = _run_hostile(source, db)
    assert_tolerated(result.returncode, result.stdout, result.stderr, source)
    assert {GOOD_BEFORE, GOOD_AFTER} <= stored_ids(db)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_sql_looking_titles_are_stored_verbatim(tmp_path):
    source = tmp_path / "sql.md"
    source.write_bytes(wrap(DIGEST_CASES["sql_titles"]()))
    db = tmp_path / "catalog.db"
    assert harvest("run", str(source), "--db", str(db)).returncode == 0
    titles = stored_titles(db)
    assert [titles[f"2101.9010{i}"] for i in range(len(SQL_TITLES))] == list(SQL_TITLES)
    # ...and every table the titles threaten is still there with its rows.
    assert {GOOD_BEFORE, GOOD_AFTER} <= set(titles)


# ---- property tests: random digests, in-process so hypothesis can try many ----

_runner = CliRunner()
_LINE_STARTS = st.sampled_from(["", "#", "# ArXiv cs.CV --", "###", "### 1.", ">", "> https://github.com/", "[ :arrow_down: ](",
                                "https://arxiv.org/pdf/2101.", "<a href=\"", "](https://arxiv.org/pdf/2101.00001v",
                                "\x00", "\ufeff"])
_hostile_line = st.tuples(_LINE_STARTS, st.text(max_size=80)).map("".join)
_hostile_middle = st.one_of(
    st.lists(_hostile_line, max_size=30).map(lambda lines: "\n".join(lines).encode("utf-8", "surrogatepass")),
    st.binary(max_size=2000),
)


def _ingest(content: bytes) -> tuple[Path, object]:
    folder = Path(tempfile.mkdtemp(prefix="hostile-"))
    source = folder / "input.md"
    source.write_bytes(content)
    result = _runner.invoke(app, ["run", str(source), "--db", str(folder / "catalog.db")], catch_exceptions=True)
    return folder, result


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_hostile_middle)
def test_random_digest_never_crashes_and_the_rest_ingests(middle):
    folder, result = _ingest(wrap(middle))
    figures.count("hostile_inputs")
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    figures.count("hostile_tracebacks", crashed)
    assert not crashed, repr(result.exception)
    assert_tolerated(result.exit_code, result.stdout, result.stderr, folder / "input.md")
    assert {GOOD_BEFORE, GOOD_AFTER} <= stored_ids(folder / "catalog.db")


# NUL bytes are dropped from the input with a located warning (tested with the corpus above), so a title is
# verbatim apart from them.
_title = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x00"), min_size=1, max_size=120).filter(
    lambda t: t == t.strip() and ":arrow_down:" not in t and not t[0].isdigit() and not t.startswith("."))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_title, st.sampled_from(SQL_TITLES)))
def test_any_title_is_stored_verbatim(title):
    # Digits or a dot first would be read as the entry number ("### 1.Title"); the digest format owns that.
    entry = f"### 1.{title}  [ :arrow_down: ](https://arxiv.org/pdf/2101.90100.pdf)\n> abstract\n"
    folder, result = _ingest(wrap(entry.encode("utf-8")))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert stored_titles(folder / "catalog.db").get("2101.90100") == title


# ---- metadata JSON lines: active once a JSON lines reader is on this branch ----

def _jsonl_supported(tmp_path: Path) -> bool:
    probe = tmp_path / "probe.jsonl"
    probe.write_bytes(wrap_jsonl(b""))
    result = harvest("run", str(probe), "--db", str(tmp_path / "probe.db"), "--format", "jsonl")
    return result.returncode == 0 and {GOOD_BEFORE, GOOD_AFTER} <= stored_ids(tmp_path / "probe.db")


@pytest.fixture(scope="module")
def jsonl_supported(tmp_path_factory) -> bool:
    return _jsonl_supported(tmp_path_factory.mktemp("probe"))


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(JSONL_CASES))
def test_hostile_json_lines_are_skipped_with_location_and_the_rest_ingests(tmp_path, case, jsonl_supported):
    if not jsonl_supported:
        pytest.skip("no JSON lines reader on this branch yet (sources branch)")
    source = tmp_path / f"{case}.jsonl"
    source.write_bytes(wrap_jsonl(JSONL_CASES[case]()))
    db = tmp_path / "catalog.db"
    result = _run_hostile(source, db, "--format", "jsonl")
    assert_tolerated(result.returncode, result.stdout, result.stderr, source)
    assert {GOOD_BEFORE, GOOD_AFTER} <= stored_ids(db)


@pytest.mark.parametrize("line", [100, 1234])
def test_problem_location_survives_terminal_rendering(cli, tmp_path, line):
    """`FILE:100: reason` must print as such: ":100:" and ":1234:" are also emoji codes to a terminal renderer."""
    good = [f"### {i}.T  [ :arrow_down: ](https://arxiv.org/pdf/2101.{i:05d}.pdf)\n> a" for i in range((line - 2) // 2)]
    source = tmp_path / "located.md"
    source.write_text("\n".join(["# ArXiv cs.CV --Fri, 22 Jan 2021", *good, "### No link", "> a"]) + "\n")
    assert source.read_text().splitlines()[line - 1] == "### No link"
    result = cli("run", str(source), "--db", str(tmp_path / "catalog.db"))
    assert f"{source}:{line}: entry has no PDF link" in result.stderr, result.stderr


def test_file_name_with_markup_is_shown_verbatim(cli, tmp_path):
    source = tmp_path / "a:smile:[bold]b.md"
    source.write_text("# ArXiv cs.CV --Fri, 22 Jan 2021\n### No link\n> a\n")
    result = cli("run", str(source), "--db", str(tmp_path / "catalog.db"))
    assert f"{source}:2: entry has no PDF link" in result.stderr, result.stderr
