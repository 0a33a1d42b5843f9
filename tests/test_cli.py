"""`harvest` end to end: run, sql, db upgrade, errors, and the shipped example catalog."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from tests.conftest import EXAMPLE, ROOT
from tests.support.catalog_dump import dump


def test_run_example_then_query_views(cli, db):
    result = cli("run", str(EXAMPLE), "--db", db, "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary[0]["papers"] == 43 and summary[0]["new"] == 43 and summary[0]["repositories"] == 4
    rows = json.loads(cli("sql", "SELECT arxiv_id, owner, name, link_status FROM v_paper_repos ORDER BY arxiv_id",
                          "--db", db, "--format", "json").stdout)
    assert {"arxiv_id": "2101.08466", "owner": "ucas-vg", "name": "Anti-UAV", "link_status": "promised"} in rows
    assert len(rows) == 4


def test_rerun_reports_everything_unchanged(cli, db):
    cli("run", str(EXAMPLE), "--db", db)
    again = json.loads(cli("run", str(EXAMPLE), "--db", db, "--json").stdout)[0]
    assert (again["new"], again["updated"], again["unchanged"]) == (0, 0, 43)


def test_several_sources_and_db_from_environment(cli, tmp_path, db):
    copy = tmp_path / "copy.md"
    shutil.copy(EXAMPLE, copy)
    result = cli("run", str(EXAMPLE), str(copy), "--json", env={"HARVEST_DB": db})
    rows = json.loads(result.stdout)
    assert [r["source"] for r in rows] == [str(EXAMPLE), str(copy), "total"]
    assert rows[2]["papers"] == 86 and rows[1]["unchanged"] == 43


def test_bad_entries_are_one_line_problems_and_the_rest_ingests(cli, tmp_path, db):
    bad = tmp_path / "bad.md"
    bad.write_text("# ArXiv cs.CV --Fri, 22 Jan 2021\n### 1.No link\n> text\n"
                   "### 2.Fine  [ :arrow_down: ](https://arxiv.org/pdf/2101.00002.pdf)\n> ok\n")
    result = cli("run", str(bad), "--db", db, "--json")
    assert result.exit_code == 1
    assert f"{bad}:2: entry has no PDF link" in " ".join(result.stderr.split())
    assert "Traceback" not in result.output
    assert json.loads(result.stdout)[0]["papers"] == 1


def test_missing_file_is_a_clear_error(cli, db, tmp_path):
    result = cli("run", str(tmp_path / "nope.md"), "--db", db)
    assert result.exit_code == 2
    assert "nope.md" in result.stderr and "Traceback" not in result.output


def test_sql_refuses_writes_and_keeps_the_catalog(cli, db):
    cli("run", str(EXAMPLE), "--db", db)
    before = dump(db)
    for statement in ("DELETE FROM papers", "DROP TABLE papers", "INSERT INTO categories (code) VALUES ('x')",
                      "UPDATE papers SET title = 'x'", "ATTACH DATABASE ':memory:' AS other",
                      "PRAGMA foreign_keys = OFF", "PRAGMA journal_mode = DELETE", "SELECT load_extension('evil')",
                      "CREATE TABLE t (x)", "CREATE TABLE t (x integer)", "VACUUM", "SELECT 1; DELETE FROM papers",
                      "COMMIT; DELETE FROM papers", "SELECT nextval('papers_id_seq')"):
        result = cli("sql", statement, "--db", db)
        assert result.exit_code == 1, statement
        assert "Traceback" not in result.output
    assert dump(db) == before


def test_sql_formats(cli, db):
    cli("run", str(EXAMPLE), "--db", db)
    csv_out = cli("sql", "SELECT arxiv_id, link_status FROM v_paper_repos ORDER BY arxiv_id", "--db", db, "--format", "csv").stdout
    assert csv_out.splitlines()[0] == "arxiv_id,link_status" and len(csv_out.splitlines()) == 5
    table = cli("sql", "SELECT COUNT(*) AS n FROM papers", "--db", db).stdout
    assert "43" in table


def test_db_upgrade_creates_a_catalog(cli, db):
    result = cli("db", "upgrade", "--db", db)
    assert result.exit_code == 0
    assert cli("sql", "SELECT COUNT(*) FROM papers", "--db", db, "--format", "csv").stdout.splitlines()[1] == "0"


def test_console_script_help():
    out = subprocess.run([sys.executable, "-m", "harvester", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and "run" in out.stdout and "sql" in out.stdout


def test_shipped_example_catalog_matches_the_documented_command(cli, db):
    """catalog.db.example is `harvest run examples/arxiv-cs.CV-2021-01-22.md --db catalog.db.example`."""
    result = cli("run", str(EXAMPLE), "--db", db)
    assert result.exit_code == 0
    assert dump(db) == dump(ROOT / "catalog.db.example")
