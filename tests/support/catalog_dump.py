"""Catalog contents as comparable values: every table's rows, minus what differs between runs by nature.

Read through SQLAlchemy's reflected column types, so a SQLite and a PostgreSQL catalog holding the same
data dump equal (dates as dates, booleans as booleans on both).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import MetaData, create_engine, select

from harvester.catalog.db import to_url

# Run bookkeeping (ids, timestamps, tool version) legitimately differs between two builds of the same input.
VOLATILE = {
    "runs": None,  # whole table
    "run_papers": None,
    "alembic_version": None,
    "papers": {"first_run_id", "last_run_id"},
}


def dump(db: Path | str, volatile: dict | None = None) -> dict[str, list[tuple]]:
    """table -> sorted rows (volatile columns dropped); `db` is a path or an SQLAlchemy URL."""
    volatile = VOLATILE if volatile is None else volatile
    engine = create_engine(to_url(str(db)))
    try:
        metadata = MetaData()
        metadata.reflect(engine)
        result = {}
        with engine.connect() as conn:
            for name, table in sorted(metadata.tables.items()):
                skip = volatile.get(name, set())
                if skip is None:
                    continue
                columns = [c for c in table.columns if c.name not in skip]
                result[name] = sorted((tuple(r) for r in conn.execute(select(*columns))), key=repr)
        return result
    finally:
        engine.dispose()
