"""`harvest export`: the public views as CSV or JSON."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from sqlalchemy.exc import SQLAlchemyError

from harvester import output
from harvester.catalog.db import CatalogError, open_catalog
from harvester.cli import DbOption, app, fail, one_line
from harvester.report.export import FORMATS, export_view, export_views
from harvester.report.queries import PUBLIC_VIEWS


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", help="csv | json")] = "csv",
    views: Annotated[Optional[list[str]], typer.Option("--view", help="A public view to export (repeatable; default all).")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="A folder (one file per view), or a file for a single view; default standard output for a single view.")] = None,
    db: DbOption = None,
) -> None:
    """Export the public views: a folder with one VIEW.csv/VIEW.json per view, or one view to a file or standard output."""
    views = views or list(PUBLIC_VIEWS)
    if format not in FORMATS:
        raise fail(f"--format must be csv or json, not {format!r}")
    if unknown := [v for v in views if v not in PUBLIC_VIEWS]:
        raise fail(f"unknown view {unknown[0]!r}; one of {', '.join(PUBLIC_VIEWS)}")
    # One view may go to a named file or the terminal; several need a folder to hold a file each.
    single_file = len(views) == 1 and (out is None or (out.suffix != "" and not out.is_dir()))
    if out is None and not single_file:
        raise fail("several views need --out FOLDER (or pick one with --view NAME)")
    try:
        engine = open_catalog(db, create=False)
        if single_file and out is None:
            export_view(engine, views[0], format, sys.stdout)
        elif single_file:
            with out.open("w", encoding="utf-8", newline="") as stream:
                export_view(engine, views[0], format, stream)
        else:
            for path in export_views(engine, views, format, out):
                output.stderr.print(f"wrote {path}", highlight=False)
    except (CatalogError, SQLAlchemyError) as error:
        raise fail(one_line(error))
    except OSError as error:
        raise fail(f"{out}: {error.strerror}")
