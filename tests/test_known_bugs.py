"""The smallest reproductions of bugs the fault suites found (the suites show the same failures at scale)."""

from __future__ import annotations

from datetime import date

from harvester.catalog.db import open_catalog
from harvester.catalog.store import CatalogWriter
from harvester.records import PaperRecord
from tests.support import known_bugs


def _paper(version: int, abstract: str) -> PaperRecord:
    return PaperRecord(arxiv_id="2101.00001", version=version, title="T", abstract=abstract,
                       listing_date=date(2021, 1, 22), categories=["cs.CV"])


@known_bugs.UPDATE_DATES
def test_a_new_version_of_a_dated_paper_replaces_the_old(tmp_path):
    engine = open_catalog(str(tmp_path / "catalog.db"))
    with engine.begin() as conn:
        run_id = conn.exec_driver_sql(
            "INSERT INTO runs (source, started_at, status, papers_seen, papers_new, papers_updated, papers_unchanged,"
            " problems, tool_version) VALUES ('t', '2021-01-01', 'running', 0, 0, 0, 0, 0, 't')").lastrowid
    writer = CatalogWriter(engine, run_id)
    writer.write([_paper(1, "Code: https://github.com/a/b .")])
    counts = writer.write([_paper(2, "Code: https://github.com/a/c .")])
    assert counts.updated == 1
