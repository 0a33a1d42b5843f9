"""Public views to CSV or JSON files: one file per view in a folder, or one view to a stream."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from sqlalchemy import Engine

from harvester.output import write_rows
from harvester.report.queries import read_view

FORMATS = ("csv", "json")


def export_view(engine: Engine, view: str, fmt: str, stream: TextIO) -> int:
    """Write one view to `stream`; returns the number of rows."""
    with engine.connect() as conn:
        rows = read_view(conn, view)
    write_rows(rows.columns, rows.rows, fmt, stream)
    return len(rows.rows)


def export_views(engine: Engine, views: Sequence[str], fmt: str, folder: Path) -> list[Path]:
    """Write each view to FOLDER/VIEW.FMT (creating the folder); returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for view in views:
        path = folder / f"{view}.{fmt}"
        # newline="" lets the csv module write its own line ends unchanged on every platform.
        with path.open("w", encoding="utf-8", newline="") as stream:
            export_view(engine, view, fmt, stream)
        written.append(path)
    return written
