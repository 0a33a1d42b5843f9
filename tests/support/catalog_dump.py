"""Catalog contents as comparable values: every table's rows, minus what differs between runs by nature."""

from __future__ import annotations

import sqlite3
from pathlib import Path

# Run bookkeeping (ids, timestamps, tool version) legitimately differs between two builds of the same input.
VOLATILE = {
    "runs": None,  # whole table
    "run_papers": None,
    "alembic_version": None,
    "papers": {"first_run_id", "last_run_id"},
}


def dump(path: Path | str) -> dict[str, list[tuple]]:
    """table -> sorted rows (volatile columns dropped), read through a plain sqlite3 client."""
    conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        result = {}
        for table in sorted(tables):
            skip = VOLATILE.get(table, set())
            if skip is None:
                continue
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in skip]
            rows = conn.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
            result[table] = sorted(rows, key=repr)
        return result
    finally:
        conn.close()
