"""`harvest export`: every public view round-trips through CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest

from harvester.report.queries import PUBLIC_VIEWS
from tests.test_report import fill, ingest


def view_rows(db, view) -> tuple[list[str], list[tuple]]:
    with sqlite3.connect(db) as conn:
        cursor = conn.execute(f"SELECT * FROM {view}")
        return [d[0] for d in cursor.description], cursor.fetchall()


@pytest.fixture
def full_db(cli, db_path):
    ingest(cli, db_path)
    fill(db_path)
    return db_path


def test_every_view_round_trips_through_csv_and_json(cli, full_db, tmp_path):
    for fmt in ("csv", "json"):
        result = cli("export", "--format", fmt, "--db", str(full_db), "--out", str(tmp_path / fmt))
        assert result.exit_code == 0, result.output
        assert sorted(p.name for p in (tmp_path / fmt).iterdir()) == sorted(f"{v}.{fmt}" for v in PUBLIC_VIEWS)
    for view in PUBLIC_VIEWS:
        columns, rows = view_rows(full_db, view)
        assert rows, view  # the filled catalog has something in every view
        as_json = json.loads((tmp_path / "json" / f"{view}.json").read_text(encoding="utf-8"))
        assert as_json == [dict(zip(columns, row)) for row in rows]
        with (tmp_path / "csv" / f"{view}.csv").open(encoding="utf-8", newline="") as stream:
            as_csv = list(csv.reader(stream))
        assert as_csv == [columns] + [["" if v is None else str(v) for v in row] for row in rows]


def test_one_view_to_stdout_or_a_file(cli, full_db, tmp_path):
    out = cli("export", "--format", "csv", "--view", "v_code_promises", "--db", str(full_db)).stdout
    assert next(csv.reader(io.StringIO(out))) == ["arxiv_id", "title", "evidence"]
    assert "The source code will be released soon." in out
    target = tmp_path / "promises.json"
    assert cli("export", "--format", "json", "--view", "v_code_promises", "--db", str(full_db), "--out", str(target)).exit_code == 0
    assert json.loads(target.read_text())[0]["arxiv_id"] == "2101.08467"


@pytest.mark.parametrize("args, message", [
    (("--format", "xml"), "--format must be csv or json"),
    (("--view", "papers"), "unknown view 'papers'"),
    ((), "several views need --out FOLDER"),
])
def test_bad_requests_are_one_line_errors(cli, full_db, args, message):
    result = cli("export", "--db", str(full_db), *args)
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output
