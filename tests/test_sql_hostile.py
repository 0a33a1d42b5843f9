"""`harvest sql` stays read-only against disguised writes: comments, odd case, several statements, CTEs that
write, VACUUM INTO, REPLACE INTO, ATTACH, pragma changes and extension loading."""

from __future__ import annotations

import pytest

from tests.conftest import EXAMPLE
from tests.support import figures
from tests.support.catalog_dump import dump

HOSTILE_SQL = [
    "/* harmless */ DELETE FROM papers",
    "-- comment\nDELETE FROM papers",
    "dElEtE fRoM papers",
    "SELECT 1; DELETE FROM papers",
    "SELECT 1;\nDROP TABLE papers;",
    "WITH doomed AS (SELECT id FROM papers) DELETE FROM papers WHERE id IN (SELECT id FROM doomed)",
    "WITH x AS (SELECT 1) INSERT INTO categories (code) SELECT 'x' FROM x",
    "WITH x AS (SELECT 1) UPDATE papers SET title = 'pwned'",
    "VACUUM INTO '{tmp}/copy.db'",
    "vacuum",
    "REPLACE INTO categories (id, code) VALUES (1, 'pwned')",
    "INSERT OR REPLACE INTO categories (code) VALUES ('pwned')",
    "UPSERT INTO categories (code) VALUES ('x')",
    "ATTACH DATABASE '{tmp}/evil.db' AS evil",
    "attach '{tmp}/evil.db' as evil",
    "ATTACH 'file:{tmp}/evil.db?mode=rwc' AS evil",
    "SELECT * FROM pragma_foreign_keys; PRAGMA foreign_keys = OFF",
    "PRAGMA writable_schema = ON",
    "pragma journal_mode = delete",
    "PRAGMA main.user_version = 42",
    "PRAGMA query_only = OFF",
    "PRAGMA query_only = 0; DELETE FROM papers",
    "SELECT load_extension('/tmp/evil.so')",
    "SELECT LOAD_EXTENSION('/tmp/evil.so', 'entry')",
    "select writefile('{tmp}/out.txt', 'x')",
    "SELECT readfile('/etc/passwd')",
    "CREATE TEMP TABLE t (x)",
    "CREATE TEMP VIEW v AS SELECT 1",
    "CREATE TRIGGER t AFTER INSERT ON papers BEGIN DELETE FROM papers; END",
    "DROP VIEW v_paper_repos",
    "ALTER TABLE papers RENAME TO gone",
    "REINDEX",
    "ANALYZE",
    "BEGIN; DELETE FROM papers; COMMIT",
    "SAVEPOINT s",
    "DETACH DATABASE main",
    "SELECT 1 /* ; DELETE FROM papers */; DELETE FROM papers",
]


@pytest.fixture(scope="module")
def example_catalog(tmp_path_factory):
    from typer.testing import CliRunner

    from harvester.cli import app

    db = tmp_path_factory.mktemp("sql") / "catalog.db"
    assert CliRunner().invoke(app, ["run", str(EXAMPLE), "--db", str(db)]).exit_code == 0
    return db


@pytest.mark.parametrize("statement", HOSTILE_SQL)
def test_sql_refuses_disguised_writes(cli, example_catalog, tmp_path, statement):
    before = dump(example_catalog)
    statement = statement.format(tmp=tmp_path)
    # "--" ends the options: a statement starting with "-- comment" is otherwise taken for an option.
    result = cli("sql", "--db", str(example_catalog), "--", statement)
    figures.count("sql_hostile_statements")
    assert result.exit_code != 0, f"accepted: {statement}"
    assert "Traceback" not in result.output
    assert len([line for line in result.stderr.splitlines() if line.strip()]) == 1, result.stderr
    assert dump(example_catalog) == before
    assert not any(tmp_path.iterdir()), "a file was written: " + str(list(tmp_path.iterdir()))


def test_reads_still_work_after_the_refusals(cli, example_catalog):
    result = cli("sql", "WITH x AS (SELECT COUNT(*) AS n FROM papers) SELECT n FROM x", "--db", str(example_catalog),
                 "--format", "csv")
    assert result.exit_code == 0 and result.stdout.splitlines() == ["n", "43"]
