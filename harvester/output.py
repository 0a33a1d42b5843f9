"""What users see: tables, CSV, JSON, progress, one-line errors."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TextIO

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

# Piped output gets a wide table instead of rich's 80-column default.
_WIDTH = None if sys.stdout.isatty() else 200
stdout = Console(soft_wrap=True, width=_WIDTH)
stderr = Console(stderr=True, soft_wrap=True, width=None if sys.stderr.isatty() else 200)


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def write_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str, stream: TextIO) -> None:
    """Rows as CSV (header first) or JSON (a list of objects) on `stream`."""
    if fmt == "json":
        json.dump([dict(zip(columns, map(_plain, row))) for row in rows], stream, ensure_ascii=False, indent=1)
        stream.write("\n")
    else:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_plain(v) for v in row] for row in rows])


def print_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str = "table", title: str | None = None) -> None:
    """Rows as a terminal table, CSV or JSON (a list of objects) on standard output."""
    if fmt in ("json", "csv"):
        write_rows(columns, rows, fmt, sys.stdout)
    else:
        table = Table(title=title, show_lines=False)
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*("" if v is None else str(_plain(v)) for v in row))
        stdout.print(table)


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=1, default=_plain)
    sys.stdout.write("\n")


def error(message: str) -> None:
    """One line on standard error, never a traceback."""
    stderr.print(f"[bold red]error:[/] {escape(message)}", highlight=False)


def warn(message: str) -> None:
    stderr.print(f"[yellow]warning:[/] {escape(message)}", highlight=False)


def progress(total: int | None = None, quiet: bool = False) -> Progress:
    """A progress bar on standard error; silent when stderr is not a terminal or quiet."""
    columns = [SpinnerColumn(), TextColumn("{task.description}")]
    if total is not None:
        columns += [BarColumn(), MofNCompleteColumn()]
    else:
        columns += [TextColumn("{task.completed:,} done")]
    columns += [TextColumn("{task.fields[detail]}"), TimeElapsedColumn()]
    return Progress(*columns, console=stderr, disable=quiet or not stderr.is_terminal, transient=False)
