"""`harvest report`: the catalog as one self-contained HTML page."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.exc import SQLAlchemyError

from harvester import output
from harvester.catalog.db import CatalogError, open_catalog
from harvester.cli import DbOption, app, fail, one_line
from harvester.report import html, queries


@app.command()
def report(
    out: Annotated[Path, typer.Option("--out", help="The HTML file to write.")] = Path("report.html"),
    db: DbOption = None,
    title: Annotated[str, typer.Option("--title", help="The page's title.")] = "harvester report",
) -> None:
    """Write an HTML report (charts and sortable tables, viewable offline) from the catalog's public views."""
    try:
        data = queries.load(open_catalog(db, create=False))
    except (CatalogError, SQLAlchemyError) as error:
        raise fail(one_line(error))
    page = html.render(data, title, datetime.now(timezone.utc))
    try:
        out.write_text(page, encoding="utf-8")
    except OSError as error:
        raise fail(f"{out}: {error.strerror}")
    output.stderr.print(f"wrote {out} ({data.papers:,} papers, {data.repositories:,} repositories)", highlight=False)
