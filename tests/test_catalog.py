"""The catalog: migrations, idempotent writes, versions, identity, interrupted runs."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import insert, inspect

from harvester.catalog import store
from harvester.catalog.models import Run
from harvester.catalog.db import current_revision, head_revision, make_engine, open_catalog, upgrade
from harvester.ingest import ingest_source
from harvester.records import PaperRecord
from harvester.sources import jsonl

from tests.conftest import EXAMPLE
from tests.support.catalog_dump import dump

RUNS = Run.__table__

PUBLIC_VIEWS = {
    "v_papers": ["arxiv_id", "title", "listing_date", "published", "primary_category", "code"],
    "v_paper_repos": ["arxiv_id", "title", "forge", "owner", "name", "repo_url", "link_status"],
    "v_paper_datasets": ["arxiv_id", "title", "dataset", "role", "evidence"],
    "v_code_promises": ["arxiv_id", "title", "evidence"],
    "v_repo_status": ["forge", "owner", "name", "repo_url", "status", "detail", "http_status", "moved_to", "checked_at"],
    "v_repo_audit": ["forge", "owner", "name", "repo_url", "audited_at", "score", "dependencies", "training",
                     "evaluation", "pretrained", "results", "license", "placeholder", "cites_paper", "last_commit_at"],
    "v_repo_archive": ["forge", "owner", "name", "repo_url", "status", "swh_archived", "swh_last_visit",
                       "wayback_url", "wayback_timestamp", "checked_at"],
}


def start_run(engine) -> int:
    with engine.begin() as conn:
        return conn.execute(insert(RUNS).values(
            source="t", started_at=datetime(2021, 1, 1), status="running", tool_version="t")).inserted_primary_key[0]


def write(engine, records, run_id=None):
    return store.CatalogWriter(engine, run_id or start_run(engine)).write(records)


def paper(arxiv_id="2101.00001", version=1, abstract="Code: https://github.com/Foo/Bar.", **kw) -> PaperRecord:
    return PaperRecord(arxiv_id=arxiv_id, title=kw.pop("title", "A title"), abstract=abstract, version=version, **kw)


def test_migrations_from_empty_to_head_and_back(db):
    engine = make_engine(db)
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    names = inspect(engine)
    for view, columns in PUBLIC_VIEWS.items():
        assert [c["name"] for c in names.get_columns(view)] == columns
    from alembic import command
    from harvester.catalog.db import _alembic_config
    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
    assert set(inspect(make_engine(db)).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert current_revision(engine) == head_revision()


def test_schema_has_foreign_keys_on_and_opens_in_plain_sqlite(db_path):
    """SQLite only: pragmas and the file opened by a plain sqlite3 client."""
    engine = open_catalog(str(db_path))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    write(engine, [paper()])
    plain = sqlite3.connect(db_path)
    assert plain.execute("SELECT owner, name, link_status FROM v_paper_repos").fetchall() == [("Foo", "Bar", "released")]


def test_rerun_changes_nothing(db):
    engine = open_catalog(db)
    first = ingest_source(engine, str(EXAMPLE))
    before = dump(db)
    second = ingest_source(engine, str(EXAMPLE))
    assert first.counts.new == 43 and second.counts.new == 0 and second.counts.unchanged == 43
    assert dump(db) == before
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM run_papers").scalar() == 86
        assert conn.exec_driver_sql("SELECT status FROM runs ORDER BY id").scalars().all() == ["completed", "completed"]


def test_newer_version_updates_in_place_older_is_ignored(db):
    engine = open_catalog(db)
    write(engine, [paper(version=1, abstract="Code will be released at https://github.com/foo/bar.",
                         listing_date=date(2021, 1, 22), published=date(2021, 1, 21))])
    counts = write(engine, [paper(version=2, abstract="Code: https://github.com/foo/baz.",
                                  listing_date=date(2021, 1, 29), published=date(2021, 1, 21))])
    assert counts.updated == 1
    counts = write(engine, [paper(version=1, abstract="Code: https://github.com/foo/old.")])
    assert counts.updated == 0 and counts.unchanged == 1
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT arxiv_id, version FROM papers").all() == [("2101.00001", 2)]
        assert str(conn.exec_driver_sql("SELECT listing_date FROM papers").scalar()) == "2021-01-29"
        assert conn.exec_driver_sql("SELECT name, link_status FROM v_paper_repos").all() == [("baz", "released")]
        # the repository no paper links to any more stays: it may have check history
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM repositories").scalar() == 2


def test_repository_identity_is_case_insensitive_and_keeps_first_display_case(db):
    engine = open_catalog(db)
    write(engine, [
        paper("2101.00001", abstract="https://github.com/LayneH/Self-Adaptive-Training"),
        paper("2101.00002", abstract="https://github.com/layneh/self-adaptive-training.git"),
    ])
    write(engine, [paper("2101.00003", abstract="github.com/LAYNEH/SELF-ADAPTIVE-TRAINING/tree/main")])
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT owner, name FROM repositories").all() == [("LayneH", "Self-Adaptive-Training")]
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM paper_repos").scalar() == 3


def test_authors_and_categories_are_normalized(db):
    engine = open_catalog(db)
    write(engine, [
        paper("2101.00001", authors=["Ada Lovelace", "Alan Turing"], categories=["cs.CV", "cs.LG"]),
        paper("2101.00002", authors=["Alan Turing"], categories=["cs.LG"], listing_date=date(2021, 1, 22)),
    ])
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM authors").scalar() == 2
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM categories").scalar() == 2
        assert conn.exec_driver_sql(
            "SELECT p.arxiv_id, p.primary_category FROM papers p ORDER BY 1").all() == [("2101.00001", "cs.CV"), ("2101.00002", "cs.LG")]


def test_interrupted_run_is_consistent_and_rerun_completes(db, tmp_path, monkeypatch):
    reference = tmp_path / "reference.db"  # a SQLite reference: the dumps compare across back ends
    ingest_source(open_catalog(str(reference)), str(EXAMPLE))

    engine = open_catalog(db)
    real_extract = store.extract
    calls = {"n": 0}

    def dying_extract(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 25:
            raise KeyboardInterrupt
        return real_extract(*args, **kwargs)

    monkeypatch.setattr(store, "extract", dying_extract)
    with pytest.raises(KeyboardInterrupt):
        ingest_source(engine, str(EXAMPLE), batch_size=10)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM papers").scalar() == 20  # two whole batches
        assert conn.exec_driver_sql("SELECT status FROM runs").scalar() == "interrupted"
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM links WHERE paper_id NOT IN (SELECT id FROM papers)").scalar() == 0
    monkeypatch.setattr(store, "extract", real_extract)
    ingest_source(engine, str(EXAMPLE), batch_size=10)
    if engine.dialect.name == "postgresql":
        # a rolled-back batch still consumed sequence values, so surrogate ids differ from the reference
        assert {t: len(rows) for t, rows in dump(db).items()} == {t: len(rows) for t, rows in dump(reference).items()}
    else:
        assert dump(db) == dump(reference)


def test_duplicate_paper_in_one_batch_keeps_the_last(db):
    engine = open_catalog(db)
    counts = write(engine, [paper(version=1), paper(version=2, abstract="no code")])
    assert counts.seen == 1 and counts.new == 1
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version, abstract FROM papers").all() == [(2, "no code")]


# --- re-runs of a metadata snapshot: unchanged lines are not parsed again ---------------------


def snapshot_line(ident: str, abstract: str = "We use ImageNet.", **fields) -> str:
    row = {"id": ident, "title": f"Title of {ident}", "abstract": abstract, "authors": "A. One, B. Two",
           "categories": "cs.CV", "comments": None, "update_date": "2021-01-22", **fields}
    return json.dumps(row) + "\n"


def snapshot(path, lines: list[str]) -> str:
    path.write_text("".join(lines), encoding="utf-8")
    return str(path)


def parsed_ids(monkeypatch) -> list[str]:
    """The ids of the lines the JSON-lines reader builds records of from now on."""
    built: list[str] = []
    real = jsonl._record
    monkeypatch.setattr(jsonl, "_record", lambda row, *rest: built.append(row["id"]) or real(row, *rest))
    return built


def test_snapshot_rerun_parses_only_changed_lines(db, tmp_path, monkeypatch):
    engine = open_catalog(db)
    lines = [snapshot_line(f"2101.{n:05d}") for n in range(5)]
    ingest_source(engine, snapshot(tmp_path / "a.jsonl", lines))
    before = dump(db)
    built = parsed_ids(monkeypatch)
    again = ingest_source(engine, snapshot(tmp_path / "b.jsonl", lines))
    assert again.counts.unchanged == 5 and built == [] and dump(db) == before
    lines[3] = snapshot_line("2101.00003", "We use CIFAR-10 instead.")
    third = ingest_source(engine, snapshot(tmp_path / "c.jsonl", lines))
    assert built == ["2101.00003"] and (third.counts.updated, third.counts.unchanged) == (1, 4)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM run_papers").scalar() == 15


def test_snapshot_line_digest_follows_the_extractor_version(db, tmp_path, monkeypatch):
    engine = open_catalog(db)
    spec = snapshot(tmp_path / "a.jsonl", [snapshot_line("2101.00001")])
    ingest_source(engine, spec)
    monkeypatch.setattr(store, "EXTRACTOR_VERSION", "next")
    built = parsed_ids(monkeypatch)
    summary = ingest_source(engine, spec)
    assert built == ["2101.00001"] and summary.counts.updated == 1  # re-extracted by the new extractor
    built.clear()
    assert ingest_source(engine, spec).counts.unchanged == 1 and built == []


def test_unchanged_papers_read_from_other_bytes_get_the_new_line_digest(db, tmp_path, monkeypatch):
    """Same record, other bytes (a field the catalog does not keep, or a catalog older than line digests)."""
    engine = open_catalog(db)
    ingest_source(engine, snapshot(tmp_path / "a.jsonl", [snapshot_line("2101.00001", submitter="A. One")]))
    other = snapshot(tmp_path / "b.jsonl", [snapshot_line("2101.00001", submitter="B. Two")])
    built = parsed_ids(monkeypatch)
    assert ingest_source(engine, other).counts.unchanged == 1 and built == ["2101.00001"]
    assert ingest_source(engine, other).counts.unchanged == 1 and built == ["2101.00001"]  # not parsed the third time


def test_a_misleading_id_never_skips_a_line(db, tmp_path, monkeypatch):
    """The id is peeked at without parsing; a line whose first "id" is another paper's is still read."""
    engine = open_catalog(db)
    first = snapshot_line("2101.00001")
    ingest_source(engine, snapshot(tmp_path / "a.jsonl", [first]))
    tricky = '{"note": {"id": "2101.00001"}, ' + snapshot_line("2101.00002", "Other text.").removeprefix("{")
    built = parsed_ids(monkeypatch)
    summary = ingest_source(engine, snapshot(tmp_path / "b.jsonl", [first, tricky]))
    assert "2101.00002" in built and (summary.counts.unchanged, summary.counts.new) == (1, 1)


@pytest.mark.parametrize(
    ("record", "digest"),
    [
        (
            PaperRecord("2101.00001", "T", "A", 2, "c\ud800", ["X. Y", "Z"], ["cs.CL", "cs.LG"], date(2021, 1, 4),
                        date(2021, 1, 1), date(2021, 1, 3), "10.1/x", "J 1"),  # fmt: skip
            "e87a7748dff0b66ddea4287e9fffff38fa659ce2",
        ),
        (PaperRecord("2101.00002", "T", "A"), "d12433f581f79df9d28d8ea40770e6ccdcd008f5"),
        (
            PaperRecord("2101.00003", "T", "A", updated=datetime(2021, 1, 3, 12, tzinfo=timezone(timedelta(hours=1)))),
            "6f0088aae3c353548797b48dd4cfc1ac4a15aca0",
        ),
    ],
)
def test_content_hash_values_stay_as_stored(record, digest):
    """A new value would make every stored paper look changed and re-extract it."""
    assert store.content_hash(record) == digest


def test_more_authors_than_the_id_cache_holds(db, monkeypatch):
    """The writer's id caches are bounded; emptying one must never lose the ids a batch is using."""
    monkeypatch.setattr(store, "_CACHE_LIMIT", 3)
    engine = open_catalog(db)
    names = [f"Author {n}" for n in range(10)]
    teams = [names[2 * batch: 2 * batch + 4] for batch in range(4)]  # each batch: two known authors, two new
    writer = store.CatalogWriter(engine, start_run(engine))  # one writer, one cache, across batches
    for batch, team in enumerate(teams):
        writer.write([paper(f"2101.0000{batch}", authors=team)])
    with engine.connect() as conn:
        stored = conn.exec_driver_sql(
            "SELECT p.arxiv_id, a.name FROM paper_authors pa JOIN papers p ON p.id = pa.paper_id"
            " JOIN authors a ON a.id = pa.author_id ORDER BY p.arxiv_id, pa.position").all()
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM authors").scalar() == 10
    assert stored == [(f"2101.0000{batch}", name) for batch, team in enumerate(teams) for name in team]
