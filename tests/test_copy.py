"""`harvest db copy`: whole catalogs between back ends, nothing lost, non-empty targets refused."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import insert, text, update

from harvester.catalog.db import open_catalog
from harvester.catalog.models import ArchiveCheck, Audit, RepoCheck, Repository
from harvester.ingest import ingest_source

from tests.conftest import EXAMPLE
from tests.support.catalog_dump import dump

EVERYTHING: dict = {}  # compare every table and column, run bookkeeping and alembic_version included


def full_catalog(path: str) -> None:
    """The example plus a row in every history table, a forward self-reference, booleans and NULLs."""
    engine = open_catalog(path)
    ingest_source(engine, str(EXAMPLE))
    repos = Repository.__table__
    when = datetime(2024, 5, 6, 7, 8, 9, 123456)
    with engine.begin() as conn:
        conn.execute(update(repos).where(repos.c.id == 1).values(moved_to_id=4, status="moved", checked_at=when))
        conn.execute(insert(RepoCheck.__table__).values(repository_id=1, checked_at=when, method="rest",
                                                        http_status=301, latency_ms=12.5, result="moved"))
        conn.execute(insert(Audit.__table__).values(repository_id=2, audited_at=when, method="api", score=3,
                                                    dependencies=True, training=False, placeholder=None))
        conn.execute(insert(ArchiveCheck.__table__).values(repository_id=3, checked_at=when, swh_archived=False))
    engine.dispose()


def test_round_trip_sqlite_to_any_backend_and_back_loses_nothing(cli, db, tmp_path):
    original, back = str(tmp_path / "original.db"), str(tmp_path / "back.db")
    full_catalog(original)
    assert cli("db", "copy", original, db).exit_code == 0
    assert dump(db, EVERYTHING) == dump(original, EVERYTHING)
    result = cli("db", "copy", db, back, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["papers"] == 43
    assert dump(back, EVERYTHING) == dump(original, EVERYTHING)


def test_copied_catalog_keeps_working(cli, db, tmp_path):
    """New rows after a copy get fresh ids (PostgreSQL sequences were moved past the copied ids)."""
    original = str(tmp_path / "original.db")
    full_catalog(original)
    cli("db", "copy", original, db)
    engine = open_catalog(db, create=False)
    with engine.begin() as conn:
        new_id = conn.execute(text("INSERT INTO categories (code) VALUES ('new.cat') RETURNING id")).scalar()
        highest = conn.execute(text("SELECT MAX(id) FROM categories WHERE code <> 'new.cat'")).scalar()
    engine.dispose()
    assert new_id == highest + 1


def test_non_empty_target_is_refused_unless_forced(cli, db, tmp_path):
    original = str(tmp_path / "original.db")
    full_catalog(original)
    cli("run", str(EXAMPLE), "--db", db)
    before = dump(db, EVERYTHING)
    refused = cli("db", "copy", original, db)
    assert refused.exit_code == 2 and "not empty" in refused.stderr and "--force" in refused.stderr
    assert dump(db, EVERYTHING) == before
    assert cli("db", "copy", original, db, "--force").exit_code == 0
    assert dump(db, EVERYTHING) == dump(original, EVERYTHING)


def test_source_must_be_a_catalog(cli, db, tmp_path):
    result = cli("db", "copy", str(tmp_path / "nothing.db"), db)
    assert result.exit_code == 2 and "no such catalog" in result.stderr
